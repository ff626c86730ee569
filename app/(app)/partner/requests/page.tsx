import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listPartnerRequests } from '@/lib/requests/queries';
import { Badge, Pager, statusTone } from '@/app/(app)/requests/_components/bits';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('requests.portal'))('title') };
}

/** The customer's requests (their own and those shared with the organisation; all of them for the partner admin). */
export default async function PartnerRequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const list = await guard(listPartnerRequests(db(), await getViewer(), sp));
  const t = await getTranslations('requests');
  const format = await getFormatter();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="page-title">{t('portal.title')}</h1>
          <p className="mt-1 text-sm text-slate-600">{t('portal.intro')}</p>
        </div>
        <Link href="/partner/requests/new" className="btn-primary" data-testid="new-request">{t('portal.new')}</Link>
      </div>
      {list.items.length === 0 ? (
        <p className="card p-6 text-center text-slate-600" data-testid="requests-empty">{t('portal.empty')}</p>
      ) : (
        <ul className="card divide-y divide-slate-100" data-testid="partner-requests">
          {list.items.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 p-3" data-testid="partner-request-row">
              <div className="min-w-0">
                <Link href={`/partner/requests/${r.id}`} className="font-medium text-brand-700 hover:underline"><span className="text-slate-500">#{r.number}</span> {r.subject}</Link>
                <div className="text-xs text-slate-500">{t(`types.${r.type}`)} · {t('portal.filedBy', { name: r.requesterName ?? '' })} · {format.dateTime(r.createdAt, { dateStyle: 'medium' })}</div>
              </div>
              <Badge tone={statusTone[r.status]}>{t(`statuses.${r.status}`)}</Badge>
            </li>
          ))}
        </ul>
      )}
      <Pager base="/partner/requests" params={{ status: list.status }} page={list.page} hasMore={list.hasMore} labels={{ prev: t('list.prev'), next: t('list.next'), page: t('list.page', { page: list.page }) }} />
    </div>
  );
}
