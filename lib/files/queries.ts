import 'server-only';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { mayViewAnnouncementFile } from '@/lib/announcements/attachments';
import { mayViewResponseFile } from '@/lib/announcements/responses';
import { mayViewRequestFile } from '@/lib/requests/files';
import { mayViewTaskFile } from '@/lib/tasks/files';
import { mayViewKbFile } from '@/lib/kb/files';
import { mayViewMeetingFile } from '@/lib/meetings/files';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { fileStore, type StoredFileMeta } from './storage';
import { isUuid } from '@/lib/ids';


/**
 * The features a file can be attached to, each answering "may this viewer open an item this
 * file is attached to?" by its own visibility rule. The knowledge base, meetings and tasks add
 * their check here (and their link table to FileStore.deleteUnreferenced).
 */
const attachedTo: ((db: Kysely<DB>, viewer: Viewer, fileId: string) => Promise<boolean>)[] = [
  mayViewAnnouncementFile,
  mayViewResponseFile,
  mayViewRequestFile,
  mayViewTaskFile,
  mayViewKbFile,
  mayViewMeetingFile,
];

/**
 * One file with its bytes, for a download. Allowed: the person who uploaded it, and anyone who
 * may see an item it is attached to. Everyone else — and any malformed or unknown id — gets
 * NOT_FOUND: nobody learns that a file exists.
 */
async function authorize(db: Kysely<DB>, viewer: Viewer | null, fileId: string): Promise<void> {
  const v = requireViewer(viewer);
  if (!isUuid(fileId)) throw new AppError('NOT_FOUND');
  const owner = await db.selectFrom('stored_file').select('owner_id').where('id', '=', fileId).executeTakeFirst();
  if (!owner) throw new AppError('NOT_FOUND');
  if (owner.owner_id !== v.id) {
    let allowed = false;
    for (const check of attachedTo) {
      if (await check(db, v, fileId)) { allowed = true; break; }
    }
    if (!allowed) throw new AppError('NOT_FOUND');
  }
}

export async function getFileForViewer(db: Kysely<DB>, viewer: Viewer | null, fileId: string): Promise<StoredFileMeta & { content: Uint8Array }> {
  await authorize(db, viewer, fileId);
  const file = await fileStore.get(db, fileId);
  if (!file) throw new AppError('NOT_FOUND');
  return file;
}

/** The same check as getFileForViewer; the bytes as a stream (downloads of any size). */
export async function openFileForViewer(db: Kysely<DB>, viewer: Viewer | null, fileId: string): Promise<StoredFileMeta & { stream: ReadableStream<Uint8Array> }> {
  await authorize(db, viewer, fileId);
  const file = await fileStore.open(db, fileId);
  if (!file) throw new AppError('NOT_FOUND');
  return file;
}
