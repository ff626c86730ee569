import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { getFileForViewer } from '@/lib/files/queries';
import { htmlBytes, pngBytes } from '@/lib/files/test-files';
import { search } from '@/lib/search/search';
import { buildDocx, buildZip, gbk, patchName } from './import-fixtures';
import { importIntoSpace } from './import';
import { saveFolder, saveSpace } from './mutations';
import { getArticle, getFolder } from './queries';

const MB = 1024 * 1024;

describe('knowledge base: import (ZIP of Markdown, Word documents)', () => {
  let t: TestDb;
  const ids: Record<string, string> = {};
  const v: Record<string, Viewer> = {};
  let spaceId = '';
  let partnerFolder = '';
  const count = async (table: 'kb_article' | 'kb_folder' | 'stored_file') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const bodyOf = async (id: string) => (await t.db.selectFrom('kb_article').select('body_md').where('id', '=', id).executeTakeFirstOrThrow()).body_md;
  const zipUpload = (name: string, bytes: Buffer) => ({ name, bytes: new Uint8Array(bytes) });

  beforeAll(async () => {
    t = await createTestDb();
    ids.it = await insertUnit(t.db, { name: '信息技术部' });
    ids.prod = await insertUnit(t.db, { name: '生产部' });
    ids.orgA = await insertPartnerOrg(t.db, { name: '恒通', type: 'supplier' });
    ids.orgB = await insertPartnerOrg(t.db, { name: '华联', type: 'distributor' });
    ids.owner = await insertPerson(t.db, { email: 'owner@x.example', unitId: ids.it });
    ids.reader = await insertPerson(t.db, { email: 'reader@x.example', unitId: ids.prod });
    ids.partnerA = await insertPerson(t.db, { email: 'a@a.example', partnerOrgId: ids.orgA });
    ids.partnerB = await insertPerson(t.db, { email: 'b@b.example', partnerOrgId: ids.orgB });
    for (const k of ['owner', 'reader', 'partnerA', 'partnerB']) v[k] = (await loadViewer(t.db, ids[k]))!;
    spaceId = (await saveSpace(t.db, v.owner, { name: '制度库', viewEveryone: 'on', editUnits: [ids.it] })).id;
    partnerFolder = (await saveFolder(t.db, v.owner, { spaceId, name: '供应商文件', viewPartnerOrgs: [ids.orgA], viewEveryone: 'on', editPartnerOrgs: [ids.orgA], editUnits: [ids.it] })).id;
  });
  afterAll(() => t.drop());

  it('a ZIP of Markdown: folders become folders, links between the files and their images are rewritten', async () => {
    const zip = await buildZip([
      { name: '员工手册/', dir: true },
      { name: '员工手册/入职须知.md', data: '# 入职须知\n\n请先阅读[报销流程](../财务/报销流程.md#步骤)和[考勤](考勤%20制度.md)。\n\n![工牌](images/badge.png "工牌")\n\n[外部](https://example.com) [不存在](missing.md)\n\n```\n[代码里的链接](考勤%20制度.md)\n```\n' },
      { name: '员工手册/考勤 制度.md', data: '考勤规则。返回[入职须知](./入职须知.md)。\n\n[规则]: ../财务/报销流程.md\n' },
      { name: '员工手册/images/badge.png', data: pngBytes() },
      { name: '员工手册/images/unused.png', data: pngBytes() },
      { name: '财务/报销流程.md', data: '\uFEFF## 步骤\n\nERP 报销流程：见 ![图](../员工手册/images/badge.png)' },
      { name: '__MACOSX/._入职须知.md', data: 'junk' },
      { name: 'tools.exe', data: 'MZ' },
    ]);
    const r = await importIntoSpace(t.db, v.owner, { spaceId }, { uploads: [zipUpload('手册.zip', zip)] });
    expect(r.counts).toMatchObject({ articles: 3, folders: 2, files: 1 }); // images/ holds no article: no folder
    const byPath = Object.fromEntries(r.items.map((i) => [i.path, i]));
    expect(byPath['员工手册/images/unused.png']).toMatchObject({ outcome: 'skipped', reasons: [{ key: 'kb.import.reasons.unreferenced' }] });
    expect(byPath['tools.exe']).toMatchObject({ outcome: 'skipped', reasons: [{ key: 'kb.import.reasons.unsupported' }] });
    expect(r.items.some((i) => i.path.includes('__MACOSX'))).toBe(false);
    const intro = byPath['员工手册/入职须知.md'];
    expect(intro.reasons).toEqual([{ key: 'kb.import.reasons.brokenLinks', params: { links: 'missing.md' } }]);
    const attendance = byPath['员工手册/考勤 制度.md'].articleId!;
    const claims = byPath['财务/报销流程.md'].articleId!;

    const a = await getArticle(t.db, v.reader, intro.articleId!);
    const aBody = await bodyOf(a.id);
    expect(a.title).toBe('入职须知');
    expect(aBody).toContain(`[报销流程](/kb/articles/${claims})`);
    expect(aBody).toContain(`[考勤](/kb/articles/${attendance})`);
    expect(aBody).toContain('[外部](https://example.com)');
    expect(aBody).toContain('[不存在](missing.md)');
    expect(aBody).toContain('[代码里的链接](考勤%20制度.md)'); // code stays code
    expect(a.files).toHaveLength(1);
    const fileId = a.files[0].id;
    expect(aBody).toContain(`![工牌](/api/files/${fileId}?inline=1 "工牌")`);
    expect(a.html).toContain(`<img src="/api/files/${fileId}?inline=1"`);
    expect(a.html).toContain(`<a href="/kb/articles/${claims}">报销流程</a>`);
    // The same image linked from two articles is stored once and attached to both.
    const c = await getArticle(t.db, v.reader, claims);
    expect(c.files.map((f) => f.id)).toEqual([fileId]);
    expect((await bodyOf(c.id)).startsWith('## 步骤')).toBe(true); // BOM dropped
    expect(await bodyOf(attendance)).toContain(`[规则]: /kb/articles/${claims}`);
    // Readers get the image (lib/files: attached to an article they read); folders inherit the space's audiences.
    expect((await getFileForViewer(t.db, v.reader, fileId)).contentType).toBe('image/png');
    await expect(getFileForViewer(t.db, v.partnerB, fileId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const handbook = r.items.find((i) => i.path === '员工手册/' && i.outcome === 'imported');
    expect(handbook).toBeTruthy();
    expect(a.folderId).toBeTruthy();
    const folder = await getFolder(t.db, v.reader, a.folderId!);
    expect(folder.name).toBe('员工手册');
    // Searchable at once, Chinese two-character words included.
    expect((await search(t.db, v.reader, { q: '报销' })).hits.map((h) => h.id)).toContain(claims);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'kb.import').execute();
    expect(audit).toHaveLength(1);
  });

  it('a Word document becomes an article: headings, a table, links (unsafe ones lose their target), embedded images as attachments', async () => {
    const docx = await buildDocx([
      { heading: '设备点检规程' },
      { text: '每班开机前点检。' },
      { table: [['项目', '标准'], ['油位', '刻度之间']] },
      { link: '厂商手册', href: 'https://example.com/manual' },
      { link: '点我', href: 'javascript:alert(1)' },
      { image: pngBytes(), alt: '设备照片' },
    ]);
    const r = await importIntoSpace(t.db, v.owner, { spaceId }, { uploads: [{ name: '点检规程.docx', bytes: new Uint8Array(docx) }] });
    expect(r.counts).toMatchObject({ articles: 1, folders: 0, files: 1, skipped: 0 });
    expect(r.items[0].reasons).toEqual([]);
    const a = await getArticle(t.db, v.owner, r.items[0].articleId!);
    const aBody = await bodyOf(a.id);
    expect(a.title).toBe('点检规程');
    expect(a.folderId).toBeNull();
    expect(aBody).toContain('# 设备点检规程');
    expect(aBody).toMatch(/^\| 项目 +\| 标准 +\|\n\| -+ \| -+ \|\n\| 油位/m);
    expect(aBody).toContain('[厂商手册](https://example.com/manual)');
    expect(aBody).not.toContain('javascript');
    expect(aBody).toContain('点我');
    expect(a.files).toHaveLength(1);
    expect(aBody).toContain(`![设备照片](/api/files/${a.files[0].id}?inline=1)`);
    expect(a.html).toContain('<table>');
  });

  it('file names from a Chinese Windows ZIP (GB18030, no UTF-8 flag) and GBK Markdown are read correctly', async () => {
    const zip = patchName(await buildZip([
      { name: 'AAAA/BBBB.md', data: gbk('# 安全\n\n进入车间须佩戴安全帽。') },
    ]), 'AAAA', gbk('安全'));
    const fixed = patchName(zip, 'BBBB', gbk('规定'));
    const r = await importIntoSpace(t.db, v.owner, { spaceId }, { uploads: [zipUpload('windows.zip', fixed)] });
    const art = r.items.find((i) => i.kind === 'article')!;
    expect(art).toMatchObject({ path: '安全/规定.md', outcome: 'imported', reasons: [{ key: 'kb.import.reasons.decodedGb18030' }] });
    expect(r.items.find((i) => i.path === 'windows.zip')?.reasons).toEqual([{ key: 'kb.import.reasons.namesGb18030' }]);
    expect(await bodyOf(art.articleId!)).toContain('进入车间须佩戴安全帽');
  });

  describe('hostile input: a clear message, nothing imported', () => {
    const refused = async (uploads: { name: string; bytes: Uint8Array }[], key: string, params: Record<string, unknown> = {}) => {
      const before = [await count('kb_article'), await count('kb_folder'), await count('stored_file')];
      await expect(importIntoSpace(t.db, v.owner, { spaceId }, { uploads })).rejects.toMatchObject({ code: 'INVALID', details: { fieldErrors: { files: { key, params: expect.objectContaining(params) } } } });
      expect([await count('kb_article'), await count('kb_folder'), await count('stored_file')]).toEqual(before);
    };

    it('a zip bomb (declared unpacked size over the limit) is refused before inflating', async () => {
      const zeros = Buffer.alloc(101 * MB);
      const bomb = await buildZip([{ name: 'a.md', data: '# ok' }, { name: 'big.png', data: zeros }]);
      expect(bomb.byteLength).toBeLessThan(MB);
      await refused([zipUpload('bomb.zip', bomb)], 'kb.import.errors.zipBomb', { name: 'bomb.zip', max: 100 });
    });

    it('too many entries', async () => {
      const many = await buildZip(Array.from({ length: 2001 }, (_, i) => ({ name: `n/${i}.md`, data: 'x', store: true })));
      await refused([zipUpload('many.zip', many)], 'kb.import.errors.tooManyEntries', { max: 2000 });
    });

    it('path traversal and absolute paths', async () => {
      const dotdot = patchName(await buildZip([{ name: 'ok.md', data: 'x' }, { name: 'xx/evil.md', data: 'x' }]), 'xx/evil.md', Buffer.from('../evil.md'));
      await refused([zipUpload('trav.zip', dotdot)], 'kb.import.errors.pathTraversal', { entry: '../evil.md' });
      const abs = patchName(await buildZip([{ name: 'ok.md', data: 'x' }, { name: 'Xetc/passwd.md', data: 'x' }]), 'Xetc/passwd.md', Buffer.from('/etc/passwd.md'));
      await refused([zipUpload('abs.zip', abs)], 'kb.import.errors.pathTraversal');
      const win = patchName(await buildZip([{ name: 'ok.md', data: 'x' }, { name: 'XX/evil.md', data: 'x' }]), 'XX/evil.md', Buffer.from('..\\evil.md'));
      await refused([zipUpload('win.zip', win)], 'kb.import.errors.pathTraversal');
    });

    it('a file that only claims to be a ZIP; an upload of another type; an oversized upload', async () => {
      await refused([{ name: 'fake.zip', bytes: new Uint8Array(htmlBytes()) }], 'kb.import.errors.notZip', { name: 'fake.zip' });
      await refused([{ name: 'report.pdf', bytes: new Uint8Array(Buffer.from('%PDF-1.7')) }], 'kb.import.errors.unsupportedUpload');
      await refused([{ name: 'huge.zip', bytes: new Uint8Array(21 * MB) }], 'errors.files.fileTooLarge');
      await refused([{ name: 'not-word.docx', bytes: new Uint8Array(Buffer.from('hello')) }], 'errors.files.fileTypeMismatch', { name: 'not-word.docx' });
      await refused([{ name: 'a.md', bytes: new Uint8Array(Buffer.from('')) }], 'errors.files.fileEmpty');
    });

    it('symlinks, disguised images, binary Markdown and oversized entries are skipped with their reason; the rest imports', async () => {
      const zip = await buildZip([
        { name: 'guide.md', data: '![a](fake.png) ![b](big.png) [c](link.md)' },
        { name: 'link.md', data: '/etc/passwd', mode: 0o120777 },
        { name: 'fake.png', data: htmlBytes() },
        { name: 'big.png', data: Buffer.alloc(21 * MB) },
        { name: 'binary.md', data: pngBytes() },
        { name: 'script.md', data: '[x](javascript:alert(1))' },
        { name: 'word.docx', data: 'not a word document' },
      ]);
      const r = await importIntoSpace(t.db, v.owner, { spaceId }, { uploads: [zipUpload('mixed.zip', zip)] });
      const reason = (p: string) => r.items.find((i) => i.path === p)?.reasons[0]?.key;
      expect(r.counts.articles).toBe(1);
      expect(reason('link.md')).toBe('kb.import.reasons.symlink');
      expect(reason('fake.png')).toBe('errors.files.fileTypeMismatch');
      expect(reason('big.png')).toBe('kb.import.reasons.tooLarge');
      expect(reason('binary.md')).toBe('errors.files.fileNotUtf8');
      expect(reason('script.md')).toBe('kb.errors.dangerousLink');
      expect(reason('word.docx')).toBe('errors.files.fileTypeMismatch');
      const guide = await getArticle(t.db, v.owner, r.items.find((i) => i.path === 'guide.md')!.articleId!);
      expect(guide.files).toHaveLength(0);
      expect(guide.html).not.toContain('<img');
    });

    it('a Word document that unpacks to too much is skipped before conversion', async () => {
      const bomb = await buildZip([
        { name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }, { name: 'word/media/x.png', data: Buffer.alloc(101 * MB) },
      ]);
      await refused([{ name: 'bomb.docx', bytes: new Uint8Array(bomb) }], 'kb.import.reasons.docxBomb', { name: 'bomb.docx', max: 100 });
      const onlyImages = await buildZip([{ name: 'a.png', data: pngBytes() }]);
      await refused([zipUpload('images.zip', onlyImages)], 'kb.import.errors.nothingToImport');
    });
  });

  describe('who may import', () => {
    const oneMd = async () => [{ name: 'x.md', bytes: new Uint8Array(Buffer.from('# x')) }];
    it('readers of the space may not; partners see nothing they are not shared', async () => {
      await expect(importIntoSpace(t.db, v.reader, { spaceId }, { uploads: await oneMd() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(importIntoSpace(t.db, v.partnerB, { spaceId }, { uploads: await oneMd() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(importIntoSpace(t.db, v.partnerB, { spaceId, folderId: partnerFolder }, { uploads: await oneMd() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(importIntoSpace(t.db, v.partnerA, { spaceId }, { uploads: await oneMd() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(importIntoSpace(t.db, null, { spaceId }, { uploads: await oneMd() })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    });
    it('a partner with edit on their named folder imports there (sub-folders inherit, so they may edit them too)', async () => {
      const zip = await buildZip([{ name: '质量/检验标准.md', data: '# 检验标准' }]);
      const r = await importIntoSpace(t.db, v.partnerA, { spaceId, folderId: partnerFolder }, { uploads: [zipUpload('q.zip', zip)] });
      const art = await getArticle(t.db, v.partnerA, r.items.find((i) => i.kind === 'article')!.articleId!);
      expect(art.can.edit).toBe(true);
      await expect(getArticle(t.db, v.partnerB, art.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
