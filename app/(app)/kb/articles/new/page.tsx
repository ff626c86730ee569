import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getFolder, getSpace } from '@/lib/kb/queries';
import { ArticleEditor } from '../../_components/article-editor';
import { Crumbs } from '../../_components/crumbs';
import { editorLabels } from '../../_components/labels';
import { createArticleAction, previewArticleAction } from '../../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb'))('newArticle') };
}

export default async function NewArticlePage({ searchParams }: { searchParams: Promise<{ space?: string; folder?: string }> }) {
  const sp = await searchParams;
  const viewer = await getViewer();
  const t = await getTranslations('kb');
  const folder = sp.folder ? await guard(getFolder(db(), viewer, sp.folder)) : null;
  const space = folder ? null : await guard(getSpace(db(), viewer, String(sp.space ?? '')));
  const crumbs = folder ? [...folder.crumbs, { kind: 'folder' as const, id: folder.id, name: folder.name }] : [{ kind: 'space' as const, id: space!.id, name: space!.name }];
  const hidden: Record<string, string> = { spaceId: folder ? folder.spaceId : space!.id, ...(folder ? { folderId: folder.id } : {}) };
  return (
    <div className="space-y-4">
      <Crumbs crumbs={crumbs} current={t('newArticle')} />
      <h1 className="page-title">{t('newArticle')}</h1>
      <ArticleEditor action={createArticleAction} preview={previewArticleAction} labels={await editorLabels()} hidden={hidden} initial={{ title: '', body: '' }} />
    </div>
  );
}
