import 'server-only';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@/db/types';
import type { ValidUpload } from './validate';

type Db = Kysely<DB> | Transaction<DB>;

export type StoredFileMeta = { id: string; ownerId: string; filename: string; contentType: string; size: number; sha256: string; createdAt: Date };

/**
 * Where file bytes live. Both calls take the caller's database handle so a file is stored in the
 * same transaction as the item it belongs to. Only validated uploads (lib/files/validate.ts) go
 * in. System-level: callers have checked the viewer. An S3-compatible store is the scale-out
 * path behind this same interface (docs/decisions/0200-file-storage.md).
 */
export interface FileStore {
  put(db: Db, ownerId: string, file: ValidUpload): Promise<StoredFileMeta>;
  get(db: Db, id: string): Promise<(StoredFileMeta & { content: Uint8Array }) | null>;
  /** Removes files no item refers to any more (a referenced file is left alone). */
  deleteUnreferenced(db: Db, ids: string[]): Promise<number>;
}

const metaColumns = ['id', 'owner_id', 'filename', 'content_type', 'size', 'sha256', 'created_at'] as const;
type MetaRow = { id: string; owner_id: string; filename: string; content_type: string; size: number; sha256: string; created_at: Date };
const toMeta = (r: MetaRow): StoredFileMeta => ({ id: r.id, ownerId: r.owner_id, filename: r.filename, contentType: r.content_type, size: r.size, sha256: r.sha256, createdAt: r.created_at });

/** Bytes in PostgreSQL (bytea): every web process sees the same files, commits are atomic. */
export const postgresFileStore: FileStore = {
  async put(db, ownerId, f) {
    const row = await db
      .insertInto('stored_file')
      .values({ owner_id: ownerId, filename: f.filename, content_type: f.contentType, size: f.size, sha256: f.sha256, content: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength) })
      .returning([...metaColumns])
      .executeTakeFirstOrThrow();
    return toMeta(row);
  },
  async get(db, id) {
    const row = await db.selectFrom('stored_file').select([...metaColumns, 'content']).where('id', '=', id).executeTakeFirst();
    return row ? { ...toMeta(row), content: row.content } : null;
  },
  async deleteUnreferenced(db, ids) {
    if (ids.length === 0) return 0;
    // Every table that refers to stored_file belongs in this list (knowledge base, meetings, …).
    const r = await db
      .deleteFrom('stored_file')
      .where('id', 'in', ids)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('announcement_attachment as aa').select('aa.file_id').whereRef('aa.file_id', '=', 'stored_file.id'))))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('announcement_response as ar').select('ar.file_id').whereRef('ar.file_id', '=', 'stored_file.id'))))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('request_attachment as ra').select('ra.file_id').whereRef('ra.file_id', '=', 'stored_file.id'))))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};

/** The store in use. One place to switch to object storage. */
export const fileStore: FileStore = postgresFileStore;
