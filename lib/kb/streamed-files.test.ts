import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { openFileForViewer } from '@/lib/files/queries';
import { chunkCount } from '@/lib/files/storage';
import { pdfBytes, zipBytes } from '@/lib/files/test-files';
import { search } from '@/lib/search/search';
import { addArticleFileStream } from './files';
import { createArticle, saveSpace } from './mutations';
import { getArticle } from './queries';

const MB = 1024 * 1024;

/** A stream of `total` bytes: `head` first, then filler, in 64 KiB pieces (as a request body arrives). */
function streamOf(head: Uint8Array, total: number, fill = 0x20): { stream: ReadableStream<Uint8Array>; sha256: () => string; pulled: () => number } {
  const hash = createHash('sha256');
  let sent = 0;
  const piece = 64 * 1024;
  return {
    stream: new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= total) { c.close(); return; }
        const n = Math.min(piece, total - sent);
        const b = new Uint8Array(n).fill(fill);
        if (sent < head.byteLength) b.set(head.subarray(sent, sent + n).subarray(0, Math.min(n, head.byteLength - sent)));
        sent += n;
        hash.update(b);
        c.enqueue(b);
      },
    }),
    sha256: () => hash.digest('hex'),
    pulled: () => sent,
  };
}

const streamBytes = (b: Uint8Array) => new ReadableStream<Uint8Array>({ start(c) { c.enqueue(b); c.close(); } });

async function readAll(s: ReadableStream<Uint8Array>): Promise<{ size: number; sha256: string; maxPiece: number }> {
  const hash = createHash('sha256');
  let size = 0;
  let maxPiece = 0;
  for await (const piece of s as unknown as AsyncIterable<Uint8Array>) {
    size += piece.byteLength;
    maxPiece = Math.max(maxPiece, piece.byteLength);
    hash.update(piece);
  }
  return { size, sha256: hash.digest('hex'), maxPiece };
}

describe('knowledge base: streamed documents', () => {
  let t: TestDb;
  const v: Record<string, Viewer> = {};
  let articleId = '';

  beforeAll(async () => {
    t = await createTestDb();
    const it = await insertUnit(t.db, { name: '信息技术部' });
    const prod = await insertUnit(t.db, { name: '生产部' });
    const org = await insertPartnerOrg(t.db, { name: '恒通', type: 'supplier' });
    for (const [k, id] of Object.entries({
      owner: await insertPerson(t.db, { email: 'o@x.example', unitId: it }),
      reader: await insertPerson(t.db, { email: 'r@x.example', unitId: prod }),
      partner: await insertPerson(t.db, { email: 'p@a.example', partnerOrgId: org }),
    })) v[k] = (await loadViewer(t.db, id))!;
    const space = (await saveSpace(t.db, v.owner, { name: '文档库', viewEveryone: 'on', editUnits: [it] })).id;
    articleId = (await createArticle(t.db, v.owner, { spaceId: space, title: '设备图纸', body: '见附件' })).id;
  });
  afterAll(() => t.drop());

  it('stores a large PDF in 1 MiB chunks and streams it back unchanged, to readers only', async () => {
    const src = streamOf(pdfBytes('big'), 12 * MB + 123);
    const r = await addArticleFileStream(t.db, v.owner, { id: articleId, name: '总装图 A3.pdf' }, src.stream, { maxBytes: 20 * MB });
    expect(r.filename).toBe('总装图 A3.pdf');
    expect(await chunkCount(t.db, r.fileId)).toBe(13);
    const file = await openFileForViewer(t.db, v.reader, r.fileId);
    expect(file).toMatchObject({ contentType: 'application/pdf', size: 12 * MB + 123 });
    const back = await readAll(file.stream);
    expect(back.size).toBe(12 * MB + 123);
    expect(back.sha256).toBe(src.sha256());
    expect(back.maxPiece).toBeLessThanOrEqual(MB);
    await expect(openFileForViewer(t.db, v.partner, r.fileId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await search(t.db, v.reader, { q: '总装图' })).hits.map((h) => h.id)).toEqual([articleId]);
  });

  it('refuses over the limit as soon as the limit is passed, storing nothing', async () => {
    const src = streamOf(pdfBytes('big'), 50 * MB);
    await expect(addArticleFileStream(t.db, v.owner, { id: articleId, name: 'huge.pdf' }, src.stream, { maxBytes: 5 * MB }))
      .rejects.toMatchObject({ details: { fieldErrors: { files: { key: 'errors.files.fileTooLarge', params: { max: 5 } } } } });
    expect(src.pulled()).toBeLessThan(6 * MB);
    expect((await getArticle(t.db, v.owner, articleId)).files.map((f) => f.filename)).toEqual(['总装图 A3.pdf']);
    const { n } = await t.db.selectFrom('stored_file_chunk').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(13);
  });

  it('refuses a disguised type, markup, path tricks keep only the name, text must be UTF-8', async () => {
    const refused = async (name: string, bytes: Uint8Array, key: string) =>
      expect(addArticleFileStream(t.db, v.owner, { id: articleId, name }, streamBytes(bytes), { maxBytes: 20 * MB }))
        .rejects.toMatchObject({ details: { fieldErrors: { files: { key } } } });
    await refused('report.pdf', Buffer.from('<html><script>alert(1)</script></html>'), 'errors.files.fileTypeMismatch');
    await refused('notes.txt', Buffer.from('<svg onload="alert(1)"></svg>'), 'errors.files.fileTypeMismatch');
    await refused('image.svg', Buffer.from('<svg/>'), 'errors.files.fileTypeNotAllowed');
    await refused('page.html', Buffer.from('<p>x</p>'), 'errors.files.fileTypeNotAllowed');
    await refused('latin1.txt', Buffer.from([0x66, 0xe9, 0x65]), 'errors.files.fileNotUtf8');
    await refused('empty.pdf', new Uint8Array(0), 'errors.files.fileEmpty');
    // A ZIP named .docx that is not a Word document; a real large DOCX (directory in the tail) passes.
    await refused('fake.docx', zipBytes({ 'a.txt': 'x' }), 'errors.files.fileTypeMismatch');
    const big = zipBytes({ '[Content_Types].xml': '<Types/>', 'word/media/scan.bin': 'x'.repeat(6 * MB), 'word/document.xml': '<w:document/>' });
    const ok = await addArticleFileStream(t.db, v.owner, { id: articleId, name: '../../../etc/规程.docx' }, streamBytes(big), { maxBytes: 20 * MB });
    expect(ok.filename).toBe('规程.docx');
    const text = await addArticleFileStream(t.db, v.owner, { id: articleId, name: '记录.md' }, streamOf(Buffer.from('# 记录\n'), 3 * MB + 1, 0x61).stream, { maxBytes: 20 * MB });
    expect(text.filename).toBe('记录.md');
  });

  it('only the article editors may stream files onto it', async () => {
    await expect(addArticleFileStream(t.db, v.reader, { id: articleId, name: 'a.pdf' }, streamBytes(pdfBytes()), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(addArticleFileStream(t.db, v.partner, { id: articleId, name: 'a.pdf' }, streamBytes(pdfBytes()), {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(addArticleFileStream(t.db, null, { id: articleId, name: 'a.pdf' }, streamBytes(pdfBytes()), {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('holds no transaction or lock on the article while the bytes arrive; rows go in a short transaction afterwards', async () => {
    // A slow upload: the first half arrives, then the test saves the article (which takes the
    // article's row lock) before the rest of the file is sent.
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let sent = 0;
    const half = 3 * MB;
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (sent === half) await gate;
        if (sent >= 2 * half) { c.close(); return; }
        const b = new Uint8Array(256 * 1024).fill(0x20);
        if (sent === 0) b.set(Buffer.from('%PDF-1.7\n'));
        sent += b.byteLength;
        c.enqueue(b);
      },
    });
    const upload = addArticleFileStream(t.db, v.owner, { id: articleId, name: '慢速上传.pdf' }, body, { maxBytes: 20 * MB });
    while (sent < half) await new Promise((r) => setTimeout(r, 10));
    // With the old code this waited for the whole upload (a row lock held by its transaction).
    const locked = await t.db.transaction().execute(async (trx) => {
      await sql`set local lock_timeout = '2s'`.execute(trx);
      const r = await trx.selectFrom('kb_article').select('id').where('id', '=', articleId).forUpdate().executeTakeFirst();
      return !!r;
    });
    expect(locked).toBe(true);
    release();
    const r = await upload;
    expect((await getArticle(t.db, v.owner, articleId)).files.map((f) => f.id)).toContain(r.fileId);
  });

  it('removes the stored file when linking it fails (the article went away during the upload)', async () => {
    const other = (await createArticle(t.db, v.owner, { spaceId: (await t.db.selectFrom('kb_article').select('space_id').where('id', '=', articleId).executeTakeFirstOrThrow()).space_id, title: '将被删除', body: 'x' })).id;
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (sent === MB) await gate;
        if (sent >= 2 * MB) { c.close(); return; }
        const b = new Uint8Array(256 * 1024).fill(0x20);
        if (sent === 0) b.set(Buffer.from('%PDF-1.7\n'));
        sent += b.byteLength;
        c.enqueue(b);
      },
    });
    const before = Number((await t.db.selectFrom('stored_file').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const upload = addArticleFileStream(t.db, v.owner, { id: other, name: '孤儿.pdf' }, body, { maxBytes: 20 * MB });
    while (sent < MB) await new Promise((r) => setTimeout(r, 10));
    await t.db.deleteFrom('kb_article').where('id', '=', other).execute();
    release();
    await expect(upload).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const after = Number((await t.db.selectFrom('stored_file').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    expect(after).toBe(before);
    expect(Number((await t.db.selectFrom('stored_file_chunk').select((eb) => eb.fn.countAll<string>().as('n')).where('file_id', 'not in', t.db.selectFrom('stored_file').select('id')).executeTakeFirstOrThrow()).n)).toBe(0);
  });
});
