import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { CheckboxGroup, Form, Submit, TextArea, TextField } from '@/app/_components/form';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { allowedMoves } from '@/lib/tasks/abilities';
import { getTask } from '@/lib/tasks/queries';
import { NOTE_MAX } from '@/lib/tasks/schema';
import { commentAction, decideExtensionAction, moveTaskAction, progressAction, requestExtensionAction, returnTaskAction } from '../actions';
import { nameIn, TaskBadges } from '../_components/labels';
import { AttachmentField } from '../_components/attachment-field';
import { formatBytes } from '@/lib/files/format';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('tasks'))('title') };
}

const eventKinds = ['created', 'status', 'returned', 'progress', 'comment', 'extension_requested', 'extension_approved', 'extension_declined', 'edited', 'reassigned', 'attachment'] as const;
const isEventKind = (k: string): k is (typeof eventKinds)[number] => (eventKinds as readonly string[]).includes(k);
const statusKeys = ['todo', 'in_progress', 'in_review', 'done'] as const;
const editedFields = ['title', 'description', 'priority', 'startsOn', 'dueOn', 'tags', 'collaborators'] as const;
const isEditedField = (k: unknown): k is (typeof editedFields)[number] => typeof k === 'string' && (editedFields as readonly string[]).includes(k);
const isStatus = (s: string | null): s is (typeof statusKeys)[number] => !!s && (statusKeys as readonly string[]).includes(s);

/** One task: its facts, the moves the viewer may make, progress, comments, 申请调整 and history. */
export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  const { id } = await params;
  const task = await guard(getTask(db(), viewer, id));
  const t = await getTranslations('tasks');
  const format = await getFormatter();
  const locale = await getLocale();
  const moves = allowedMoves(task.can, task.status);
  const pending = task.extensions.find((x) => x.status === 'pending');
  const others = task.people.filter((p) => p.id !== viewer?.id).map((p) => ({ value: p.id, label: nameIn(locale, p) }));
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const personIn = (name: unknown, nameEn: unknown) => nameIn(locale, { name: typeof name === 'string' ? name : '', nameEn: typeof nameEn === 'string' ? nameEn : null });
  const attachmentsOf = (eventId: string) => task.attachments.filter((f) => f.eventId === eventId);
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <Link href="/tasks" className="text-sm text-brand-600 hover:underline">← {t('title')}</Link>
      <header className="space-y-2">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <h1 className="page-title" data-testid="task-heading">{task.title}</h1>
          {task.can.edit ? <Link href={`/tasks/${task.id}/edit`} className="btn-secondary" data-testid="task-edit">{t('edit.link')}</Link> : null}
        </div>
        <TaskBadges status={task.status} priority={task.priority} overdue={task.overdue} />
      </header>
      <div className="grid gap-4 md:grid-cols-3">
        <div className="space-y-4 md:col-span-2">
          {task.descriptionHtml ? (
            <section className="card p-4" aria-labelledby="desc-h">
              <h2 id="desc-h" className="mb-2 font-semibold">{t('detail.description')}</h2>
              <div className="prose prose-sm max-w-none" dangerouslySetInnerHTML={{ __html: task.descriptionHtml }} />
            </section>
          ) : null}
          {moves.length > 0 || task.can.return ? (
            <section className="card space-y-3 p-4" aria-label={t('detail.status')}>
              <div className="flex flex-wrap gap-2">
                {moves.map((m) => (
                  <Form key={m.to} action={moveTaskAction} className="inline" refreshOnSuccess>
                    <input type="hidden" name="id" value={task.id} />
                    <input type="hidden" name="to" value={m.to} />
                    <Submit testId={`move-${m.to}`}>{t(`moves.${m.ability === 'return' ? 'start' : m.ability}`)}</Submit>
                  </Form>
                ))}
              </div>
              {task.can.return ? (
                <Form action={returnTaskAction} testId="return-form" refreshOnSuccess>
                  <input type="hidden" name="id" value={task.id} />
                  <TextArea name="reason" label={t('detail.returnReason')} rows={2} maxLength={NOTE_MAX} required testId="return-reason" />
                  <Submit variant="secondary" testId="return">{t('detail.return')}</Submit>
                </Form>
              ) : null}
            </section>
          ) : null}
          <section id="extension" className="card space-y-3 p-4" aria-labelledby="ext-h">
            <h2 id="ext-h" className="font-semibold">{t('detail.extension')}</h2>
            {pending ? (
              <p className="rounded-md bg-amber-50 p-2 text-sm text-amber-900" data-testid="extension-pending">
                {t('detail.extensionPending', { who: pending.requester, from: pending.previousDueOn ?? '—', to: pending.requestedDueOn })}
                <span className="mt-1 block whitespace-pre-wrap">{pending.reason}</span>
              </p>
            ) : null}
            {pending && task.can.decideExtension ? (
              <Form action={decideExtensionAction} testId="extension-decide" refreshOnSuccess>
                <input type="hidden" name="id" value={task.id} />
                <input type="hidden" name="extensionId" value={pending.id} />
                <TextField name="note" label={t('detail.extensionDecisionNote')} maxLength={NOTE_MAX} />
                <div className="flex gap-2">
                  <Submit name="decision" value="approve" testId="extension-approve">{t('detail.approve')}</Submit>
                  <Submit name="decision" value="decline" variant="secondary" testId="extension-decline">{t('detail.decline')}</Submit>
                </div>
              </Form>
            ) : null}
            {task.can.requestExtension ? (
              <Form action={requestExtensionAction} testId="extension-form" refreshOnSuccess>
                <input type="hidden" name="id" value={task.id} />
                <TextField name="dueOn" type="date" label={t('detail.extensionNewDue')} required testId="extension-due" />
                <TextArea name="reason" label={t('detail.extensionReason')} rows={2} maxLength={NOTE_MAX} required testId="extension-reason" />
                <Submit variant="secondary" testId="extension-send">{t('detail.extensionSend')}</Submit>
              </Form>
            ) : null}
            {task.extensions.length > 0 ? (
              <ul className="space-y-1 text-sm text-slate-700" data-testid="extension-history">
                {task.extensions.map((x) => (
                  <li key={x.id}>{t('detail.extensionRow', { from: x.previousDueOn ?? '—', to: x.requestedDueOn, status: t(`detail.extensionStatus.${x.status}`) })} — {x.requester}{x.decisionNote ? `: ${x.decisionNote}` : ''}</li>
                ))}
              </ul>
            ) : null}
          </section>
          {task.can.progress ? (
            <section className="card p-4" aria-labelledby="prog-h">
              <h2 id="prog-h" className="mb-2 font-semibold">{t('detail.progress')}</h2>
              <Form action={progressAction} testId="progress-form" refreshOnSuccess resetOnSuccess>
                <input type="hidden" name="id" value={task.id} />
                <TextArea name="body" label={t('detail.progress')} rows={3} maxLength={NOTE_MAX} required testId="progress-body" />
                <AttachmentField id="progress-attachments" />
                <Submit variant="secondary" testId="progress-post">{t('detail.postProgress')}</Submit>
              </Form>
            </section>
          ) : null}
          {task.can.comment ? (
            <section className="card p-4" aria-labelledby="com-h">
              <h2 id="com-h" className="mb-2 font-semibold">{t('detail.comment')}</h2>
              <Form action={commentAction} testId="comment-form" refreshOnSuccess resetOnSuccess>
                <input type="hidden" name="id" value={task.id} />
                <TextArea name="body" label={t('detail.comment')} rows={3} maxLength={NOTE_MAX} required testId="comment-body" />
                {others.length > 0 ? <CheckboxGroup name="mentions" label={t('detail.mentions')} hint={t('detail.mentionsHint')} options={others} /> : null}
                <Submit variant="secondary" testId="comment-post">{t('detail.postComment')}</Submit>
              </Form>
            </section>
          ) : null}
          <section className="card p-4" aria-labelledby="hist-h">
            <h2 id="hist-h" className="mb-2 font-semibold">{t('detail.history')}</h2>
            {task.events.length === 0 ? <p className="text-sm text-slate-500">{t('detail.noHistory')}</p> : (
              <ol className="space-y-3 text-sm" data-testid="task-history">
                {task.events.map((e) => {
                  const who = nameIn(locale, { name: e.actorName ?? '—', nameEn: e.actorNameEn });
                  return (
                    <li key={e.id} id={`e${e.id}`} className="border-l-2 border-slate-200 pl-3">
                      <p className="text-slate-700">
                        {isEventKind(e.kind)
                          ? t(`events.${e.kind}`, {
                            who,
                            from: e.kind === 'reassigned' ? personIn(e.details.fromName, e.details.fromNameEn) : isStatus(e.fromStatus) ? t(`statuses.${e.fromStatus}`) : '',
                            to: e.kind === 'reassigned' ? personIn(e.details.toName, e.details.toNameEn) : isStatus(e.toStatus) ? t(`statuses.${e.toStatus}`) : '',
                          })
                          : e.kind}
                        <span className="ml-2 text-xs text-slate-500">{when(e.at)}</span>
                      </p>
                      {e.kind === 'edited' && Array.isArray(e.details.changed) ? (
                        <p className="mt-1 text-xs text-slate-500" data-testid="edited-fields">
                          {e.details.changed.filter(isEditedField).map((c) => t(`edit.fields.${c}`)).join(locale === 'en' ? ', ' : '、')}
                          {e.details.changed.includes('dueOn') && e.details.to && typeof e.details.to === 'object' ? ` (${String((e.details.from as { dueOn?: string } | undefined)?.dueOn ?? '—')} → ${String((e.details.to as { dueOn?: string }).dueOn ?? '—')})` : ''}
                        </p>
                      ) : null}
                      {attachmentsOf(e.id).length > 0 ? (
                        <ul className="mt-1 space-y-0.5">{attachmentsOf(e.id).map((f) => <li key={f.id}><a href={`/api/files/${f.id}`} download className="break-all text-brand-600 hover:underline">{f.filename}</a></li>)}</ul>
                      ) : null}
                      {e.bodyHtml ? <div className="prose prose-sm mt-1 max-w-none" dangerouslySetInnerHTML={{ __html: e.bodyHtml }} /> : e.body ? <p className="mt-1 whitespace-pre-wrap">{e.body}</p> : null}
                    </li>
                  );
                })}
              </ol>
            )}
          </section>
        </div>
        <aside className="card h-fit p-4 text-sm">
          <dl className="space-y-2">
            <div><dt className="text-slate-500">{t('detail.owner')}</dt><dd data-testid="task-owner-name">{nameIn(locale, { name: task.ownerName, nameEn: task.ownerNameEn })}</dd></div>
            <div><dt className="text-slate-500">{t('detail.creator')}</dt><dd>{nameIn(locale, { name: task.creatorName, nameEn: task.creatorNameEn })}</dd></div>
            {task.collaborators.length > 0 ? <div><dt className="text-slate-500">{t('detail.collaborators')}</dt><dd>{task.collaborators.map((c) => nameIn(locale, c)).join(locale === 'en' ? ', ' : '、')}</dd></div> : null}
            {task.startsOn ? <div><dt className="text-slate-500">{t('detail.starts')}</dt><dd>{task.startsOn}</dd></div> : null}
            <div>
              <dt className="text-slate-500">{t('detail.due')}</dt>
              <dd data-testid="task-due">{task.dueOn ?? t('noDue')}</dd>
              {task.dueOn ? <dd className="text-xs text-slate-500">{t('detail.timezoneNote', { tz: task.ownerTimezone })}</dd> : null}
            </div>
            {task.tags.length > 0 ? <div><dt className="text-slate-500">{t('detail.tags')}</dt><dd>{task.tags.map((g) => `#${g}`).join(' ')}</dd></div> : null}
            {task.attachments.length > 0 ? (
              <div>
                <dt className="text-slate-500">{t('detail.attachments')}</dt>
                <dd>
                  <ul className="space-y-1" data-testid="task-attachments-list">
                    {task.attachments.map((f) => (
                      <li key={f.id}><a href={`/api/files/${f.id}`} download className="break-all text-brand-600 hover:underline" data-testid="attachment-link">{f.filename}</a> <span className="text-xs text-slate-500">{formatBytes(f.size, locale)}</span></li>
                    ))}
                  </ul>
                </dd>
              </div>
            ) : null}
            {task.meeting ? <div><dt className="text-slate-500">{t('detail.fromMeeting')}</dt><dd><Link href={`/meetings/${task.meeting.id}`} className="text-brand-600 hover:underline">{task.meeting.title}</Link></dd></div> : null}
            {task.announcement ? <div><dt className="text-slate-500">{t('detail.fromAnnouncement')}</dt><dd><Link href={`/announcements/${task.announcement.id}`} className="text-brand-600 hover:underline">{task.announcement.title}</Link></dd></div> : null}
          </dl>
        </aside>
      </div>
    </div>
  );
}
