import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getRequest } from '@/lib/requests/queries';
import { CheckboxField, Form, SelectField, Submit, TextArea } from '@/app/_components/form';
import { proseClass } from '@/app/(app)/announcements/_components/prose';
import { Badge, statusTone } from '@/app/(app)/requests/_components/bits';
import { closeRequestAction, customerReplyAction, rateRequestAction, reopenRequestAction, shareRequestAction } from '../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('requests.portal'))('title') };
}

/**
 * A request as the customer sees it: the public conversation only (lib leaves internal notes out
 * of the data), replies, closing, reopening within the period, the rating once after closing.
 */
export default async function PartnerRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const r = await guard(getRequest(db(), await getViewer(), id));
  const t = await getTranslations('requests');
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href="/partner/requests" className="text-sm text-brand-600 hover:underline">← {t('portal.back')}</Link>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h1 className="page-title break-words" data-testid="request-subject"><span className="text-slate-500">#{r.number}</span> {r.subject}</h1>
          <p className="mt-1 text-sm text-slate-600">{t(`types.${r.type}`)} · {t('portal.filedBy', { name: r.requester?.name ?? '' })} · {when(r.createdAt)}</p>
        </div>
        <Badge tone={statusTone[r.status]} testId="request-status">{t(`statuses.${r.status}`)}</Badge>
      </div>
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
          <div key={m.id} data-testid="public-message" className={`rounded-lg border p-3 ${m.staff ? 'border-brand-200 bg-white' : 'border-slate-200 bg-slate-50'}`}>
            <div className="mb-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
              <span className="font-medium text-slate-800">{m.mine ? t('detail.you') : m.staff ? `${m.authorName ?? ''} · ${t('detail.supportTeam')}` : m.authorName}</span>
              <span>{when(m.createdAt)}</span>
            </div>
            <div className={proseClass} dangerouslySetInnerHTML={{ __html: m.bodyHtml }} />
          </div>
        ))}
      </section>
      {r.can.reply ? (
        <section className="card p-4">
          <Form action={customerReplyAction} testId="reply-form" refreshOnSuccess resetOnSuccess encType="multipart/form-data">
            <input type="hidden" name="id" value={r.id} />
            <TextArea name="body" label={t('portal.reply')} rows={4} maxLength={20000} testId="reply-body" hint={t('fields.descriptionHint')} />
            <Submit testId="reply-send">{t('portal.sendReply')}</Submit>
          </Form>
        </section>
      ) : null}
      <div className="flex flex-wrap items-start gap-3">
        {r.can.close ? (
          <Form action={closeRequestAction} testId="close-form" refreshOnSuccess>
            <input type="hidden" name="id" value={r.id} />
            <Submit variant="secondary" testId="close-request">{t('portal.close')}</Submit>
          </Form>
        ) : null}
        {r.can.reopen ? (
          <Form action={reopenRequestAction} testId="reopen-form" refreshOnSuccess>
            <input type="hidden" name="id" value={r.id} />
            <Submit variant="secondary" testId="reopen-request">{t('portal.reopen')}</Submit>
            {r.reopenUntil ? <p className="text-xs text-slate-500">{t('portal.reopenUntil', { when: when(r.reopenUntil) })}</p> : null}
          </Form>
        ) : null}
      </div>
      {r.can.rate ? (
        <section className="card p-4">
          <h2 className="mb-2 font-semibold">{t('portal.rateTitle')}</h2>
          <Form action={rateRequestAction} testId="rate-form" refreshOnSuccess>
            <input type="hidden" name="id" value={r.id} />
            <SelectField name="rating" label={t('portal.rating')} testId="rate-rating" defaultValue="5"
              options={(['5', '4', '3', '2', '1'] as const).map((v) => ({ value: v, label: t(`portal.stars.${v}`) }))} />
            <TextArea name="comment" label={t('portal.comment')} rows={3} maxLength={2000} testId="rate-comment" />
            <Submit testId="rate-submit">{t('portal.rate')}</Submit>
          </Form>
        </section>
      ) : r.rating !== null ? <p className="card p-3 text-sm" data-testid="your-rating">{t('portal.yourRating', { rating: r.rating })}</p> : null}
      {r.can.share ? (
        <Form action={shareRequestAction} testId="share-form" refreshOnSuccess className="card flex flex-wrap items-end gap-3 p-4">
          <input type="hidden" name="id" value={r.id} />
          <CheckboxField name="share" label={t('fields.share')} defaultChecked={r.sharedWithOrg} hint={t('fields.shareHint')} />
          <Submit variant="secondary">{t('portal.shareSave')}</Submit>
        </Form>
      ) : null}
    </div>
  );
}
