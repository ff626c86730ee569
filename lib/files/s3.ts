import 'server-only';
import { fileUnreferencedSql } from './references';
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { FileStore, FileWriter, StoredFileMeta } from './storage';

export type S3Settings = {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** MinIO, s3rver and most self-hosted servers: bucket in the path, not the host name. */
  forcePathStyle: boolean;
  /** Object keys start with this (several installations may share a bucket). */
  prefix?: string;
};

const metaColumns = ['id', 'owner_id', 'filename', 'content_type', 'size', 'sha256', 'created_at'] as const;
type MetaRow = { id: string; owner_id: string; filename: string; content_type: string; size: number; sha256: string; created_at: Date };
const toMeta = (r: MetaRow): StoredFileMeta => ({ id: r.id, ownerId: r.owner_id, filename: r.filename, contentType: r.content_type, size: Number(r.size), sha256: r.sha256, createdAt: r.created_at });

/**
 * Bytes in an S3-compatible bucket (AWS S3, MinIO, Alibaba OSS / Tencent COS in S3 mode), with the
 * official AWS SDK: one object per file, keyed by its id; the metadata stays in stored_file
 * (storage = 's3', content null), so authorization and references work as for every file.
 * Uploads stream through a multipart upload (5 MiB parts, at most 4 in flight: bounded memory);
 * downloads stream the object's body. A streamed upload touches no database until `finish`
 * records the file (committed on its own; the caller links it in a short transaction). A refused
 * upload aborts its multipart upload. Files stored
 * before the switch (inline or chunked in PostgreSQL) are read through `fallback`.
 */
export function s3FileStore(s: S3Settings, fallback: FileStore | null = null, client = new S3Client({
  endpoint: s.endpoint, region: s.region, forcePathStyle: s.forcePathStyle,
  credentials: s.accessKeyId && s.secretAccessKey ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } : undefined,
})): FileStore & { client: S3Client } {
  const key = (id: string) => `${s.prefix ?? ''}${id}`;
  const store: FileStore & { client: S3Client } = {
    client,
    async put(db, ownerId, f) {
      const id = randomUUID();
      await client.send(new PutObjectCommand({ Bucket: s.bucket, Key: key(id), Body: f.bytes, ContentType: f.contentType, ContentLength: f.size }));
      const row = await db.insertInto('stored_file')
        .values({ id, owner_id: ownerId, filename: f.filename, content_type: f.contentType, size: f.size, sha256: f.sha256, content: null, storage: 's3' })
        .returning([...metaColumns]).executeTakeFirstOrThrow();
      return toMeta(row);
    },
    async begin(db, ownerId): Promise<FileWriter> {
      const id = randomUUID();
      const body = new PassThrough({ highWaterMark: 1024 * 1024 });
      const upload = new Upload({ client, params: { Bucket: s.bucket, Key: key(id), Body: body }, queueSize: 4, partSize: 5 * 1024 * 1024, leavePartsOnError: false });
      const done = upload.done();
      done.catch(() => {}); // awaited in finish/abort
      return {
        id,
        async write(chunk) {
          if (!body.write(Buffer.from(chunk))) await new Promise<void>((resolve) => body.once('drain', resolve));
        },
        async finish(info) {
          body.end();
          await done;
          const row = await db.insertInto('stored_file')
            .values({ id, owner_id: ownerId, filename: info.filename, content_type: info.contentType, size: info.size, sha256: info.sha256, content: null, storage: 's3' })
            .returning([...metaColumns]).executeTakeFirstOrThrow();
          return toMeta(row);
        },
        async abort() {
          await upload.abort().catch(() => {});
          body.destroy();
          await client.send(new DeleteObjectsCommand({ Bucket: s.bucket, Delete: { Objects: [{ Key: key(id) }] } })).catch(() => {});
        },
      };
    },
    async get(db, id) {
      const row = await db.selectFrom('stored_file').select([...metaColumns, 'storage']).where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      if (row.storage !== 's3') return fallback ? fallback.get(db, id) : null;
      const o = await client.send(new GetObjectCommand({ Bucket: s.bucket, Key: key(id) }));
      return { ...toMeta(row), content: await o.Body!.transformToByteArray() };
    },
    async open(db, id) {
      const row = await db.selectFrom('stored_file').select([...metaColumns, 'storage']).where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      if (row.storage !== 's3') return fallback ? fallback.open(db, id) : null;
      const o = await client.send(new GetObjectCommand({ Bucket: s.bucket, Key: key(id) }));
      const body = o.Body as unknown as Readable;
      return { ...toMeta(row), stream: Readable.toWeb(body) as unknown as ReadableStream<Uint8Array> };
    },
    async deleteUnreferenced(db, ids) {
      if (ids.length === 0) return 0;
      const gone = await db.deleteFrom('stored_file')
        .where('id', 'in', ids)
        .where(fileUnreferencedSql)
        .returning(['id', 'storage']).execute();
      const objects = gone.filter((g) => g.storage === 's3').map((g) => ({ Key: key(g.id) }));
      if (objects.length) await client.send(new DeleteObjectsCommand({ Bucket: s.bucket, Delete: { Objects: objects } }));
      return gone.length;
    },
    async discard(ids) {
      if (ids.length === 0) return;
      await client.send(new DeleteObjectsCommand({ Bucket: s.bucket, Delete: { Objects: ids.map((id) => ({ Key: key(id) })) } }));
    },
  };
  return store;
}
