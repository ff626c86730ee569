import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getAckReport } from '@/lib/kb/queries';
import { Crumbs } from '../../../_components/crumbs';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb'))('required.report') };
}

/** Who in the audience acknowledged which version (owners, admins, communications officers); pages of 50. */
export default async function AcksPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string; filter?: string }> }) {
  const { id } = await params;
  const sp = await searchParams;
  const page = Math.max(1, Number(sp.page) || 1);
  const filter = sp.filter === 'pending' || sp.filter === 'done' ? sp.filter : 'all';
  const r = await guard(getAckReport(db(), await getViewer(), id, { page, filter }));
  const t = await getTranslations('kb.required');
  const format = await getFormatter();
  const link = (p: Record<string, string | number>) => `?${new URLSearchParams({ filter, page: String(page), ...Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)])) })}`;
  return (
    <div className="space-y-4">
      <Crumbs crumbs={[]} current={r.title} />
      <h1 className="page-title">{t('reportTitle', { title: r.title })}</h1>
      <p data-testid="ack-counts">{t('reportCounts', { done: r.done, total: r.total, version: r.requiredVersion })}</p>
      <nav className="flex gap-3 text-sm" aria-label={t('report')}>
        {(['all', 'pending', 'done'] as const).map((f) => (
          <Link key={f} href={link({ filter: f, page: 1 })} aria-current={f === filter ? 'page' : undefined} className={f === filter ? 'font-semibold' : 'text-brand-700 hover:underline'}>
            {f === 'all' ? t('filterAll') : f === 'pending' ? t('filterPending') : t('filterDone')}
          </Link>
        ))}
      </nav>
      <div className="card overflow-x-auto">
        <table className="table table-stack" data-testid="ack-table">
          <thead><tr><th>{t('colPerson')}</th><th>{t('colVersion')}</th><th>{t('colWhen')}</th><th>{t('colState')}</th></tr></thead>
          <tbody>
            {r.items.map((x) => (
              <tr key={x.personId}>
                <td data-label={t('colPerson')}>{x.name}<div className="text-xs text-slate-500">{x.email}</div></td>
                <td data-label={t('colVersion')}>{x.ackedVersion ?? t('never')}</td>
                <td data-label={t('colWhen')} className="whitespace-nowrap">{x.ackedAt ? format.dateTime(x.ackedAt, { dateStyle: 'medium', timeStyle: 'short' }) : '—'}</td>
                <td data-label={t('colState')}>{x.current ? <span className="badge">{t('stateDone')}</span> : t('statePending')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex gap-3 text-sm">
        {page > 1 ? <Link href={link({ page: page - 1 })} className="text-brand-700 hover:underline">←</Link> : null}
        {r.hasNext ? <Link href={link({ page: page + 1 })} className="text-brand-700 hover:underline">→</Link> : null}
      </div>
    </div>
  );
}
