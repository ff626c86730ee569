import 'server-only';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import { invalidFields, isAppError } from '@/lib/errors';
import { fileStore } from '@/lib/files/storage';
import { checkUploads, type Upload } from '@/lib/files/validate';
import { isUuid } from '@/lib/ids';
import { loadMeetingAccess } from './access';

type Db = Kysely<DB> | Transaction<DB>;

export type MeetingFile = { id: string; filename: string; contentType: string; size: number };

/** The agenda documents of one meeting, in order. System-level: the caller has checked the viewer. */
export async function listMeetingFiles(db: Db, meetingId: string): Promise<MeetingFile[]> {
  const rows = await db
    .selectFrom('meeting_file as mf')
    .innerJoin('stored_file as f', 'f.id', 'mf.file_id')
    .select(['f.id', 'f.filename', 'f.content_type', 'f.size'])
    .where('mf.meeting_id', '=', meetingId)
    .orderBy('mf.position')
    .orderBy('mf.added_at')
    .execute();
  return rows.map((r) => ({ id: r.id, filename: r.filename, contentType: r.content_type, size: Number(r.size) }));
}

export type MeetingFileChanges = { add: Upload[]; remove: string[] };

/**
 * Applies the meeting form's file changes inside saveMeeting's transaction, after it checked that
 * the viewer may edit: removes the files asked for (this meeting's only; a file nothing refers to
 * any more is deleted), then checks (lib/files: content-sniffed, size and count limits) and stores
 * the new ones. A refused file throws INVALID on `attachments`: the whole save rolls back.
 */
export async function applyMeetingFileChanges(trx: Transaction<DB>, viewer: Viewer, meetingId: string, changes: MeetingFileChanges, now: Date): Promise<{ added: number; removed: number }> {
  const removeIds = [...new Set(changes.remove.filter(isUuid))];
  let removed: string[] = [];
  if (removeIds.length > 0) {
    removed = (await trx.deleteFrom('meeting_file').where('meeting_id', '=', meetingId).where('file_id', 'in', removeIds).returning('file_id').execute()).map((r) => r.file_id);
    await fileStore.deleteUnreferenced(trx, removed);
  }
  if (changes.add.length === 0) return { added: 0, removed: removed.length };
  const existing = await trx
    .selectFrom('meeting_file')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('position').as('last')])
    .where('meeting_id', '=', meetingId)
    .executeTakeFirstOrThrow();
  const checked = checkUploads(changes.add, Number(existing.n));
  if (!checked.ok) throw invalidFields({ attachments: { key: `errors.files.${checked.refusal.error}`, params: checked.refusal.params } });
  let position = existing.last === null ? 0 : Number(existing.last) + 1;
  for (const f of checked.files) {
    const meta = await fileStore.put(trx, viewer.id, f);
    await trx.insertInto('meeting_file').values({ meeting_id: meetingId, file_id: meta.id, position: position++, added_by: viewer.id, added_at: now }).execute();
  }
  return { added: checked.files.length, removed: removed.length };
}

/**
 * Whether the viewer may see a meeting this file is attached to, by the same rule as the meeting
 * page (loadMeetingAccess → can.downloadFiles). lib/files asks this for downloads: a partner who
 * does not attend gets NOT_FOUND for the file too.
 */
export async function mayViewMeetingFile(db: Db, viewer: Viewer, fileId: string): Promise<boolean> {
  const links = await db.selectFrom('meeting_file').select('meeting_id').where('file_id', '=', fileId).limit(5).execute();
  for (const { meeting_id } of links) {
    try {
      const a = await loadMeetingAccess(db, viewer, meeting_id);
      if (a.can.downloadFiles) return true;
    } catch (e) {
      if (isAppError(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN' || e.code === 'UNAUTHENTICATED')) continue;
      throw e;
    }
  }
  return false;
}
