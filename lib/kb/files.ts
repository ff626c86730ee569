import 'server-only';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError, invalidFields, isAppError } from '@/lib/errors';
import { fileStore } from '@/lib/files/storage';
import { MAX_FILES_PER_ITEM } from '@/lib/files/limits';
import { maxDocumentBytes, receiveStream } from '@/lib/files/stream';
import { checkUploads, type Upload } from '@/lib/files/validate';
import { parseInput } from '@/lib/forms/parse';
import { uploadsOf } from '@/lib/forms/values';
import type { RequestMeta } from '@/lib/http/request-meta';
import { requireKbAbility } from './abilities';
import { loadArticleAccess } from './access';
import { reindexArticle } from './mutations';
import { articleIdSchema, removeFileSchema, streamFileSchema } from './schema';

type Db = Kysely<DB> | Transaction<DB>;
type Opts = { meta?: RequestMeta; formData?: FormData; uploads?: Upload[] };


/**
 * Whether the viewer may read an article this file is attached to, by the article's own rule
 * (loadArticleAccess). lib/files asks this for downloads: a partner of another organisation, or
 * anyone outside the article's audiences, gets NOT_FOUND for the file too.
 */
export async function mayViewKbFile(db: Db, viewer: Viewer, fileId: string): Promise<boolean> {
  const links = await db.selectFrom('kb_article_file').select('article_id').where('file_id', '=', fileId).limit(5).execute();
  for (const { article_id } of links) {
    try {
      await loadArticleAccess(db, viewer, article_id);
      return true;
    } catch (e) {
      if (isAppError(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) continue;
      throw e;
    }
  }
  return false;
}

/**
 * Attaches files to an article (its editors): each checked by lib/files (allowed type, content
 * matching the extension, size, a safe name), stored, linked and added to the search index (file
 * names are searchable). One refusal refuses the whole batch; nothing is stored.
 */
export async function addArticleFiles(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<{ id: string; added: number }> {
  const v = requireViewer(viewer);
  const f = parseInput(articleIdSchema, raw);
  const uploads = opts.uploads ?? (opts.formData ? await uploadsOf(opts.formData, 'files') : []);
  return db.transaction().execute(async (trx) => {
    const access = await loadArticleAccess(trx, v, f.id, { forUpdate: true });
    requireKbAbility(v, access.can, 'edit');
    if (uploads.length === 0) throw invalidFields({ files: 'kb.errors.noFile' });
    const existing = await trx.selectFrom('kb_article_file').select((eb) => eb.fn.countAll<string>().as('n')).where('article_id', '=', f.id).executeTakeFirstOrThrow();
    const checked = checkUploads(uploads, Number(existing.n));
    if (!checked.ok) throw invalidFields({ files: { key: `errors.files.${checked.refusal.error}`, params: checked.refusal.params } });
    for (const file of checked.files) {
      const meta = await fileStore.put(trx, v.id, file);
      await trx.insertInto('kb_article_file').values({ article_id: f.id, file_id: meta.id, added_by: v.id }).execute();
    }
    await reindexArticle(trx, f.id);
    await recordAudit(trx, {
      actor: v, action: 'kb.file_add', target: { type: 'kb_article', id: f.id, label: access.title },
      details: { files: checked.files.map((x) => ({ name: x.filename, size: x.size, sha256: x.sha256 })) }, meta: opts.meta,
    });
    return { id: f.id, added: checked.files.length };
  });
}

/**
 * One large document streamed onto an article (its editors): `POST /api/kb/articles/<id>/files`
 * with the file as the body. Checked as it streams (lib/files/stream.ts), up to
 * maxDocumentBytes() (100 MB unless configured), never held whole in memory.
 *
 * No transaction and no lock is held while the bytes arrive (a 100 MB upload over a slow line
 * takes minutes; the article's row stays free for saves and other uploads): the viewer's right is
 * checked first, the file streams into the store (which commits it on its own, unreferenced), and
 * only then one short transaction locks the article, checks again (right, file count), links the
 * file, reindexes and audits. A refusal while streaming leaves nothing; should the short
 * transaction fail, the stored file is removed again.
 */
export async function addArticleFileStream(
  db: Kysely<DB>, viewer: Viewer | null, raw: unknown, body: ReadableStream<Uint8Array> | null, opts: Pick<Opts, 'meta'> & { maxBytes?: number } = {},
): Promise<{ id: string; fileId: string; filename: string }> {
  const v = requireViewer(viewer);
  const f = parseInput(streamFileSchema, raw);
  const refuse = (key: string, params: Record<string, string | number>) => invalidFields({ files: { key: key as never, params } }, params);
  const countFiles = async (q: Kysely<DB> | Transaction<DB>) =>
    Number((await q.selectFrom('kb_article_file').select((eb) => eb.fn.countAll<string>().as('n')).where('article_id', '=', f.id).executeTakeFirstOrThrow()).n);
  // 1. A quick look before accepting bytes (no lock): who, and room for one more file.
  try {
    const before = await loadArticleAccess(db, v, f.id);
    requireKbAbility(v, before.can, 'edit');
    if ((await countFiles(db)) >= MAX_FILES_PER_ITEM) throw refuse('errors.files.tooManyFiles', { max: MAX_FILES_PER_ITEM });
    if (!body) throw refuse('errors.files.fileEmpty', { name: f.name });
  } catch (e) {
    await body?.cancel().catch(() => {});
    throw e;
  }
  // 2. The bytes, into the store, outside any transaction of ours.
  const maxBytes = opts.maxBytes ?? maxDocumentBytes();
  const writer = await fileStore.begin(db, v.id);
  const r = await receiveStream(f.name, body, writer, maxBytes).catch(async (e: unknown) => { await writer.abort(); throw e; });
  if (!r.ok) {
    await writer.abort();
    throw refuse(`errors.files.${r.refusal.error}`, r.refusal.params);
  }
  const meta = await writer.finish(r.info);
  // 3. The rows, in one short transaction; the file goes again if it fails.
  try {
    return await db.transaction().execute(async (trx) => {
      const access = await loadArticleAccess(trx, v, f.id, { forUpdate: true });
      requireKbAbility(v, access.can, 'edit');
      if ((await countFiles(trx)) >= MAX_FILES_PER_ITEM) throw refuse('errors.files.tooManyFiles', { max: MAX_FILES_PER_ITEM });
      await trx.insertInto('kb_article_file').values({ article_id: f.id, file_id: meta.id, added_by: v.id }).execute();
      await reindexArticle(trx, f.id);
      await recordAudit(trx, {
        actor: v, action: 'kb.file_add', target: { type: 'kb_article', id: f.id, label: access.title },
        details: { files: [{ name: meta.filename, size: meta.size, sha256: meta.sha256 }], streamed: true }, meta: opts.meta,
      });
      return { id: f.id, fileId: meta.id, filename: meta.filename };
    });
  } catch (e) {
    await fileStore.deleteUnreferenced(db, [meta.id]).catch(() => {});
    throw e;
  }
}

/** Removes an attachment from an article (its editors); the bytes go when nothing else refers to them. */
export async function removeArticleFile(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Pick<Opts, 'meta'> = {}): Promise<{ id: string }> {
  const v = requireViewer(viewer);
  const f = parseInput(removeFileSchema, raw);
  return db.transaction().execute(async (trx) => {
    const access = await loadArticleAccess(trx, v, f.id, { forUpdate: true });
    requireKbAbility(v, access.can, 'edit');
    const link = await trx.deleteFrom('kb_article_file').where('article_id', '=', f.id).where('file_id', '=', f.fileId).returning('file_id').executeTakeFirst();
    if (!link) throw new AppError('NOT_FOUND');
    const file = await trx.selectFrom('stored_file').select(['filename']).where('id', '=', f.fileId).executeTakeFirst();
    await fileStore.deleteUnreferenced(trx, [f.fileId]);
    await reindexArticle(trx, f.id);
    await recordAudit(trx, { actor: v, action: 'kb.file_remove', target: { type: 'kb_article', id: f.id, label: access.title }, details: { fileId: f.fileId, name: file?.filename ?? null }, meta: opts.meta });
    return { id: f.id };
  });
}
