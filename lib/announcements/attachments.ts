import 'server-only';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import { invalidFields, isAppError } from '@/lib/errors';
import { fileStore, type StoredFileMeta } from '@/lib/files/storage';
import { checkUploads, type Upload } from '@/lib/files/validate';
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

export type AttachmentChanges = { add: Upload[]; remove: string[] };

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
  if (changes.add.length === 0) return { added, removed };
  const existing = await trx
    .selectFrom('announcement_attachment')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('position').as('last')])
    .where('announcement_id', '=', announcementId)
    .executeTakeFirstOrThrow();
  const checked = checkUploads(changes.add, Number(existing.n));
  if (!checked.ok) {
    throw invalidFields({ attachments: { key: `errors.files.${checked.refusal.error}`, params: checked.refusal.params } });
  }
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
  const links = await db.selectFrom('announcement_attachment').select('announcement_id').where('file_id', '=', fileId).limit(20).execute();
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
