import 'server-only';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import { invalidFields, isAppError } from '@/lib/errors';
import { fileStore, type StoredFileMeta } from '@/lib/files/storage';
import { isPreviewableImage } from '@/lib/files/http';
import { MAX_FILES_PER_ITEM } from '@/lib/files/limits';
import { checkUploads, type Upload, type UploadRefusal } from '@/lib/files/validate';
import { isUuid } from '@/lib/ids';
import { loadVisibleAccess } from './access';

type Db = Kysely<DB> | Transaction<DB>;

export type AttachmentItem = { id: string; filename: string; contentType: string; size: number; position: number };

/** The files of one announcement, in order. System-level: the caller has checked the viewer. */
export async function listAttachments(db: Db, announcementId: string): Promise<AttachmentItem[]> {
  const rows = await db
    .selectFrom('announcement_attachment as aa')
    .innerJoin('stored_file as f', 'f.id', 'aa.file_id')
    .select(['f.id', 'f.filename', 'f.content_type', 'f.size', 'aa.position'])
    .where('aa.announcement_id', '=', announcementId)
    .orderBy('aa.position')
    .orderBy('f.created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, filename: r.filename, contentType: r.content_type, size: r.size, position: r.position }));
}

/**
 * `pending`: files stored earlier by this person (stashPendingUploads: chosen in a submission the
 * rest of which was refused), to become attachments now.
 */
export type AttachmentChanges = { add: Upload[]; remove: string[]; pending?: string[] };

export type PendingFile = { id: string; filename: string; contentType: string; size: number };

const attachmentsError = (refusal: Pick<UploadRefusal, 'error' | 'params'>) =>
  invalidFields({ attachments: { key: `errors.files.${refusal.error}`, params: refusal.params } });

/**
 * Files chosen in the compose form are stored at once, even when the rest of the form is then
 * refused: they are the person's own "pending" files until the form is saved (they become the
 * item's attachments) or the person removes them. Browsers cannot refill a file input, so this is
 * what keeps a refusal from losing them. Checked by content like every upload; a refused file
 * throws INVALID (field `attachments`). Own transaction: kept whatever happens to the form.
 */
export async function stashPendingUploads(db: Kysely<DB>, viewer: Viewer, uploads: Upload[], alreadyChosen: number): Promise<PendingFile[]> {
  if (uploads.length === 0) return [];
  const checked = checkUploads(uploads, alreadyChosen);
  if (!checked.ok) throw attachmentsError(checked.refusal);
  return db.transaction().execute(async (trx) => {
    const out: PendingFile[] = [];
    for (const f of checked.files) {
      const meta = await fileStore.put(trx, viewer.id, f);
      await trx.insertInto('announcement_pending_file').values({ file_id: meta.id, owner_id: viewer.id }).execute();
      out.push({ id: meta.id, filename: meta.filename, contentType: meta.contentType, size: meta.size });
    }
    return out;
  });
}

/** The viewer's own pending files among `ids` (anyone else's, or an attached one, is not listed). */
export async function pendingFilesOf(db: Db, viewer: Viewer, ids: string[]): Promise<PendingFile[]> {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (wanted.length === 0) return [];
  const rows = await db
    .selectFrom('announcement_pending_file as p')
    .innerJoin('stored_file as f', 'f.id', 'p.file_id')
    .select(['f.id', 'f.filename', 'f.content_type', 'f.size'])
    .where('p.owner_id', '=', viewer.id)
    .where('p.file_id', 'in', wanted)
    .execute();
  // In the order the form holds them (the order they were chosen in): one transaction stores them
  // all with the same created_at.
  rows.sort((a, b) => wanted.indexOf(a.id) - wanted.indexOf(b.id));
  return rows.map((r) => ({ id: r.id, filename: r.filename, contentType: r.content_type, size: Number(r.size) }));
}

/** Removes the viewer's own pending files among `ids` (the person unticked them). */
export async function discardPendingFiles(db: Kysely<DB>, viewer: Viewer, ids: string[]): Promise<void> {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (wanted.length === 0) return;
  await db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('announcement_pending_file').where('owner_id', '=', viewer.id).where('file_id', 'in', wanted).returning('file_id').execute();
    await fileStore.deleteUnreferenced(trx, gone.map((g) => g.file_id));
  });
}

/**
 * Applies the compose form's attachment changes inside saveAnnouncement's transaction, after it
 * has checked that the viewer is the author of an editable item: removes the files asked for
 * (only this item's; a file nothing refers to any more is deleted), then checks and stores the
 * new ones. A refused file throws INVALID (field `attachments`, with the file name and limit),
 * which rolls the whole save back: nothing half-saved.
 */
export async function applyAttachmentChanges(
  trx: Transaction<DB>,
  viewer: Viewer,
  announcementId: string,
  changes: AttachmentChanges,
): Promise<{ added: StoredFileMeta[]; removed: string[] }> {
  const removeIds = [...new Set(changes.remove.filter(isUuid))];
  let removed: string[] = [];
  if (removeIds.length > 0) {
    removed = (await trx.deleteFrom('announcement_attachment').where('announcement_id', '=', announcementId).where('file_id', 'in', removeIds).returning('file_id').execute()).map((r) => r.file_id);
    await fileStore.deleteUnreferenced(trx, removed);
  }
  const added: StoredFileMeta[] = [];
  const pendingIds = [...new Set((changes.pending ?? []).filter(isUuid))];
  if (pendingIds.length > 0) {
    // Only the viewer's own pending files: claimed (deleted from the pending list) and attached.
    const claimed = (await trx.deleteFrom('announcement_pending_file').where('owner_id', '=', viewer.id).where('file_id', 'in', pendingIds).returning('file_id').execute()).map((r) => r.file_id);
    if (claimed.length > 0) {
      const before = await trx
        .selectFrom('announcement_attachment')
        .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('position').as('last')])
        .where('announcement_id', '=', announcementId)
        .executeTakeFirstOrThrow();
      if (Number(before.n) + claimed.length + changes.add.length > MAX_FILES_PER_ITEM) throw attachmentsError({ error: 'tooManyFiles', params: { max: MAX_FILES_PER_ITEM } });
      let position = before.last === null ? 0 : Number(before.last) + 1;
      const metas = await trx.selectFrom('stored_file').select(['id', 'owner_id', 'filename', 'content_type', 'size', 'sha256', 'created_at']).where('id', 'in', claimed).execute();
      // Attached in the order the form holds them (the order chosen), not by a timestamp they share.
      metas.sort((a, b) => pendingIds.indexOf(a.id) - pendingIds.indexOf(b.id));
      for (const m of metas) {
        await trx.insertInto('announcement_attachment').values({ announcement_id: announcementId, file_id: m.id, position: position++ }).execute();
        added.push({ id: m.id, ownerId: m.owner_id, filename: m.filename, contentType: m.content_type, size: Number(m.size), sha256: m.sha256, createdAt: m.created_at });
      }
    }
  }
  if (changes.add.length === 0) return { added, removed };
  const existing = await trx
    .selectFrom('announcement_attachment')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('position').as('last')])
    .where('announcement_id', '=', announcementId)
    .executeTakeFirstOrThrow();
  const checked = checkUploads(changes.add, Number(existing.n));
  if (!checked.ok) throw attachmentsError(checked.refusal);
  let position = existing.last === null ? 0 : Number(existing.last) + 1;
  for (const f of checked.files) {
    const meta = await fileStore.put(trx, viewer.id, f);
    await trx.insertInto('announcement_attachment').values({ announcement_id: announcementId, file_id: meta.id, position: position++ }).execute();
    added.push(meta);
  }
  return { added, removed };
}

/**
 * Whether the viewer may open one of the announcements this file is attached to — by the same
 * rule as the announcement page (loadVisibleAccess). Used by lib/files to authorise downloads.
 */
export async function mayViewAnnouncementFile(db: Db, viewer: Viewer, fileId: string): Promise<boolean> {
  // Attached to an announcement, or its cover image.
  const links = [
    ...(await db.selectFrom('announcement_attachment').select('announcement_id').where('file_id', '=', fileId).limit(20).execute()),
    ...(await db.selectFrom('announcement').select('id as announcement_id').where('cover_file_id', '=', fileId).limit(20).execute()),
  ];
  for (const { announcement_id } of links) {
    try {
      await loadVisibleAccess(db, viewer, announcement_id);
      return true;
    } catch (e) {
      if (isAppError(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) continue;
      throw e;
    }
  }
  return false;
}

/**
 * A cover image chosen in the compose form: checked by content like every upload and, on top,
 * only a raster image (PNG, JPEG, GIF, WebP — never SVG) — then stored as the person's pending
 * file, like attachments, so a refused form does not lose it. INVALID on `cover` otherwise.
 */
export async function stashPendingCover(db: Kysely<DB>, viewer: Viewer, upload: Upload): Promise<PendingFile> {
  const checked = checkUploads([upload], 0);
  if (!checked.ok) throw invalidFields({ cover: { key: `errors.files.${checked.refusal.error}`, params: checked.refusal.params } });
  const [file] = checked.files;
  if (!isPreviewableImage(file.contentType)) throw invalidFields({ cover: 'announcements.errors.coverNotImage' });
  return db.transaction().execute(async (trx) => {
    const meta = await fileStore.put(trx, viewer.id, file);
    await trx.insertInto('announcement_pending_file').values({ file_id: meta.id, owner_id: viewer.id }).execute();
    return { id: meta.id, filename: meta.filename, contentType: meta.contentType, size: meta.size };
  });
}

/**
 * Sets (the viewer's own pending image `pending`) or removes the item's cover, inside the save's
 * transaction after the caller checked the viewer may change the item. The old cover's file goes
 * when nothing else refers to it. Returns the cover now in place.
 */
export async function applyCoverChange(trx: Transaction<DB>, viewer: Viewer, announcementId: string, change: { pending?: string | null; remove?: boolean }): Promise<string | null> {
  const current = await trx.selectFrom('announcement').select('cover_file_id').where('id', '=', announcementId).executeTakeFirstOrThrow();
  let next = change.remove ? null : current.cover_file_id;
  if (change.pending && isUuid(change.pending)) {
    const claimed = await trx.deleteFrom('announcement_pending_file').where('owner_id', '=', viewer.id).where('file_id', '=', change.pending).returning('file_id').executeTakeFirst();
    if (claimed) next = claimed.file_id;
  }
  if (next !== current.cover_file_id) {
    await trx.updateTable('announcement').set({ cover_file_id: next }).where('id', '=', announcementId).execute();
    if (current.cover_file_id) await fileStore.deleteUnreferenced(trx, [current.cover_file_id]);
  }
  return next;
}
