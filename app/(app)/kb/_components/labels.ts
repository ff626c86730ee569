import 'server-only';
import { getTranslations } from 'next-intl/server';
import type { EditorLabels } from './article-editor';

/** The editor's words, translated on the server (client components get no catalogs). */
export async function editorLabels(): Promise<EditorLabels> {
  const t = await getTranslations('kb');
  return {
    title: t('articleTitle'), body: t('body'), bodyHint: t('bodyHint'), preview: t('preview'), outline: t('outline'), summary: t('summary'),
    material: t('material'), save: t('save'), seeOtherChange: t.raw('seeOtherChange') as string, conflictHint: t('conflictHint'),
  };
}
