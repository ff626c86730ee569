import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getSpace, type ArticleItem } from '@/lib/kb/queries';
import { Crumbs } from '../../_components/crumbs';
import { Colon } from '@/app/_components/colon';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb'))('title') };
}

/** A space's home: its folders (what the viewer may read), its top-level articles, recently changed. */
export default async function SpacePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const space = await guard(getSpace(db(), await getViewer(), id));
  const t = await getTranslations('kb');
  const format = await getFormatter();
  const row = (a: ArticleItem) => (
    <li key={a.id} className="flex flex-wrap items-baseline justify-between gap-x-3 py-2">
      <Link href={`/kb/articles/${a.id}`} className="font-medium text-brand-700 hover:underline">{a.title}</Link>
      <span className="text-xs text-slate-500">{a.folderName ? `${a.folderName} · ` : ''}{t('updatedBy', { time: format.dateTime(a.updatedAt, { dateStyle: 'medium', timeStyle: 'short' }), name: a.updatedByName })}</span>
    </li>
  );
  return (
    <div className="space-y-6">
      <Crumbs crumbs={[]} current={space.name} />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="page-title" data-testid="space-title">{space.name}</h1>
          {space.description ? <p className="mt-1 text-slate-600">{space.description}</p> : null}
          {space.owners.length ? <p className="mt-1 text-xs text-slate-500">{t('owners')}<Colon />{space.owners.map((o) => o.name).join('、')}</p> : null}
        </div>
        <div className="flex flex-wrap gap-2">
          {space.can.edit ? <Link href={`/kb/articles/new?space=${space.id}`} className="btn-primary" data-testid="space-new-article">{t('newArticle')}</Link> : null}
          {space.can.edit ? <Link href={`/kb/spaces/${space.id}/import`} className="btn-secondary" data-testid="space-import">{t('import.action')}</Link> : null}
          {space.can.manage ? <Link href={`/kb/folders/new?space=${space.id}`} className="btn-secondary" data-testid="space-new-folder">{t('newFolder')}</Link> : null}
          {space.can.manage ? <Link href={`/kb/spaces/${space.id}/settings`} className="btn-secondary" data-testid="space-settings">{t('spaceSettings')}</Link> : null}
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="space-y-2 lg:col-span-1" aria-labelledby="folders-h">
          <h2 id="folders-h" className="font-semibold">{t('folders')}</h2>
          {space.folders.length === 0 ? <p className="text-sm text-slate-600">{t('noFolders')}</p> : (
            <ul className="card divide-y divide-slate-100" data-testid="space-folders">
              {space.folders.map((f) => (
                <li key={f.id} className="flex items-center justify-between gap-2 px-3 py-2">
                  <Link href={`/kb/folders/${f.id}`} className="text-brand-700 hover:underline">📁 {f.name}</Link>
                  {f.restricted ? <span className="badge">{t('restricted')}</span> : null}
                </li>
              ))}
            </ul>
          )}
          {space.rootArticles.length > 0 ? (
            <>
              <h2 className="pt-2 font-semibold">{t('articles')}</h2>
              <ul className="card divide-y divide-slate-100 px-3">{space.rootArticles.map(row)}</ul>
            </>
          ) : null}
        </section>
        <section className="space-y-2 lg:col-span-2" aria-labelledby="recent-h">
          <h2 id="recent-h" className="font-semibold">{t('recent')}</h2>
          {space.recent.length === 0 ? <p className="text-sm text-slate-600">{t('noArticles')}</p> : <ul className="card divide-y divide-slate-100 px-3" data-testid="space-recent">{space.recent.map(row)}</ul>}
        </section>
      </div>
    </div>
  );
}
