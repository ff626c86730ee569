import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

/** Previous / next links that keep the current query. */
export async function Pager({ basePath, query, page, total, pageSize, hasNext }: { basePath: string; query: Record<string, string | undefined | null>; page: number; total: number; pageSize: number; hasNext: boolean }) {
  const t = await getTranslations('admin.common');
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
    if (p > 1) q.set('page', String(p));
    const s = q.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  return (
    <div className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
      <span data-testid="result-count">{t('results', { total })}{total > 0 ? ` · ${t('pageOf', { page, pages })}` : ''}</span>
      <div className="flex gap-2">
        {page > 1 ? <Link className="btn-secondary" href={href(page - 1)} rel="prev">{t('previous')}</Link> : null}
        {hasNext ? <Link className="btn-secondary" href={href(page + 1)} rel="next">{t('next')}</Link> : null}
      </div>
    </div>
  );
}
