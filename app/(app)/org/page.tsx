import { getLocale, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getOrgChartLevel, type ChartHead } from '@/lib/org/chart';
import { displayName } from '@/lib/people/display-name';
import { DirectoryTabs } from '../directory/_components/directory-tabs';

export async function generateMetadata() {
  const t = await getTranslations('admin.directory.org');
  return { title: t('title') };
}

type SearchParams = Promise<{ unit?: string; q?: string; after?: string }>;

/** The read-only org chart for employees, one level at a time (the editor is /admin/org, admins only). */
export default async function OrgChartPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await getViewer();
  const sp = await searchParams;
  const level = await guard(getOrgChartLevel(db(), viewer, sp));
  const locale = await getLocale();
  const t = await getTranslations('admin.directory.org');
  const name = (u: { name: string; nameEn: string | null }) => displayName(u, locale);
  const levelHref = (extra: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ unit: level.unit?.id, ...extra })) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `/org?${s}` : '/org';
  };
  // A level gets its search box when it is longer than a page (or is being searched).
  const searchable = Boolean(level.next || level.q || sp.after);
  const heads = (hs: ChartHead[]) =>
    hs.length ? (
      <span className="flex flex-wrap gap-x-2">
        {hs.map((h) => <Link key={h.id} href={`/people/${h.id}`} className="text-brand-700 hover:underline">{name(h)}</Link>)}
      </span>
    ) : <span className="text-slate-500">{t('noHead')}</span>;

  return (
    <div>
      <h1 className="page-title">{t('title')}</h1>
      <DirectoryTabs current="org" />
      <p className="mt-3 text-slate-600">{t('intro')}</p>

      {level.path.length ? <nav aria-label={t('path')} className="mt-4">
        <ol className="flex flex-wrap items-center gap-1 text-sm" data-testid="org-path">
          <li><Link href="/org" className="text-brand-700 hover:underline">{t('top')}</Link></li>
          {level.path.map((u) => (
            <li key={u.id} className="flex items-center gap-1">
              <span aria-hidden className="text-slate-400">/</span>
              {u.id === level.unit?.id ? <span aria-current="page" className="font-medium">{name(u)}</span> : <Link href={`/org?unit=${u.id}`} className="text-brand-700 hover:underline">{name(u)}</Link>}
            </li>
          ))}
        </ol>
      </nav> : null}

      {level.unit ? (
        <section className="card mt-4 p-4" data-testid="org-unit">
          <h2 className="text-lg font-semibold">{name(level.unit)}</h2>
          <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[8rem_1fr]">
            <dt className="text-slate-500">{t('heads')}</dt>
            <dd>{heads(level.unit.heads)}</dd>
            <dt className="text-slate-500">{t('people')}</dt>
            <dd>
              {t('headCount', { count: level.unit.headCount })} · {t('directCount', { count: level.unit.directCount })}
            </dd>
          </dl>
          <Link href={`/directory?unitId=${level.unit.id}`} className="btn-secondary mt-3 inline-flex" data-testid="org-unit-people">{t('people')}</Link>
        </section>
      ) : null}

      <section className="mt-6">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <h2 className="text-base font-semibold">{level.unit ? t('subUnitsTitle') : t('top')}</h2>
          {searchable ? <form method="get" role="search" className="flex items-end gap-2">
            {level.unit ? <input type="hidden" name="unit" value={level.unit.id} /> : null}
            <div>
              <label htmlFor="org-q" className="label">{t('searchLabel')}</label>
              <input id="org-q" name="q" type="search" defaultValue={level.q} className="input" />
            </div>
            <button type="submit" className="btn-secondary">{t('search')}</button>
          </form> : null}
        </div>
        {level.children.length === 0 ? <p className="mt-4 text-slate-600">{t('empty')}</p> : null}
        <ul className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="org-children">
          {level.children.map((u) => (
            <li key={u.id} className="card p-4" data-testid="org-child">
              <p className="font-medium">
                <Link href={`/org?unit=${u.id}`} className="text-brand-700 hover:underline">{name(u)}</Link>
              </p>
              <p className="mt-1 flex flex-wrap gap-2 text-sm"><span className="text-slate-500">{t('heads')}</span>{heads(u.heads)}</p>
              <p className="mt-1 text-sm text-slate-600">
                {t('headCount', { count: u.headCount })}
                {u.childCount > 0 ? ` · ${t('subUnits', { count: u.childCount })}` : ''}
              </p>
            </li>
          ))}
        </ul>
        {level.next || sp.after ? (
          <div className="mt-4 flex gap-2">
            {sp.after ? <Link href={levelHref({ q: level.q || undefined })} className="btn-secondary">{t('first')}</Link> : null}
            {level.next ? <Link href={levelHref({ q: level.q || undefined, after: level.next })} className="btn-secondary" data-testid="org-next">{t('more')}</Link> : null}
          </div>
        ) : null}
      </section>
    </div>
  );
}
