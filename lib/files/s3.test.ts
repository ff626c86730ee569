import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { CreateBucketCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPerson } from '@/db/seed/factories';
import { s3FileStore } from './s3';
import { postgresFileStore } from './storage';
import { receiveStream } from './stream';
import { checkUpload } from './validate';
import { pdfBytes } from './test-files';

const MB = 1024 * 1024;

/**
 * The S3-compatible FileStore over real HTTP: s3rver (an S3 server in Node) on loopback, the
 * official AWS SDK as the client. Put/get, a streamed 12 MB multipart upload and download, a
 * refused upload leaving nothing, deletion of unreferenced files' objects.
 */
describe('S3-compatible file store (s3rver over HTTP)', () => {
  let t: TestDb;
  let server: S3rver;
  let dir: string;
  let store: ReturnType<typeof s3FileStore>;
  let owner = '';

  beforeAll(async () => {
    t = await createTestDb();
    owner = await insertPerson(t.db, { email: 's3@x.example' });
    dir = mkdtempSync(path.join(tmpdir(), 'plaza-s3-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
    const { port } = await server.run();
    store = s3FileStore({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', bucket: 'plaza-test', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, prefix: 'files/' }, postgresFileStore);
    await store.client.send(new CreateBucketCommand({ Bucket: 'plaza-test' }));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    await t.drop();
  });

  it('puts and gets a small file; the row says s3 and holds no bytes', async () => {
    const checked = checkUpload({ name: '证书.pdf', bytes: pdfBytes('cert') });
    if (!checked.ok) throw new Error('fixture');
    const meta = await store.put(t.db, owner, checked.file);
    const row = await t.db.selectFrom('stored_file').select(['storage', 'content']).where('id', '=', meta.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ storage: 's3', content: null });
    const back = await store.get(t.db, meta.id);
    expect(Buffer.from(back!.content).equals(pdfBytes('cert'))).toBe(true);
  });

  it('streams a 12 MB document up (multipart) and down unchanged', async () => {
    const hash = createHash('sha256');
    let sent = 0;
    const total = 12 * MB + 7;
    const source = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= total) { c.close(); return; }
        const b = new Uint8Array(Math.min(256 * 1024, total - sent)).fill(0x41);
        if (sent === 0) b.set(Buffer.from('%PDF-1.7\n'));
        sent += b.byteLength;
        hash.update(b);
        c.enqueue(b);
      },
    });
    // The upload runs outside any transaction; finish records the (unreferenced) file.
    const w = await store.begin(t.db, owner);
    const r = await receiveStream('大图纸.pdf', source, w, 20 * MB);
    if (!r.ok) throw new Error(r.refusal.error);
    const meta = await w.finish(r.info);
    expect(meta.size).toBe(total);
    const f = await store.open(t.db, meta.id);
    const down = createHash('sha256');
    let size = 0;
    for await (const piece of f!.stream as unknown as AsyncIterable<Uint8Array>) { size += piece.byteLength; down.update(piece); }
    expect(size).toBe(total);
    expect(down.digest('hex')).toBe(hash.digest('hex'));
  });

  it('a refused upload leaves no object and no row', async () => {
    const w = await store.begin(t.db, owner);
    const r = await receiveStream('fake.pdf', new ReadableStream({ start(c) { c.enqueue(Buffer.from('<html><script>alert(1)</script>')); c.close(); } }), w, MB);
    expect(r.ok).toBe(false);
    await w.abort();
    expect(await t.db.selectFrom('stored_file').select('id').where('id', '=', w.id).executeTakeFirst()).toBeUndefined();
    await expect(store.client.send(new HeadObjectCommand({ Bucket: 'plaza-test', Key: `files/${w.id}` }))).rejects.toBeTruthy();
  });

  it('files stored in PostgreSQL before the switch are still read', async () => {
    const checked = checkUpload({ name: 'old.pdf', bytes: pdfBytes('old') });
    if (!checked.ok) throw new Error('fixture');
    const meta = await postgresFileStore.put(t.db, owner, checked.file);
    expect(Buffer.from((await store.get(t.db, meta.id))!.content).equals(pdfBytes('old'))).toBe(true);
  });

  it('discard removes the objects of files whose rows rolled back', async () => {
    const checked = checkUpload({ name: 'b.pdf', bytes: pdfBytes('b') });
    if (!checked.ok) throw new Error('fixture');
    let id = '';
    await expect(t.db.transaction().execute(async (trx) => {
      id = (await store.put(trx, owner, checked.file)).id;
      throw new Error('the item failed');
    })).rejects.toThrow('the item failed');
    await store.client.send(new HeadObjectCommand({ Bucket: 'plaza-test', Key: `files/${id}` }));
    await store.discard([id]);
    await expect(store.client.send(new HeadObjectCommand({ Bucket: 'plaza-test', Key: `files/${id}` }))).rejects.toBeTruthy();
  });

  it('deleting an unreferenced file removes its object', async () => {
    const checked = checkUpload({ name: 'a.pdf', bytes: pdfBytes('a') });
    if (!checked.ok) throw new Error('fixture');
    const meta = await store.put(t.db, owner, checked.file);
    expect(await store.deleteUnreferenced(t.db, [meta.id])).toBe(1);
    await expect(store.client.send(new HeadObjectCommand({ Bucket: 'plaza-test', Key: `files/${meta.id}` }))).rejects.toBeTruthy();
  });
});
