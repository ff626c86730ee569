import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { compareVersions } from '@/lib/kb/queries';
import { loadArticleAccess } from '@/lib/kb/access';
import { Crumbs } from '../../../_components/crumbs';
import { DiffSideBySide, DiffView } from '../../../_components/diff-view';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb'))('compareTitle') };
}

/** Two versions inline or side by side (`view=side`): additions and deletions marked. `to=latest` means the current version. */
export default async function ComparePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string; to?: string; view?: string }> }) {
  const { id } = await params;
  const sp = await searchParams;
  const viewer = await getViewer();
  const current = sp.to === 'latest' || sp.from === 'latest' ? (await guard(loadArticleAccess(db(), viewer, id))).version : 0;
  const num = (s: string | undefined) => (s === 'latest' ? current : Number(s));
  const c = await guard(compareVersions(db(), viewer, id, num(sp.from), num(sp.to)));
  const t = await getTranslations('kb');
  const side = sp.view === 'side';
  const href = (view: 'inline' | 'side') => `/kb/articles/${id}/compare?from=${c.from.version}&to=${c.to.version}${view === 'side' ? '&view=side' : ''}`;
  const tab = (on: boolean) => (on ? 'rounded-md bg-brand-600 px-3 py-1 text-white' : 'rounded-md px-3 py-1 text-brand-700 hover:bg-slate-100');
  return (
    <div className="space-y-4">
      <Crumbs crumbs={[]} current={c.title} />
      <h1 className="page-title">{t('compareTitle')}</h1>
      <p className="text-sm text-slate-600" data-testid="compare-heading">
        {t('version', { version: c.from.version })} ({c.from.authorName}) → {t('version', { version: c.to.version })} ({c.to.authorName}) ·{' '}
        {t('diffStats', c.stats)}
      </p>
      <div className="flex flex-wrap gap-3 text-sm">
        <span><ins className="bg-emerald-100 text-emerald-900">{t('added')}</ins></span>
        <span><del className="bg-red-100 text-red-900">{t('removed')}</del></span>
        <Link href={`/kb/articles/${id}/history`} className="text-brand-700 hover:underline">{t('history')}</Link>
      </div>
      <nav aria-label={t('compareLayout')} className="flex gap-1 text-sm">
        <Link href={href('inline')} className={tab(!side)} aria-current={side ? undefined : 'page'} data-testid="compare-inline">{t('compareInline')}</Link>
        <Link href={href('side')} className={tab(side)} aria-current={side ? 'page' : undefined} data-testid="compare-side">{t('compareSide')}</Link>
      </nav>
      {c.titleDiff.some((p) => p.op !== 'same') ? <DiffView parts={c.titleDiff} labels={{ added: t('added'), removed: t('removed') }} testId="title-diff" /> : null}
      {c.stats.added + c.stats.removed === 0 ? <p className="text-slate-600">{t('noChanges')}</p> : null}
      {side ? (
        <DiffSideBySide
          parts={c.parts}
          labels={{ added: t('added'), removed: t('removed'), from: t('version', { version: c.from.version }), to: t('version', { version: c.to.version }) }}
          testId="diff-side"
        />
      ) : <DiffView parts={c.parts} labels={{ added: t('added'), removed: t('removed') }} testId="diff" />}
    </div>
  );
}
