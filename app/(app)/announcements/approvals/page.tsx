import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listApprovals } from '@/lib/announcements/queries';
import { displayName } from '@/lib/people/display-name';
import { titleOf } from '../_components/labels';
import { decideApprovalAction } from '../actions';
import { Form, Submit, TextArea } from '@/app/_components/form';
import { RecipientsSummaryText } from '../_components/recipients-summary';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('announcements.approvals'))('title') };
}

/** 信息传递审批表: the queue of submissions to decide, and the viewer's recent decisions. */
export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<{ done?: string }> }) {
  const { done } = await searchParams;
  const viewer = await getViewer();
  const { pending, decided } = await guard(listApprovals(db(), viewer));
  const t = await getTranslations('announcements.approvals');
  const tc = await getTranslations('announcements.compose');
  const format = await getFormatter();
  const locale = await getLocale();
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' }) : '');
  return (
    <div className="space-y-4">
      <h1 className="page-title">{t('title')}</h1>
      {done === 'approved' || done === 'rejected' ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="decision-done">{t(done === 'approved' ? 'approvedDone' : 'rejectedDone')}</p>
      ) : null}
      {pending.length === 0 ? <p className="card p-6 text-center text-sm text-slate-500" data-testid="approvals-empty">{t('empty')}</p> : null}
      <ul className="space-y-3" data-testid="approval-queue">
        {pending.map((p) => (
          <li key={p.id} className="card space-y-3 p-4" data-testid="approval-item">
            <div>
              <Link href={`/announcements/${p.announcementId}`} className="font-semibold hover:text-brand-700">{titleOf({ ...p, title: p.subject }, locale)}</Link>
              <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                <dt className="text-slate-500">{t('author')}</dt><dd>{displayName({ name: p.authorName, nameEn: p.authorNameEn }, locale)}</dd>
                <dt className="text-slate-500">{t('unit')}</dt><dd>{(locale === 'en' && p.unitNameEn) || p.unitName || ''}</dd>
                <dt className="text-slate-500">{t('urgency')}</dt><dd>{tc(`urgencies.${p.urgency}`)}</dd>
                <dt className="text-slate-500">{t('recipients')}</dt><dd><RecipientsSummaryText value={p.recipientsSummary} /></dd>
                <dt className="text-slate-500">{t('summary')}</dt><dd>{p.summary}</dd>
                <dt className="text-slate-500">{t('submitted')}</dt><dd>{when(p.createdAt)}</dd>
              </dl>
            </div>
            <Form action={decideApprovalAction} testId="decide-form">
              <input type="hidden" name="approvalId" value={p.id} />
              <TextArea name="reason" label={t('reasonLabel')} rows={2} maxLength={1000} testId="decide-reason" />
              <div className="flex flex-wrap gap-2">
                <Submit name="decision" value="approve" testId="approve">{t('approve')}</Submit>
                <Submit name="decision" value="reject" variant="danger" testId="reject">{t('reject')}</Submit>
              </div>
            </Form>
          </li>
        ))}
      </ul>
      {decided.length > 0 ? (
        <section className="card overflow-x-auto">
          <h2 className="px-3 pt-3 font-semibold">{t('recent')}</h2>
          <table className="table table-stack">
            <thead><tr><th>{t('subject')}</th><th>{t('author')}</th><th>{t('status')}</th><th>{t('decidedAt')}</th><th>{t('reason')}</th></tr></thead>
            <tbody>
              {decided.map((d) => (
                <tr key={d.id}>
                  <td data-label={t('subject')}><Link href={`/announcements/${d.announcementId}`} className="hover:text-brand-700">{d.subject}</Link></td>
                  <td data-label={t('author')}>{displayName({ name: d.authorName, nameEn: d.authorNameEn }, locale)}</td>
                  <td data-label={t('status')}>{t(`statuses.${d.status}`)}</td>
                  <td data-label={t('decidedAt')} className="whitespace-nowrap">{when(d.decidedAt)}</td>
                  <td data-label={t('reason')}>{d.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
