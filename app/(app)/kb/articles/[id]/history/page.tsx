import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listVersions } from '@/lib/kb/queries';
import { Crumbs } from '../../../_components/crumbs';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb'))('history') };
}

/** Every version (author, time, summary); choose any two to compare. */
export default async function HistoryPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string }> }) {
  const { id } = await params;
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const h = await guard(listVersions(db(), await getViewer(), id, page));
  const t = await getTranslations('kb');
  const format = await getFormatter();
  const prev = h.items[1]?.version ?? h.items[0]?.version ?? 1;
  return (
    <div className="space-y-4">
      <Crumbs crumbs={[]} current={h.title} />
      <h1 className="page-title">{t('versionsTitle', { title: h.title })}</h1>
      <form method="get" action={`/kb/articles/${id}/compare`} className="card flex flex-wrap items-end gap-3 p-4" data-testid="compare-form">
        <div>
          <label htmlFor="cmp-from" className="label">{t('compareFrom')}</label>
          <select id="cmp-from" name="from" defaultValue={String(prev)} className="input" data-testid="compare-from">
            {h.items.map((x) => <option key={x.version} value={x.version}>{t('versionShort', { version: x.version })} · {x.authorName}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="cmp-to" className="label">{t('compareTo')}</label>
          <select id="cmp-to" name="to" defaultValue={String(h.current)} className="input" data-testid="compare-to">
            {h.items.map((x) => <option key={x.version} value={x.version}>{t('versionShort', { version: x.version })} · {x.authorName}</option>)}
          </select>
        </div>
        <button type="submit" className="btn-primary" data-testid="compare-submit">{t('compareShow')}</button>
      </form>
      <div className="card overflow-x-auto">
        <table className="table table-stack" data-testid="versions">
          <thead><tr><th>{t('colVersion')}</th><th>{t('colAuthor')}</th><th>{t('colChange')}</th><th><span className="sr-only">{t('view')}</span></th></tr></thead>
          <tbody>
            {h.items.map((x) => (
              <tr key={x.version} data-testid={`version-${x.version}`}>
                <td data-label={t('colVersion')} className="whitespace-nowrap">
                  {t('versionShort', { version: x.version })} {x.version === h.current ? <span className="badge">{t('current')}</span> : null}
                  <div className="text-xs text-slate-500">{format.dateTime(x.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</div>
                </td>
                <td data-label={t('colAuthor')}>{x.authorName}</td>
                <td data-label={t('colChange')}>
                  {x.kind === 'restore' ? t('kindRestore', { from: x.restoredFrom ?? 0 }) : x.kind === 'create' ? t('kindCreate') : t('kindEdit')}
                  {x.summary ? <div className="text-sm text-slate-700">{x.summary}</div> : null}
                </td>
                <td className="whitespace-nowrap"><Link href={`/kb/articles/${id}/versions/${x.version}`} className="text-brand-700 hover:underline">{t('view')}</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex gap-3 text-sm">
        {page > 1 ? <Link href={`?page=${page - 1}`} className="text-brand-700 hover:underline">{t('search.prev')}</Link> : null}
        {h.hasNext ? <Link href={`?page=${page + 1}`} className="text-brand-700 hover:underline">{t('search.next')}</Link> : null}
      </div>
    </div>
  );
}
