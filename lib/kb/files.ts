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
 * with the file as the body. Checked as it streams (lib/files/stream.ts), stored in 1 MiB chunks,
 * never held whole in memory; up to maxDocumentBytes() (100 MB unless configured). A refusal
 * rolls everything back.
 */
export async function addArticleFileStream(
  db: Kysely<DB>, viewer: Viewer | null, raw: unknown, body: ReadableStream<Uint8Array> | null, opts: Pick<Opts, 'meta'> & { maxBytes?: number } = {},
): Promise<{ id: string; fileId: string; filename: string }> {
  const v = requireViewer(viewer);
  const f = parseInput(streamFileSchema, raw);
  return db.transaction().execute(async (trx) => {
    const access = await loadArticleAccess(trx, v, f.id, { forUpdate: true });
    requireKbAbility(v, access.can, 'edit');
    const maxBytes = opts.maxBytes ?? maxDocumentBytes();
    const existing = await trx.selectFrom('kb_article_file').select((eb) => eb.fn.countAll<string>().as('n')).where('article_id', '=', f.id).executeTakeFirstOrThrow();
    const refuse = (key: string, params: Record<string, string | number>) => invalidFields({ files: { key: key as never, params } }, params);
    if (Number(existing.n) >= MAX_FILES_PER_ITEM) {
      await body?.cancel().catch(() => {});
      throw refuse('errors.files.tooManyFiles', { max: MAX_FILES_PER_ITEM });
    }
    if (!body) throw refuse('errors.files.fileEmpty', { name: f.name });
    const writer = await fileStore.begin(trx, v.id);
    const r = await receiveStream(f.name, body, writer, maxBytes).catch(async (e: unknown) => { await writer.abort(); throw e; });
    if (!r.ok) {
      await writer.abort();
      throw refuse(`errors.files.${r.refusal.error}`, r.refusal.params);
    }
    const meta = await writer.finish(r.info);
    await trx.insertInto('kb_article_file').values({ article_id: f.id, file_id: meta.id, added_by: v.id }).execute();
    await reindexArticle(trx, f.id);
    await recordAudit(trx, {
      actor: v, action: 'kb.file_add', target: { type: 'kb_article', id: f.id, label: access.title },
      details: { files: [{ name: meta.filename, size: meta.size, sha256: meta.sha256 }], streamed: true }, meta: opts.meta,
    });
    return { id: f.id, fileId: meta.id, filename: meta.filename };
  });
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
