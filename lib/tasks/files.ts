import 'server-only';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import { isAppError } from '@/lib/errors';
import { loadTaskAccess } from './access';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Whether the viewer may see a task this file is attached to, by the same rule as the task page.
 * lib/files asks this for downloads: a partner who is not on the task gets NOT_FOUND for the file too.
 */
export async function mayViewTaskFile(db: Db, viewer: Viewer, fileId: string): Promise<boolean> {
  const links = await db.selectFrom('task_attachment').select('task_id').where('file_id', '=', fileId).limit(5).execute();
  for (const { task_id } of links) {
    try {
      await loadTaskAccess(db, viewer, task_id);
      return true;
    } catch (e) {
      if (isAppError(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN' || e.code === 'UNAUTHENTICATED')) continue;
      throw e;
    }
  }
  return false;
}
