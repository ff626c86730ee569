import 'server-only';
import { fileUnreferencedSql } from './references';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { env } from '@/lib/env';
import { s3FileStore } from './s3';
import type { ValidUpload } from './validate';

type Db = Kysely<DB> | Transaction<DB>;

export type StoredFileMeta = { id: string; ownerId: string; filename: string; contentType: string; size: number; sha256: string; createdAt: Date };

/** What a finished streamed upload records (lib/files/stream.ts has checked it). */
export type StreamedFileInfo = { filename: string; contentType: string; size: number; sha256: string };

/**
 * A streamed upload in progress: bytes go in chunk by chunk as they arrive; `finish` records the
 * file once its content was checked (committed, not yet referenced by any item); `abort` removes
 * everything of a refused upload. The upload runs outside the caller's transaction, so no item's
 * row is locked while bytes arrive: the caller links the finished file in a short transaction of
 * its own and, should that fail, removes it again (`deleteUnreferenced`).
 */
export interface FileWriter {
  readonly id: string;
  write(chunk: Uint8Array): Promise<void>;
  finish(info: StreamedFileInfo): Promise<StoredFileMeta>;
  /** Gives up a refused upload (bytes outside the database, e.g. a bucket's multipart upload, are removed). */
  abort(): Promise<void>;
}

/**
 * Where file bytes live. Every call takes the caller's database handle so a file is stored in the
 * same transaction as the item it belongs to. Only validated uploads (lib/files/validate.ts,
 * lib/files/stream.ts) go in. System-level: callers have checked the viewer.
 */
export interface FileStore {
  put(db: Db, ownerId: string, file: ValidUpload): Promise<StoredFileMeta>;
  /** Starts a streamed upload (large documents): constant memory whatever the file's size. */
  begin(db: Kysely<DB>, ownerId: string): Promise<FileWriter>;
  get(db: Db, id: string): Promise<(StoredFileMeta & { content: Uint8Array }) | null>;
  /** The file as a stream, read a chunk at a time as the client takes it (downloads). */
  open(db: Db, id: string): Promise<(StoredFileMeta & { stream: ReadableStream<Uint8Array> }) | null>;
  /** Removes files no item refers to any more (a referenced file is left alone). */
  deleteUnreferenced(db: Db, ids: string[]): Promise<number>;
  /**
   * After a transaction that `put` files failed: removes bytes kept outside the database for
   * those ids (a bucket's objects). Rows and chunks went with the rollback.
   */
  discard(ids: string[]): Promise<void>;
}

const metaColumns = ['id', 'owner_id', 'filename', 'content_type', 'size', 'sha256', 'created_at'] as const;
type MetaRow = { id: string; owner_id: string; filename: string; content_type: string; size: number; sha256: string; created_at: Date };
const toMeta = (r: MetaRow): StoredFileMeta => ({ id: r.id, ownerId: r.owner_id, filename: r.filename, contentType: r.content_type, size: Number(r.size), sha256: r.sha256, createdAt: r.created_at });

/** Chunk size of streamed files in PostgreSQL. */
export const CHUNK_BYTES = 1024 * 1024;

const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/**
 * Bytes in PostgreSQL: small files inline (bytea), streamed documents as 1 MiB chunks
 * (stored_file_chunk). Every web process sees the same files, commits are atomic.
 */
export const postgresFileStore: FileStore = {
  async put(db, ownerId, f) {
    const row = await db
      .insertInto('stored_file')
      .values({ owner_id: ownerId, filename: f.filename, content_type: f.contentType, size: f.size, sha256: f.sha256, content: asBuffer(f.bytes) })
      .returning([...metaColumns])
      .executeTakeFirstOrThrow();
    return toMeta(row);
  },
  async begin(root, ownerId) {
    // The chunks and the file row go in through a transaction of the upload's own (its own
    // connection; it locks nothing but its new rows): a refusal or a dropped connection rolls the
    // chunks back, `finish` commits the file. The chunks' foreign key is deferred: they go in
    // first, the file row when the content passed.
    const db = await root.startTransaction().execute();
    let open = true;
    const id = randomUUID();
    let seq = 0;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async (all: boolean) => {
      while (pendingBytes >= CHUNK_BYTES || (all && pendingBytes > 0)) {
        const joined = Buffer.concat(pending.map(asBuffer), pendingBytes);
        const take = Math.min(CHUNK_BYTES, joined.byteLength);
        await db.insertInto('stored_file_chunk').values({ file_id: id, seq, data: joined.subarray(0, take) }).execute();
        seq += 1;
        const rest = joined.subarray(take);
        pending = rest.byteLength ? [rest] : [];
        pendingBytes = rest.byteLength;
      }
    };
    return {
      id,
      async write(chunk) {
        if (chunk.byteLength === 0) return;
        // Copied: the caller may reuse its buffer.
        pending.push(Uint8Array.from(chunk));
        pendingBytes += chunk.byteLength;
        await flush(false);
      },
      async finish(info) {
        try {
          await flush(true);
          const row = await db
            .insertInto('stored_file')
            .values({ id, owner_id: ownerId, filename: info.filename, content_type: info.contentType, size: info.size, sha256: info.sha256, content: null, storage: 'chunks' })
            .returning([...metaColumns])
            .executeTakeFirstOrThrow();
          await db.commit().execute();
          open = false;
          return toMeta(row);
        } catch (e) {
          if (open) { open = false; await db.rollback().execute().catch(() => {}); }
          throw e;
        }
      },
      // The chunks go with the upload's rollback.
      async abort() {
        if (!open) return;
        open = false;
        await db.rollback().execute().catch(() => {});
      },
    };
  },
  async get(db, id) {
    const row = await db.selectFrom('stored_file').select([...metaColumns, 'content', 'storage']).where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    if (row.content) return { ...toMeta(row), content: row.content };
    const chunks = await db.selectFrom('stored_file_chunk').select('data').where('file_id', '=', id).orderBy('seq').execute();
    return { ...toMeta(row), content: Buffer.concat(chunks.map((c) => c.data)) };
  },
  async open(db, id) {
    const row = await db.selectFrom('stored_file').select([...metaColumns, 'storage']).where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const meta = toMeta(row);
    if (row.storage === 'inline') {
      let done = false;
      return {
        ...meta,
        stream: new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (done) return;
            done = true;
            const r = await db.selectFrom('stored_file').select('content').where('id', '=', id).executeTakeFirst();
            if (r?.content) controller.enqueue(new Uint8Array(r.content));
            controller.close();
          },
        }),
      };
    }
    // One chunk per pull: the client's pace decides how fast chunks are read; one in memory.
    let seq = 0;
    return {
      ...meta,
      stream: new ReadableStream<Uint8Array>({
        async pull(controller) {
          const r = await db.selectFrom('stored_file_chunk').select('data').where('file_id', '=', id).where('seq', '=', seq).executeTakeFirst();
          if (!r) { controller.close(); return; }
          seq += 1;
          controller.enqueue(new Uint8Array(r.data));
        },
      }, { highWaterMark: 1 }),
    };
  },
  async deleteUnreferenced(db, ids) {
    if (ids.length === 0) return 0;
    // Only files nothing refers to (lib/files/references.ts lists every referring column).
    const r = await db
      .deleteFrom('stored_file')
      .where('id', 'in', ids)
      .where(fileUnreferencedSql)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
  // Rows and chunks are in the database: a rollback took them.
  async discard() {},
};

let chosen: FileStore | undefined;

/** PLAZA_FILE_STORE: PostgreSQL, or the S3-compatible bucket of S3_* (README, "Configuration"). */
function current(): FileStore {
  if (chosen) return chosen;
  let e: ReturnType<typeof env>;
  try {
    e = env();
  } catch {
    // Scripts and tests without a full configuration: the database store. (Servers validate the
    // configuration at start and never get here with a bad one.)
    return postgresFileStore;
  }
  chosen = e.PLAZA_FILE_STORE === 's3'
    ? s3FileStore({ endpoint: e.S3_ENDPOINT, region: e.S3_REGION, bucket: e.S3_BUCKET!, accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY, forcePathStyle: e.S3_FORCE_PATH_STYLE, prefix: e.S3_PREFIX }, postgresFileStore)
    : postgresFileStore;
  return chosen;
}

/** The store in use, chosen by configuration. Files already stored keep their place (stored_file.storage). */
export const fileStore: FileStore = {
  put: (...a) => current().put(...a),
  begin: (...a) => current().begin(...a),
  get: (...a) => current().get(...a),
  open: (...a) => current().open(...a),
  deleteUnreferenced: (...a) => current().deleteUnreferenced(...a),
  discard: (...a) => current().discard(...a),
};

/** For tests: chunks of a streamed file. */
export async function chunkCount(db: Db, id: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from stored_file_chunk where file_id = ${id}`.execute(db);
  return rows[0].n;
}
