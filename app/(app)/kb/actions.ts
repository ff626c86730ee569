'use server';

import { getViewer } from '@/lib/auth/viewer';
import { formAction } from '@/lib/http/action';
import { previewArticle } from '@/lib/kb/preview';
import { addArticleFiles, removeArticleFile } from '@/lib/kb/files';
import { importIntoSpace } from '@/lib/kb/import';
import {
  acknowledge, createArticle, deleteArticle, markRequired, moveArticle, moveFolder, restoreVersion, saveArticle, saveFolder, saveSpace, unmarkRequired,
} from '@/lib/kb/mutations';

export const saveSpaceAction = formAction((c) => saveSpace(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: [{ layout: '/kb' }],
  success: 'kb.spaceSaved',
  redirect: (r) => (r.created ? `/kb/spaces/${r.id}` : undefined),
});

export const saveFolderAction = formAction((c) => saveFolder(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: [{ layout: '/kb' }],
  success: 'kb.folderSaved',
  redirect: (r) => (r.created ? `/kb/folders/${r.id}` : undefined),
});

export const moveFolderAction = formAction((c) => moveFolder(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: [{ layout: '/kb' }],
  success: 'kb.folderMoved',
});

export const createArticleAction = formAction((c) => createArticle(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: [{ layout: '/kb' }],
  redirect: (r) => `/kb/articles/${r.id}`,
});

export const saveArticleAction = formAction((c) => saveArticle(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: [{ layout: '/kb' }],
  redirect: (r) => `/kb/articles/${r.id}`,
});

export const restoreVersionAction = formAction((c) => restoreVersion(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: [{ layout: '/kb' }],
  redirect: (r) => `/kb/articles/${r.id}/history`,
});

export const moveArticleAction = formAction((c) => moveArticle(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: [{ layout: '/kb' }],
  success: 'kb.moved',
});

export const addArticleFilesAction = formAction((c) => addArticleFiles(c.db, c.viewer, c.values, { formData: c.formData, meta: c.meta }), {
  revalidate: [{ layout: '/kb' }],
  success: 'kb.filesAdded',
});

export const removeArticleFileAction = formAction((c) => removeArticleFile(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: [{ layout: '/kb' }],
  success: 'kb.fileRemoved',
});

export const deleteArticleAction = formAction((c) => deleteArticle(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: [{ layout: '/kb' }],
  redirect: (r) => (r.folderId ? `/kb/folders/${r.folderId}` : `/kb/spaces/${r.spaceId}`),
});

export const markRequiredAction = formAction((c) => markRequired(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: [{ layout: '/kb' }],
  success: 'kb.required.marked',
});

export const unmarkRequiredAction = formAction((c) => unmarkRequired(c.db, c.viewer, String(c.values.id ?? ''), { meta: c.meta }), {
  revalidate: [{ layout: '/kb' }],
  success: 'kb.required.unmarked',
});

export const acknowledgeAction = formAction((c) => acknowledge(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: [{ layout: '/kb' }, '/'],
  success: 'kb.required.acknowledged',
});

/** The editor's live preview: sanitised HTML and the outline (no form result: a plain server function). */
export async function previewArticleAction(body: string) {
  return previewArticle(await getViewer(), body);
}

export type KbImportView = {
  summary: string;
  firstArticleId: string | null;
  rows: { line: number; outcome: 'created' | 'rejected'; outcomeLabel: string; path: string; kind: string; articleId: string | null; reasons: string[] }[];
};

/** Import into a space or folder (lib/kb/import.ts decides who may and what happens); the per-file report in words. */
export const importAction = formAction((c) => importIntoSpace(c.db, c.viewer, c.values, { formData: c.formData, meta: c.meta }), {
  revalidate: [{ layout: '/kb' }],
  keepValues: false,
  data: (r, t): KbImportView => ({
    summary: t('kb.import.done', r.counts),
    firstArticleId: r.items.find((i) => i.articleId)?.articleId ?? null,
    rows: r.items.map((i, n) => ({
      line: n + 1,
      outcome: i.outcome === 'imported' ? 'created' : 'rejected',
      outcomeLabel: t(`kb.import.outcomes.${i.outcome}`),
      path: i.path,
      kind: t(`kb.import.kinds.${i.kind}`),
      articleId: i.articleId ?? null,
      reasons: i.reasons.map((m) => t(m.key, { name: i.path.split('/').filter(Boolean).pop() ?? i.path, ...m.params })),
    })),
  }),
});
