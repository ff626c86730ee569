import 'server-only';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import { isAppError } from '@/lib/errors';
import { loadRequestAccess } from './access';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Whether the viewer may see a request this file is attached to, by the same rule as the request
 * page. lib/files asks this for downloads: another customer's member gets NOT_FOUND for the file too.
 */
export async function mayViewRequestFile(db: Db, viewer: Viewer, fileId: string): Promise<boolean> {
  const links = await db.selectFrom('request_attachment').select('request_id').where('file_id', '=', fileId).limit(5).execute();
  for (const { request_id } of links) {
    try {
      await loadRequestAccess(db, viewer, request_id);
      return true;
    } catch (e) {
      if (isAppError(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) continue;
      throw e;
    }
  }
  return false;
}
