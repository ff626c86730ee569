import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getFolder } from '@/lib/kb/queries';
import { Crumbs } from '../../_components/crumbs';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb'))('title') };
}

export default async function FolderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const f = await guard(getFolder(db(), await getViewer(), id));
  const t = await getTranslations('kb');
  const format = await getFormatter();
  return (
    <div className="space-y-6">
      <Crumbs crumbs={f.crumbs} current={f.name} />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h1 className="page-title" data-testid="folder-title">📁 {f.name}</h1>
        <div className="flex flex-wrap gap-2">
          {f.can.edit ? <Link href={`/kb/articles/new?space=${f.spaceId}&folder=${f.id}`} className="btn-primary" data-testid="folder-new-article">{t('newArticle')}</Link> : null}
          {f.can.edit ? <Link href={`/kb/spaces/${f.spaceId}/import?folder=${f.id}`} className="btn-secondary" data-testid="folder-import">{t('import.action')}</Link> : null}
          {f.can.manage ? <Link href={`/kb/folders/new?space=${f.spaceId}&parent=${f.id}`} className="btn-secondary">{t('newFolder')}</Link> : null}
          {f.can.manage ? <Link href={`/kb/folders/${f.id}/settings`} className="btn-secondary" data-testid="folder-settings">{t('folderSettings')}</Link> : null}
        </div>
      </div>
      {f.folders.length > 0 ? (
        <section aria-labelledby="sub-h" className="space-y-2">
          <h2 id="sub-h" className="font-semibold">{t('folders')}</h2>
          <ul className="card divide-y divide-slate-100">
            {f.folders.map((x) => (
              <li key={x.id} className="flex items-center justify-between px-3 py-2">
                <Link href={`/kb/folders/${x.id}`} className="text-brand-700 hover:underline">📁 {x.name}</Link>
                {x.restricted ? <span className="badge">{t('restricted')}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="art-h" className="space-y-2">
        <h2 id="art-h" className="font-semibold">{t('articles')}</h2>
        {f.articles.length === 0 ? <p className="text-sm text-slate-600">{t('noArticles')}</p> : (
          <ul className="card divide-y divide-slate-100 px-3" data-testid="folder-articles">
            {f.articles.map((a) => (
              <li key={a.id} className="flex flex-wrap items-baseline justify-between gap-x-3 py-2">
                <Link href={`/kb/articles/${a.id}`} className="font-medium text-brand-700 hover:underline">{a.title}</Link>
                <span className="text-xs text-slate-500">{t('updatedBy', { time: format.dateTime(a.updatedAt, { dateStyle: 'medium', timeStyle: 'short' }), name: a.updatedByName })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
