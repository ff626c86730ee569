import 'server-only';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import { isAppError } from '@/lib/errors';
import { loadRequestAccess } from './access';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Whether the viewer may see a request this file is attached to, by the same rule as the request
 * page. lib/files asks this for downloads: another customer's member gets NOT_FOUND for the file too,
 * and so does the customer for a file attached to an internal note.
 */
export async function mayViewRequestFile(db: Db, viewer: Viewer, fileId: string): Promise<boolean> {
  const links = await db.selectFrom('request_attachment as ra').leftJoin('request_message as m', 'm.id', 'ra.message_id')
    .select(['ra.request_id', 'm.visibility']).where('ra.file_id', '=', fileId).limit(5).execute();
  for (const { request_id, visibility } of links) {
    try {
      const a = await loadRequestAccess(db, viewer, request_id);
      // A file attached to an internal note is staff's only, like the note.
      if (visibility === 'internal' && !a.can.viewInternal) continue;
      return true;
    } catch (e) {
      if (isAppError(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) continue;
      throw e;
    }
  }
  return false;
}
