import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getRequest } from '@/lib/requests/queries';
import { priorities } from '@/lib/requests/schema';
import type { Clock } from '@/lib/requests/sla';
import { Form, SelectField, Submit, TextArea } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { proseClass } from '@/app/(app)/announcements/_components/prose';
import { Badge, priorityTone, statusTone } from '../_components/bits';
import { changePriorityAction, reassignRequestAction, setStatusAction, staffMessageAction, takeRequestAction } from '../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('requests'))('title') };
}

/** One request for staff: the whole conversation (internal notes marked), the clocks and the handling forms. */
export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const r = await guard(getRequest(db(), await getViewer(), id));
  const t = await getTranslations('requests');
  const format = await getFormatter();
  const en = (await getLocale()) === 'en';
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const hours = (m: number) => (Math.abs(m) / 60).toFixed(1);
  const labels = await pickerLabels();
  const clock = (name: string, c: Clock | null, testId: string) => (
    <div className="card p-3" data-testid={testId}>
      <div className="text-xs text-slate-500">{name}</div>
      {c ? (
        <>
          <div className={`font-medium ${c.breached ? 'text-red-700' : c.state === 'met' ? 'text-emerald-700' : ''}`} data-testid={`${testId}-state`} data-breached={c.breached}>
            {c.state === 'met' ? t('detail.met') : c.state === 'missed' ? t('detail.missed') : c.state === 'paused' ? t('detail.pausedWaiting')
              : c.breached ? t('detail.overdue', { hours: hours(c.remainingMin) }) : t('detail.remaining', { hours: hours(c.remainingMin) })}
          </div>
          <div className="text-xs text-slate-500">{t('detail.target', { hours: hours(c.target) })}{c.due && c.state === 'running' ? ` · ${t('detail.dueAt', { when: when(c.due) })}` : ''}</div>
        </>
      ) : <div className="text-sm text-slate-500">{t('detail.noPolicy')}</div>}
    </div>
  );
  return (
    <div className="space-y-4">
      <Link href="/requests" className="text-sm text-brand-600 hover:underline">← {t('title')}</Link>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h1 className="page-title break-words" data-testid="request-subject"><span className="text-slate-500">#{r.number}</span> {r.subject}</h1>
          <p className="mt-1 text-sm text-slate-600">
            {(en && r.orgNameEn) || r.orgName} · {r.requester ? ((en && r.requester.nameEn) || r.requester.name) : ''} · {t('detail.filedAt')} {when(r.createdAt)}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Badge tone={statusTone[r.status]} testId="request-status">{t(`statuses.${r.status}`)}</Badge>
          <Badge tone={priorityTone[r.priority]} testId="request-priority">{t(`priorities.${r.priority}`)}</Badge>
          <Badge tone="bg-slate-100 text-slate-700">{t(`types.${r.type}`)}</Badge>
        </div>
      </div>
      <dl className="grid gap-3 text-sm sm:grid-cols-3">
        <div className="card p-3"><dt className="text-xs text-slate-500">{t('detail.unit')}</dt><dd data-testid="request-unit">{r.unit ? ((en && r.unit.nameEn) || r.unit.name) : ''}</dd></div>
        <div className="card p-3"><dt className="text-xs text-slate-500">{t('detail.assignee')}</dt><dd data-testid="request-assignee">{r.assignee ? ((en && r.assignee.nameEn) || r.assignee.name) : t('detail.unassigned')}</dd></div>
        <div className="card p-3"><dt className="text-xs text-slate-500">{t('fields.topic')}</dt><dd>{r.topic ?? '—'}</dd></div>
      </dl>
      {r.clocks ? (
        <section aria-label={t('detail.clocks')} className="grid gap-3 sm:grid-cols-2">
          {clock(t('detail.firstResponse'), r.clocks.first, 'clock-first')}
          {clock(t('detail.resolution'), r.clocks.resolve, 'clock-resolve')}
        </section>
      ) : null}
      {r.rating !== null ? <p className="card p-3 text-sm" data-testid="request-rating">{t('detail.rating', { rating: r.rating })}{r.ratingComment ? ` ${t('detail.ratingComment', { comment: r.ratingComment })}` : ''}</p> : null}
      <article className="card p-4">
        <div className={proseClass} dangerouslySetInnerHTML={{ __html: r.descriptionHtml }} />
        {r.attachments.length ? (
          <ul className="mt-3 space-y-1 border-t border-slate-100 pt-3 text-sm">
            {r.attachments.map((f) => <li key={f.id}><a href={`/api/files/${f.id}`} download className="break-all text-brand-600 hover:underline" data-testid="attachment-link">{f.filename}</a></li>)}
          </ul>
        ) : null}
      </article>
      <section className="space-y-3" aria-label={t('detail.conversation')}>
        <h2 className="font-semibold">{t('detail.conversation')}</h2>
        {r.messages.length === 0 ? <p className="text-sm text-slate-500">{t('detail.noMessages')}</p> : null}
        {r.messages.map((m) => (
          m.event ? (
            <p key={m.id} className="text-xs text-slate-500" data-testid="request-event">
              {((en && m.authorNameEn) || m.authorName) ?? ''} {t(`detail.events.${m.event}`)} · {when(m.createdAt)}{m.bodyMd ? ` — ${m.bodyMd}` : ''}
            </p>
          ) : (
            <div key={m.id} data-testid={m.visibility === 'internal' ? 'internal-note' : 'public-message'}
              className={`rounded-lg border p-3 ${m.visibility === 'internal' ? 'border-amber-300 bg-amber-50' : m.staff ? 'border-brand-200 bg-white' : 'border-slate-200 bg-slate-50'}`}>
              <div className="mb-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                <span className="font-medium text-slate-800">{(en && m.authorNameEn) || m.authorName}</span>
                {m.visibility === 'internal' ? <Badge tone="bg-amber-200 text-amber-900">{t('detail.internal')}</Badge> : null}
                <span>{when(m.createdAt)}</span>
              </div>
              <div className={proseClass} dangerouslySetInnerHTML={{ __html: m.bodyHtml }} />
            </div>
          )
        ))}
      </section>
      {r.can.take ? (
        <Form action={takeRequestAction} testId="take-form" refreshOnSuccess className="flex items-center gap-3">
          <input type="hidden" name="id" value={r.id} />
          <Submit testId="take">{t('actions.take')}</Submit>
        </Form>
      ) : null}
      {r.can.staffReply || r.can.note ? (
        <section className="card p-4">
          <Form action={staffMessageAction} testId="message-form" refreshOnSuccess resetOnSuccess>
            <input type="hidden" name="id" value={r.id} />
            <TextArea name="body" label={t('actions.message')} rows={5} maxLength={20000} testId="message-body" hint={t('fields.descriptionHint')} />
            <div className="grid gap-3 sm:grid-cols-2">
              <SelectField name="visibility" label={t('actions.visibility')} testId="message-visibility" defaultValue={r.can.staffReply ? 'public' : 'internal'}
                options={[...(r.can.staffReply ? [{ value: 'public', label: t('actions.public') }] : []), { value: 'internal', label: t('actions.internal') }]} />
              <SelectField name="then" label={t('actions.then')} testId="message-then" defaultValue="waiting"
                options={[{ value: 'waiting', label: t('actions.thenWaiting') }, { value: 'open', label: t('actions.thenOpen') }, { value: 'resolved', label: t('actions.thenResolved') }]} />
            </div>
            <p className="text-xs text-slate-500">{t('detail.internalHint')}</p>
            <Submit testId="message-send">{t('actions.send')}</Submit>
          </Form>
        </section>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-3">
        {r.can.setStatus ? (
          <section className="card p-4">
            <Form action={setStatusAction} testId="status-form" refreshOnSuccess>
              <input type="hidden" name="id" value={r.id} />
              <SelectField name="status" label={t('actions.changeStatus')} testId="status-select" defaultValue={r.status === 'new' ? 'open' : r.status}
                options={(['open', 'waiting', 'resolved', 'closed'] as const).map((s) => ({ value: s, label: t(`statuses.${s}`) }))} />
              <Submit variant="secondary" testId="status-apply">{t('actions.apply')}</Submit>
            </Form>
          </section>
        ) : null}
        {r.can.changePriority ? (
          <section className="card p-4">
            <Form action={changePriorityAction} testId="priority-form" refreshOnSuccess>
              <input type="hidden" name="id" value={r.id} />
              <SelectField name="priority" label={t('actions.changePriority')} testId="priority-select" defaultValue={r.priority}
                options={priorities.map((p) => ({ value: p, label: t(`priorities.${p}`) }))} />
              <Submit variant="secondary" testId="priority-apply">{t('actions.apply')}</Submit>
            </Form>
          </section>
        ) : null}
        {r.can.assign ? (
          <section className="card p-4">
            <Form action={reassignRequestAction} testId="reassign-form" refreshOnSuccess resetOnSuccess>
              <input type="hidden" name="id" value={r.id} />
              <Picker name="person" kind="person" label={t('actions.reassignPerson')} labels={labels} testId="reassign-person" />
              <Picker name="unit" kind="unit" label={t('actions.reassignUnit')} labels={labels} testId="reassign-unit" />
              <TextArea name="note" label={t('actions.reassignNote')} rows={2} maxLength={2000} />
              <Submit variant="secondary" testId="reassign">{t('actions.reassign')}</Submit>
            </Form>
          </section>
        ) : null}
      </div>
    </div>
  );
}
