import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { Crumb } from '@/lib/kb/queries';

/** Breadcrumbs: Knowledge base › space › folders (a folder the viewer may not read shows as …). */
export async function Crumbs({ crumbs, current }: { crumbs: Crumb[]; current?: string }) {
  const t = await getTranslations('kb');
  return (
    <nav aria-label={t('breadcrumb')} className="text-sm text-slate-600" data-testid="kb-crumbs">
      <ol className="flex flex-wrap items-center gap-1">
        <li><Link href="/kb" className="text-brand-700 hover:underline">{t('title')}</Link></li>
        {crumbs.map((c) => (
          <li key={c.id} className="flex items-center gap-1">
            <span aria-hidden>›</span>
            {c.name === null ? <span>{t('hiddenFolder')}</span> : (
              <Link href={c.kind === 'space' ? `/kb/spaces/${c.id}` : `/kb/folders/${c.id}`} className="text-brand-700 hover:underline">{c.name}</Link>
            )}
          </li>
        ))}
        {current ? <li className="flex items-center gap-1"><span aria-hidden>›</span><span aria-current="page" className="text-slate-900">{current}</span></li> : null}
      </ol>
    </nav>
  );
}
