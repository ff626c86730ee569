import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Form, Submit } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { formatBytes, typeLabelOf } from '@/lib/files/format';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getMeeting } from '@/lib/meetings/queries';
import { cancelMeetingAction, setMinuteTakerAction } from '../actions';
import { nameIn } from '../../tasks/_components/labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meetings'))('title') };
}

/** One meeting: when and where, who, the agenda, and the minutes with their action items. */
export default async function MeetingPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  const { id } = await params;
  const m = await guard(getMeeting(db(), viewer, id));
  const t = await getTranslations('meetings');
  const tt = await getTranslations('tasks');
  const format = await getFormatter();
  const locale = await getLocale();
  const shown = m.attendees.length;
  const labels = m.can.setMinuteTaker ? await pickerLabels() : null;
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <Link href="/meetings" className="text-sm text-brand-600 hover:underline">← {t('title')}</Link>
      <header className="space-y-1">
        <h1 className="page-title" data-testid="meeting-heading">{m.title}</h1>
        <p className="text-sm text-slate-700">
          {t('when', { start: format.dateTime(m.startsAt, { dateStyle: 'full', timeStyle: 'short', timeZone: m.timezone }), end: format.dateTime(m.endsAt, { timeStyle: 'short', timeZone: m.timezone }) })}
          <span className="ml-2 text-xs text-slate-500">{t('timezoneNote', { tz: m.timezone })}</span>
        </p>
        {m.status === 'cancelled' ? <p className="badge bg-red-50 text-red-800" data-testid="meeting-cancelled">{t('cancelled')}</p> : null}
      </header>
      <div className="grid gap-4 md:grid-cols-3">
        <div className="space-y-4 md:col-span-2">
          {m.agendaHtml ? (
            <section className="card p-4" aria-labelledby="agenda-h">
              <h2 id="agenda-h" className="mb-2 font-semibold">{t('detail.agenda')}</h2>
              <div className="prose prose-sm max-w-none" dangerouslySetInnerHTML={{ __html: m.agendaHtml }} />
            </section>
          ) : null}
          {m.files.length > 0 ? (
            <section className="card p-4" aria-labelledby="files-h">
              <h2 id="files-h" className="mb-2 font-semibold">{t('detail.files')}</h2>
              <ul className="divide-y divide-slate-100 text-sm" data-testid="meeting-files">
                {m.files.map((f) => (
                  <li key={f.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="meeting-file">
                    <a href={`/api/files/${f.id}`} className="min-w-0 break-all text-brand-600 hover:underline" download>{f.filename}</a>
                    <span className="text-xs text-slate-500">{formatBytes(f.size, locale)} · {typeLabelOf(f.contentType)}</span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section id="minutes" className="card space-y-3 p-4" aria-labelledby="minutes-h">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 id="minutes-h" className="font-semibold">{t('detail.minutes')}{m.minutes ? <span className="ml-2 text-xs font-normal text-slate-500">{m.minutes.status === 'published' ? t('detail.version', { version: m.minutes.version }) : t('minutesDraft')}</span> : null}</h2>
              {m.can.writeMinutes ? <Link href={`/meetings/${m.id}/minutes`} className="btn-secondary" data-testid="write-minutes">{m.minutes ? t('detail.editMinutes') : t('detail.writeMinutes')}</Link> : null}
            </div>
            {m.minutes ? (
              <>
                {m.minutes.notesHtml ? <div><h3 className="text-sm font-semibold">{t('detail.notes')}</h3><div className="prose prose-sm max-w-none" dangerouslySetInnerHTML={{ __html: m.minutes.notesHtml }} /></div> : null}
                {m.minutes.decisionsHtml ? <div><h3 className="text-sm font-semibold">{t('detail.decisions')}</h3><div className="prose prose-sm max-w-none" dangerouslySetInnerHTML={{ __html: m.minutes.decisionsHtml }} /></div> : null}
              </>
            ) : <p className="text-sm text-slate-500">{t('detail.noMinutes')}</p>}
            {m.minutes ? (
              <div>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <h3 className="text-sm font-semibold">{m.can.seeAllActionItems ? t('detail.actionItems') : t('detail.yourActionItems')}</h3>
                  {m.actionItems.some((i) => i.taskId) ? <Link href={`/tasks/board?meeting=${m.id}`} className="text-sm text-brand-600 hover:underline" data-testid="meeting-board">{tt('board')} →</Link> : null}
                </div>
                {m.actionItems.length === 0 ? <p className="text-sm text-slate-500">{t('detail.noActionItems')}</p> : (
                  <ul className="mt-1 divide-y divide-slate-100 text-sm" data-testid="action-items">
                    {m.actionItems.map((i) => (
                      <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="action-item">
                        <span className="font-medium">{i.title}</span>
                        <span className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                          <span>{nameIn(locale, { name: i.ownerName, nameEn: i.ownerNameEn })}</span>
                          <span>{t('detail.due', { date: i.dueOn })}</span>
                          <span className="badge bg-slate-100 text-slate-700">{tt(`priorities.${i.priority}`)}</span>
                          {i.taskId ? <Link href={`/tasks/${i.taskId}`} className="text-brand-600 hover:underline">{t('detail.task')} →</Link> : null}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            ) : null}
            {m.history.length > 1 ? (
              <details className="text-sm" data-testid="minutes-history">
                <summary className="cursor-pointer text-slate-600">{t('detail.history', { count: m.history.length })}</summary>
                <ul className="mt-1 space-y-1 text-xs text-slate-600">
                  {m.history.map((h) => (
                    <li key={h.version}>{t('detail.historyEntry', { version: h.version, by: nameIn(locale, { name: h.editorName, nameEn: h.editorNameEn }), at: format.dateTime(h.editedAt, { dateStyle: 'medium', timeStyle: 'short' }) })}</li>
                  ))}
                </ul>
              </details>
            ) : null}
          </section>
        </div>
        <aside className="card h-fit space-y-3 p-4 text-sm">
          <dl className="space-y-2">
            <div><dt className="text-slate-500">{t('detail.organiser')}</dt><dd>{nameIn(locale, { name: m.organiserName, nameEn: m.organiserNameEn })}</dd></div>
            <div><dt className="text-slate-500">{t('detail.minuteTaker')}</dt><dd data-testid="meeting-minute-taker">{m.minuteTaker ? nameIn(locale, m.minuteTaker) : <span className="text-slate-500">{t('detail.noMinuteTaker')}</span>}</dd></div>
            {m.place ? <div><dt className="text-slate-500">{t('detail.place')}</dt><dd>{m.place}</dd></div> : null}
            {m.onlineUrl ? <div><dt className="text-slate-500">{t('detail.online')}</dt><dd className="break-all"><a href={m.onlineUrl} rel="noopener noreferrer nofollow" target="_blank" className="text-brand-600 hover:underline">{m.onlineUrl}</a></dd></div> : null}
            <div>
              <dt className="text-slate-500">{t('detail.attendees', { count: m.attendeeCount })}</dt>
              <dd data-testid="attendees">{m.attendees.map((p) => nameIn(locale, p)).join(locale === 'en' ? ', ' : '、')}{m.attendeeCount > shown ? ` ${t('detail.attendeesMore', { count: m.attendeeCount - shown })}` : ''}</dd>
            </div>
          </dl>
          <a href={`/meetings/${m.id}/invite.ics`} className="btn-secondary block text-center" data-testid="meeting-ics">{t('detail.calendar')}</a>
          {m.can.edit ? <Link href={`/meetings/${m.id}/edit`} className="btn-secondary block text-center" data-testid="meeting-edit">{t('form.edit')}</Link> : null}
          {m.can.setMinuteTaker && labels ? (
            <Form action={setMinuteTakerAction} refreshOnSuccess testId="minute-taker-form" className="space-y-2 border-t border-slate-100 pt-3">
              <input type="hidden" name="meetingId" value={m.id} />
              <Picker name="minuteTaker" kind="person" label={t('detail.setMinuteTaker')} labels={labels} initial={m.minuteTaker ? [{ id: m.minuteTaker.id, label: nameIn(locale, m.minuteTaker) }] : []} testId="minute-taker-picker" />
              <Submit variant="secondary" className="w-full" testId="minute-taker-save">{t('detail.saveMinuteTaker')}</Submit>
            </Form>
          ) : null}
          {m.can.cancel ? (
            <Form action={cancelMeetingAction} refreshOnSuccess>
              <input type="hidden" name="id" value={m.id} />
              <Submit variant="danger" className="w-full" testId="meeting-cancel">{t('detail.cancel')}</Submit>
            </Form>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
