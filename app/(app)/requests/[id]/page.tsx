import type { Metadata } from 'next';
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
import { Badge, priorityTone, statusTone } from '../_components/bits';
import { AttachmentsField, RequestView, type RequestData } from '../_components/request-view';
import { SavedReplyInsert } from '../_components/saved-reply-insert';
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
  const group = (x: RequestData['savedReplies'][number]) => (x.personal ? t('savedReplies.personal') : (en && x.unitNameEn) || x.unitName || '');
  return (
    <RequestView
      r={r}
      side="staff"
      back={{ href: '/requests', label: t('title') }}
      meta={<>{(en && r.orgNameEn) || r.orgName} · {r.requester ? ((en && r.requester.nameEn) || r.requester.name) : ''} · {t('detail.filedAt')} {when(r.createdAt)}</>}
      badges={<>
        <Badge tone={statusTone[r.status]} testId="request-status">{t(`statuses.${r.status}`)}</Badge>
        <Badge tone={priorityTone[r.priority]} testId="request-priority">{t(`priorities.${r.priority}`)}</Badge>
        <Badge tone="bg-slate-100 text-slate-700">{t(`types.${r.type}`)}</Badge>
      </>}
      facts={<>
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
      </>}
    >
      {r.can.take ? (
        <Form action={takeRequestAction} testId="take-form" refreshOnSuccess className="flex items-center gap-3">
          <input type="hidden" name="id" value={r.id} />
          <Submit testId="take">{t('actions.take')}</Submit>
        </Form>
      ) : null}
      {r.can.staffReply || r.can.note ? (
        <section className="card p-4">
          <Form action={staffMessageAction} testId="message-form" refreshOnSuccess resetOnSuccess encType="multipart/form-data">
            <input type="hidden" name="id" value={r.id} />
            <SavedReplyInsert target="message-body" defaultLanguage={r.requester?.locale === 'en' ? 'en' : 'zh'}
              replies={r.savedReplies.map((x) => ({ id: x.id, title: (en && x.titleEn) || x.title, bodyZh: x.bodyZh, bodyEn: x.bodyEn, group: group(x) }))}
              labels={{ choose: t('savedReplies.insertLabel'), language: t('savedReplies.language'), zh: t('savedReplies.zh'), en: t('savedReplies.en'), insert: t('savedReplies.insert'), empty: t('savedReplies.none'), manage: t('savedReplies.manage') }} />
            <TextArea name="body" label={t('actions.message')} rows={5} maxLength={20000} testId="message-body" hint={t('fields.descriptionHint')} />
            <AttachmentsField id="message-attachments" label={t('fields.attachments')} hint={t('fields.attachmentsHint')} testId="message-attachments" />
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
    </RequestView>
  );
}
