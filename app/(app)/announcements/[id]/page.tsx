import { cache } from 'react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { markRead } from '@/lib/announcements/mutations';
import { getAnnouncement } from '@/lib/announcements/queries';
import { getResponsePanel } from '@/lib/announcements/responses';
import { ResponsePanelSection } from './response-panel';
import { displayName } from '@/lib/people/display-name';
import { formatBytes, typeLabelOf } from '@/lib/files/format';
import { isPreviewableImage } from '@/lib/files/http';
import { PdfPreview } from '@/app/_components/pdf-preview';
import { ItemBadges, titleOf } from '../_components/labels';
import { proseClass } from '../_components/prose';
import { acknowledgeAction, deleteDraftAction, editAnnouncementAction, submitDraftAction, withdrawAnnouncementAction } from '../actions';
import { CheckboxField, Form, Submit, TextArea, TextField } from '@/app/_components/form';
import { RecipientsSummaryText } from '../_components/recipients-summary';

/**
 * The item, loaded once per request for both the title (generateMetadata) and the page: React's
 * cache lives for one request only, and the viewer is this request's (getViewer), so nothing is
 * shared between people. Issue 8: 8 → 4 database transactions per view.
 */
const loadItem = cache(async (id: string) => getAnnouncement(db(), await getViewer(), id));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const a = await loadItem((await params).id).catch(() => null);
  return { title: a ? titleOf(a, await getLocale()) : (await getTranslations('errors.notFound'))('title') };
}

/** One announcement. Opening it records the read (once per person, with the channel). */
export default async function AnnouncementPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ via?: string; lang?: string }> }) {
  const viewer = await getViewer();
  const { id } = await params;
  const { via, lang } = await searchParams;
  let a = await guard(loadItem(id));
  if (a.access.addressed && !a.access.readAt) {
    await markRead(db(), viewer, id, via === 'mail' ? 'mail' : 'web');
    a = { ...a, access: { ...a.access, readAt: new Date() } };
  }
  const t = await getTranslations('announcements');
  const format = await getFormatter();
  const locale = await getLocale();
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' }) : '');
  const acked = a.access.ackedVersion === a.version;
  const can = a.access.can;
  const responses = a.access.collectsResponses ? await getResponsePanel(db(), viewer, id) : null;
  // Both languages: the reader's own by default, the other one by the switch (?lang=).
  const bilingual = !!a.titleEn && !!a.bodyHtmlEn;
  const shown = bilingual ? (lang === 'en' || lang === 'zh-CN' ? lang : locale === 'en' ? 'en' : 'zh-CN') : locale;
  const showEn = bilingual && shown === 'en';
  const other = shown === 'en' ? 'zh-CN' : 'en';
  const contentLang = bilingual ? shown : undefined;
  return (
    <article className="mx-auto max-w-3xl space-y-4">
      <div className="space-y-2">
        <Link href="/announcements" className="text-sm text-brand-600 hover:underline">← {t('detail.back')}</Link>
        <h1 className="page-title break-words" data-testid="announcement-title" lang={contentLang !== locale ? contentLang : undefined}>
          {titleOf({ ...a, titleEn: showEn ? a.titleEn : null }, bilingual ? shown : locale)}
        </h1>
        {bilingual ? (
          <p className="flex flex-wrap items-center gap-2 text-sm">
            {shown !== locale ? <span className="text-slate-600" data-testid="other-language-note">{t(`detail.showingOther.${shown === 'en' ? 'en' : 'zh-CN'}`)}</span> : null}
            <Link href={`/announcements/${a.id}?lang=${other}`} className="text-brand-600 hover:underline" lang={other} hrefLang={other} data-testid="language-switch">
              {t(`detail.readOther.${other}`)}
            </Link>
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
          <ItemBadges item={{ ...a, read: !!a.access.readAt, acked, addressed: a.access.addressed }} />
          <span>{t('detail.by', { name: displayName({ name: a.authorName, nameEn: a.authorNameEn }, locale) })}</span>
          {a.publishedAt ? <span>{t('detail.publishedAt', { when: when(a.publishedAt) })}</span> : null}
          {a.status === 'scheduled' && a.publishAt ? <span>{t('detail.scheduledFor', { when: when(a.publishAt) })}</span> : null}
          {a.expiresAt ? <span>{t('detail.expiresAt', { when: when(a.expiresAt) })}</span> : null}
          {a.version > 1 ? <span>{t('detail.version', { version: a.version })}</span> : null}
        </div>
      </div>

      {a.status === 'withdrawn' ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" role="status">{t('detail.withdrawnNotice', { when: when(a.withdrawnAt), reason: a.withdrawReason ?? '' })}</p>
      ) : null}
      {a.status === 'rejected' && a.approvals[0]?.reason ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="status" data-testid="rejected-reason">{t('detail.rejectedNotice', { reason: a.approvals[0].reason })}</p>
      ) : null}
      {a.status === 'pending_approval' ? <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" role="status">{t('detail.pendingNotice')}</p> : null}

      {a.cover ? (
        // eslint-disable-next-line @next/next/no-img-element -- the cover image, through the authorised file route (raster images only)
        <img src={`/api/files/${a.cover.id}?inline=1`} alt="" className="max-h-72 w-full rounded-lg object-cover" data-testid="announcement-cover" />
      ) : null}
      <div className={`card p-4 sm:p-6 ${proseClass}`} data-testid="announcement-body" lang={contentLang !== locale ? contentLang : undefined}
        dangerouslySetInnerHTML={{ __html: showEn && a.bodyHtmlEn ? a.bodyHtmlEn : a.bodyHtml }} />

      {a.attachments.length > 0 ? (
        <section className="card p-4" aria-labelledby="attachments-h" data-testid="attachments">
          <h2 id="attachments-h" className="mb-2 text-sm font-semibold">{t('attachments.title', { count: a.attachments.length })}</h2>
          <ul className="divide-y divide-slate-100">
            {a.attachments.map((f) => (
              <li key={f.id} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 py-2 text-sm" data-testid="attachment">
                <span className="flex min-w-0 items-center gap-3">
                  {isPreviewableImage(f.contentType) ? (
                    // A raster image (never SVG), served inline with nosniff and a sandbox CSP.
                    // eslint-disable-next-line @next/next/no-img-element -- an authorised download, not a static asset
                    <a href={`/api/files/${f.id}?inline=1`} target="_blank" rel="noopener noreferrer" className="shrink-0"><img src={`/api/files/${f.id}?inline=1`} alt={f.filename} loading="lazy" className="h-16 w-16 rounded border border-slate-200 object-cover" data-testid="attachment-image-preview" /></a>
                  ) : null}
                  <a href={`/api/files/${f.id}`} download className="min-w-0 break-all font-medium text-brand-600 hover:underline" data-testid="attachment-link">{f.filename}</a>
                </span>
                <span className="shrink-0 text-xs text-slate-500">
                  {formatBytes(f.size, locale)} · {typeLabelOf(f.contentType)} · <a href={`/api/files/${f.id}`} download className="text-brand-600 underline">{t('attachments.download')}</a>
                </span>
                <PdfPreview file={f} label={t('attachments.preview')} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {responses ? <ResponsePanelSection id={a.id} panel={responses} /> : null}

      {can.acknowledge ? (
        <div className="card flex flex-wrap items-center justify-between gap-3 border-amber-200 bg-amber-50 p-4">
          <p className="text-sm text-amber-900">{a.version > 1 && a.access.ackedVersion ? t('detail.reackNeeded') : t('detail.ackNeeded')}</p>
          <Form action={acknowledgeAction} className="flex items-center gap-2" refreshOnSuccess testId="ack-form">
            <input type="hidden" name="id" value={a.id} />
            <Submit testId="acknowledge">{t('detail.acknowledge')}</Submit>
          </Form>
        </div>
      ) : null}
      {acked && a.ackRequired ? <p className="text-sm text-emerald-700" data-testid="acked-note">{t('detail.ackedNote')}</p> : null}

      {(can.edit || can.withdraw || can.revise || can.decide || can.viewReach || can.viewHistory || can.viewResponses) ? (
        <section className="card space-y-4 p-4" aria-labelledby="manage-h">
          <h2 id="manage-h" className="font-semibold">{t('detail.manage')}</h2>
          <div className="flex flex-wrap gap-2">
            {can.viewReach ? (
              <Link href={`/announcements/${a.id}/reach`} className="btn-secondary" data-testid="reach-link">{t('detail.reach')}</Link>
            ) : null}
            {can.viewResponses ? (
              <Link href={`/announcements/${a.id}/responses`} className="btn-secondary" data-testid="responses-link">{t('responses.panel.viewAll')}</Link>
            ) : null}
            {can.revise ? (
              <Link href={`/announcements/new?from=${a.id}`} className={a.status === 'draft' ? 'btn-secondary' : 'btn-primary'} data-testid="revise-link">
                {a.status === 'draft' ? t('detail.editDraft') : t('detail.revise')}
              </Link>
            ) : null}
            {can.submit ? (
              <Form action={submitDraftAction} className="contents" testId="submit-draft-form">
                <input type="hidden" name="id" value={a.id} />
                <Submit testId="submit-draft">{t('detail.submitDraft')}</Submit>
              </Form>
            ) : null}
            {can.decide ? <Link href="/announcements/approvals" className="btn-primary">{t('detail.toApprovals')}</Link> : null}
          </div>
          {can.edit ? (
            <details className="rounded-md border border-slate-200 p-3">
              <summary className="cursor-pointer text-sm font-medium">{t('detail.editTitle')}</summary>
              <Form action={editAnnouncementAction} className="mt-3 space-y-3" testId="edit-form">
                <input type="hidden" name="id" value={a.id} />
                <TextField name="title" label={t('compose.title')} defaultValue={a.title} />
                <TextArea name="body" label={t('compose.body')} rows={10} defaultValue={a.bodyMd} />
                <TextField name="titleEn" label={t('compose.titleEn')} defaultValue={a.titleEn ?? ''} />
                <TextArea name="bodyEn" label={t('compose.bodyEn')} rows={6} defaultValue={a.bodyMdEn} />
                <CheckboxField name="material" label={t('detail.material')} />
                <p className="text-xs text-slate-500">{t('detail.materialHint')}</p>
                <Submit>{t('detail.saveEdit')}</Submit>
              </Form>
            </details>
          ) : null}
          {can.delete ? (
            <details className="rounded-md border border-slate-200 p-3">
              <summary className="cursor-pointer text-sm font-medium text-red-700" data-testid="delete-draft-toggle">{t('detail.deleteDraft')}</summary>
              <Form action={deleteDraftAction} className="mt-3 space-y-3" testId="delete-draft-form">
                <input type="hidden" name="id" value={a.id} />
                <p className="text-sm text-slate-600">{t('detail.deleteDraftHint')}</p>
                <Submit variant="danger" testId="delete-draft">{t('detail.deleteDraftConfirm')}</Submit>
              </Form>
            </details>
          ) : null}
          {can.withdraw ? (
            <details className="rounded-md border border-slate-200 p-3">
              <summary className="cursor-pointer text-sm font-medium text-red-700">{t('detail.withdraw')}</summary>
              <Form action={withdrawAnnouncementAction} className="mt-3 space-y-3" testId="withdraw-form">
                <input type="hidden" name="id" value={a.id} />
                <TextArea name="reason" label={t('detail.withdrawReason')} maxLength={1000} />
                <Submit variant="danger">{t('detail.withdrawConfirm')}</Submit>
              </Form>
            </details>
          ) : null}
          {a.approvals.length > 0 ? (
            <div>
              <h3 className="mb-2 text-sm font-medium">{t('detail.approvalRecord')}</h3>
              <div className="overflow-x-auto">
                <table className="table table-stack">
                  <thead><tr><th>{t('approvals.submitted')}</th><th>{t('approvals.recipients')}</th><th>{t('approvals.status')}</th><th>{t('approvals.approver')}</th><th>{t('approvals.reason')}</th></tr></thead>
                  <tbody>
                    {a.approvals.map((ap) => (
                      <tr key={ap.id}>
                        <td data-label={t('approvals.submitted')} className="whitespace-nowrap">{when(ap.createdAt)}</td>
                        <td data-label={t('approvals.recipients')}><RecipientsSummaryText value={ap.recipientsSummary} /></td>
                        <td data-label={t('approvals.status')}>{t(`approvals.statuses.${ap.status}`)}</td>
                        <td data-label={t('approvals.approver')}>{ap.approverName ? displayName({ name: ap.approverName, nameEn: ap.approverNameEn }, locale) : ''}{ap.decidedAt ? ` · ${when(ap.decidedAt)}` : ''}</td>
                        <td data-label={t('approvals.reason')}>{ap.reason ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ) : null}
          {a.revisions.length > 1 ? (
            <div>
              <h3 className="mb-2 text-sm font-medium">{t('detail.history')}</h3>
              <ul className="space-y-1 text-sm text-slate-600">
                {a.revisions.map((r, i) => (
                  <li key={i}>{t('detail.revisionLine', { version: r.version, when: when(r.createdAt), who: r.editorName ? displayName({ name: r.editorName, nameEn: r.editorNameEn }, locale) : '' })}{r.material ? ` · ${t('detail.materialShort')}` : ''} — {r.title}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}
