import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getRequest } from '@/lib/requests/queries';
import { CheckboxField, Form, SelectField, Submit, TextArea } from '@/app/_components/form';
import { Badge, statusTone } from '@/app/(app)/requests/_components/bits';
import { AttachmentsField, RequestView } from '@/app/(app)/requests/_components/request-view';
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
    <RequestView
      r={r}
      side="portal"
      back={{ href: '/partner/requests', label: t('portal.back') }}
      meta={<>{t(`types.${r.type}`)} · {t('portal.filedBy', { name: r.requester?.name ?? '' })} · {when(r.createdAt)}</>}
      badges={<Badge tone={statusTone[r.status]} testId="request-status">{t(`statuses.${r.status}`)}</Badge>}
    >
      {r.can.reply ? (
        <section className="card p-4">
          <Form action={customerReplyAction} testId="reply-form" refreshOnSuccess resetOnSuccess encType="multipart/form-data">
            <input type="hidden" name="id" value={r.id} />
            <TextArea name="body" label={t('portal.reply')} rows={4} maxLength={20000} testId="reply-body" hint={t('fields.descriptionHint')} />
            <AttachmentsField id="reply-attachments" label={t('fields.attachments')} hint={t('fields.attachmentsHint')} testId="reply-attachments" />
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
    </RequestView>
  );
}
