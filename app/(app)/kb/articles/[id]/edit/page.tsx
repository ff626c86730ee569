import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getArticleSource } from '@/lib/kb/queries';
import { ArticleEditor } from '../../../_components/article-editor';
import { Crumbs } from '../../../_components/crumbs';
import { editorLabels } from '../../../_components/labels';
import { previewArticleAction, saveArticleAction } from '../../../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb'))('edit') };
}

/** Edits an article; the version it was opened at travels with the form (a stale save is refused). */
export default async function EditArticlePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const a = await guard(getArticleSource(db(), await getViewer(), id));
  const t = await getTranslations('kb');
  return (
    <div className="space-y-4">
      <Crumbs crumbs={a.crumbs} current={a.title} />
      <h1 className="page-title">{t('edit')} · {t('version', { version: a.version })}</h1>
      <ArticleEditor action={saveArticleAction} preview={previewArticleAction} labels={await editorLabels()} hidden={{ id: a.id }}
        initial={{ title: a.title, body: a.bodyMd }} baseVersion={a.version} articleId={a.id} showMaterial />
    </div>
  );
}
