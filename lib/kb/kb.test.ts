import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { search } from '@/lib/search/search';
import { searchTokens } from '@/lib/search/tokens';
import { getFileForViewer } from '@/lib/files/queries';
import { pdfBytes, pngBytes } from '@/lib/files/test-files';
import { MAX_FILE_BYTES } from '@/lib/files/limits';
import { addArticleFiles, removeArticleFile } from './files';
import { acknowledge, createArticle, deleteArticle, markRequired, moveArticle, moveFolder, restoreVersion, saveArticle, saveFolder, saveSpace } from './mutations';
import { changesSinceAck, compareVersions, getAckReport, getArticle, getSpace, listSpaces, listVersions } from './queries';
import { requiredReadingTodos } from './todos';

describe('knowledge base', () => {
  let t: TestDb;
  const ids: Record<string, string> = {};
  const v: Record<string, Viewer> = {};
  let spaceId = '';
  let restrictedFolder = '';
  let partnerFolder = '';

  beforeAll(async () => {
    t = await createTestDb();
    const db = t.db;
    ids.hq = await insertUnit(db, { name: '总部' });
    ids.it = await insertUnit(db, { name: '信息技术部', parentId: ids.hq });
    ids.prod = await insertUnit(db, { name: '生产部', parentId: ids.hq });
    ids.orgA = await insertPartnerOrg(db, { name: '恒通', type: 'supplier' });
    ids.orgB = await insertPartnerOrg(db, { name: '华联', type: 'distributor' });
    ids.admin = await insertPerson(db, { email: 'admin@x.example', unitId: ids.hq, roles: ['admin'] });
    ids.owner = await insertPerson(db, { email: 'owner@x.example', name: '王工', unitId: ids.it });
    ids.itWorker = await insertPerson(db, { email: 'it@x.example', name: '李工', unitId: ids.it });
    ids.prodWorker = await insertPerson(db, { email: 'prod@x.example', unitId: ids.prod });
    ids.comms = await insertPerson(db, { email: 'comms@x.example', unitId: ids.hq, roles: ['comms_officer'] });
    ids.partnerA = await insertPerson(db, { email: 'a@a.example', partnerOrgId: ids.orgA });
    ids.partnerB = await insertPerson(db, { email: 'b@b.example', partnerOrgId: ids.orgB, roles: ['partner_admin'] });
    for (const k of ['admin', 'owner', 'itWorker', 'prodWorker', 'comms', 'partnerA', 'partnerB']) v[k] = (await loadViewer(db, ids[k]))!;

    // A space every employee reads and IT edits; a folder only IT reads; a folder shared with partner A (who may edit it).
    spaceId = (await saveSpace(db, v.owner, { name: '设备维护', viewEveryone: 'on', editUnits: [ids.it] })).id;
    restrictedFolder = (await saveFolder(db, v.owner, { spaceId, name: '内部', viewUnits: [ids.it] , editInherit: 'on' })).id;
    partnerFolder = (await saveFolder(db, v.owner, { spaceId, name: '供应商质量文件', viewPartnerOrgs: [ids.orgA], viewEveryone: 'on', editPartnerOrgs: [ids.orgA], editUnits: [ids.it] })).id;
  });
  afterAll(() => t.drop());

  it('the database tokenizer and the query tokenizer agree', async () => {
    for (const s of ['设备故障处理', 'ERP报销流程 v2', '故', 'Hello, World! 2026年']) {
      const { rows } = await sql<{ t: string }>`select plaza_search_tokens(${s}) as t`.execute(t.db);
      expect(rows[0].t.split(' ').filter(Boolean)).toEqual(searchTokens(s));
    }
  });

  it('refuses empty and too-long titles, javascript: links, and an empty view audience, changing nothing', async () => {
    await expect(createArticle(t.db, v.itWorker, { spaceId, title: '  ', body: 'x' })).rejects.toMatchObject({ code: 'INVALID', details: { fieldErrors: { title: { key: 'errors.validation.required' } } } });
    await expect(createArticle(t.db, v.itWorker, { spaceId, title: 'x'.repeat(201), body: 'x' })).rejects.toMatchObject({ details: { fieldErrors: { title: { key: 'errors.validation.tooLong' } } } });
    await expect(createArticle(t.db, v.itWorker, { spaceId, title: 'ok', body: '[click](javascript:alert(1))' })).rejects.toMatchObject({ details: { fieldErrors: { body: { key: 'kb.errors.dangerousLink' } } } });
    await expect(saveSpace(t.db, v.owner, { name: 'x' })).rejects.toMatchObject({ details: { fieldErrors: { viewUnits: { key: 'kb.errors.viewAudienceEmpty' } } } });
    await expect(saveSpace(t.db, v.owner, { name: 'x', viewEveryone: 'on', editPartnerOrgs: [ids.orgA] })).rejects.toMatchObject({ details: { fieldErrors: { editPartnerOrgs: { key: 'kb.errors.partnerEditFolderOnly' } } } });
    const n = await t.db.selectFrom('kb_article').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });

  it('only editors write; a production worker reads but may not write; partners see nothing outside their folder', async () => {
    await expect(createArticle(t.db, v.prodWorker, { spaceId, title: 't', body: 'b' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createArticle(t.db, v.partnerA, { spaceId, title: 't', body: 'b' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { id } = await createArticle(t.db, v.partnerA, { spaceId, folderId: partnerFolder, title: '来料检验规范', body: '供应商来料检验。' });
    expect((await getArticle(t.db, v.partnerA, id)).can.edit).toBe(true);
    await expect(getArticle(t.db, v.partnerB, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const inner = await createArticle(t.db, v.itWorker, { spaceId, folderId: restrictedFolder, title: '服务器密码轮换', body: '内部' });
    await expect(getArticle(t.db, v.prodWorker, inner.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getArticle(t.db, v.partnerA, inner.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Partner A reaches the space only through the shared folder; B not at all.
    expect((await listSpaces(t.db, v.partnerA)).items.map((s) => s.id)).toEqual([spaceId]);
    expect((await listSpaces(t.db, v.partnerB)).items).toEqual([]);
    await expect(getSpace(t.db, v.partnerB, spaceId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const home = await getSpace(t.db, v.partnerA, spaceId);
    expect(home.folders.map((f) => f.id)).toEqual([partnerFolder]);
    expect(home.recent.map((a) => a.id)).toEqual([id]);
    expect(home.rootArticles).toEqual([]);
    expect((await getSpace(t.db, v.prodWorker, spaceId)).folders.map((f) => f.id)).toEqual([partnerFolder]);
    expect((await getSpace(t.db, v.itWorker, spaceId)).folders.map((f) => f.name).sort()).toEqual(['供应商质量文件', '内部'].sort());
  });

  it('every save is a version; a stale save is refused; compare and restore', async () => {
    const { id } = await createArticle(t.db, v.itWorker, { spaceId, title: '设备故障处理流程', body: '第一步：停机。\n第二步：报告。', summary: '初稿' });
    await saveArticle(t.db, v.owner, { id, baseVersion: 1, title: '设备故障处理流程', body: '第一步：停机。\n第二步：报告主管。', summary: '补充' });
    // Li still has version 1 open: refused, nothing overwritten.
    await expect(saveArticle(t.db, v.itWorker, { id, baseVersion: 1, title: '设备故障处理流程', body: '我的修改' }))
      .rejects.toMatchObject({ code: 'CONFLICT', details: { fieldErrors: { baseVersion: { key: 'kb.errors.staleVersion', params: { version: 2, base: 1, name: '王工' } } } } });
    expect((await getArticle(t.db, v.itWorker, id)).html).toContain('报告主管');
    const versions = await listVersions(t.db, v.itWorker, id);
    expect(versions.items.map((x) => [x.version, x.authorName, x.summary])).toEqual([[2, '王工', '补充'], [1, '李工', '初稿']]);
    const cmp = await compareVersions(t.db, v.itWorker, id, 1, 2);
    expect(cmp.parts.filter((p) => p.op === 'add').map((p) => p.text).join('')).toContain('主管');
    expect(cmp.parts.filter((p) => p.op === 'del')).toEqual([]);
    const r = await restoreVersion(t.db, v.itWorker, { id, version: 1 });
    expect(r.version).toBe(3);
    const after = await listVersions(t.db, v.itWorker, id);
    expect(after.items[0]).toMatchObject({ version: 3, kind: 'restore', restoredFrom: 1 });
    expect((await getArticle(t.db, v.itWorker, id)).html).not.toContain('主管');
    await expect(restoreVersion(t.db, v.prodWorker, { id, version: 2 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('Markdown with script, iframes, event handlers never reaches the page', async () => {
    const { id } = await createArticle(t.db, v.itWorker, { spaceId, title: 'xss', body: '<script>alert(1)</script><iframe src="https://e.example"></iframe><img src=x onerror=alert(1)>\n\n## 小节' });
    const a = await getArticle(t.db, v.itWorker, id);
    expect(a.html).not.toMatch(/<script|<iframe|onerror/i);
    expect(a.outline).toEqual([{ level: 2, text: '小节', anchor: 'h-1' }]);
    expect(a.html).toContain('<h2 id="h-1">');
  });

  it('moves folders but never into themselves; moves articles only where the editor may edit', async () => {
    const parent = (await saveFolder(t.db, v.owner, { spaceId, name: '父', viewInherit: 'on', editInherit: 'on' })).id;
    const child = (await saveFolder(t.db, v.owner, { spaceId, parentId: parent, name: '子', viewInherit: 'on', editInherit: 'on' })).id;
    await expect(moveFolder(t.db, v.owner, { id: parent, parentId: parent })).rejects.toMatchObject({ details: { fieldErrors: { parentId: { key: 'kb.errors.folderIntoItself' } } } });
    await expect(moveFolder(t.db, v.owner, { id: parent, parentId: child })).rejects.toMatchObject({ details: { fieldErrors: { parentId: { key: 'kb.errors.folderIntoItself' } } } });
    await moveFolder(t.db, v.owner, { id: child, parentId: restrictedFolder });
    // The child inherits the restricted folder's audience now.
    const art = await createArticle(t.db, v.itWorker, { spaceId, folderId: child, title: '子文章', body: 'x' });
    await expect(getArticle(t.db, v.prodWorker, art.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await moveFolder(t.db, v.owner, { id: child, parentId: null });
    expect((await getArticle(t.db, v.prodWorker, art.id)).id).toBe(art.id);
    await expect(moveFolder(t.db, v.itWorker, { id: child, parentId: parent })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Partner A may edit its folder but may not move an article out into the space.
    const pa = await createArticle(t.db, v.partnerA, { spaceId, folderId: partnerFolder, title: 'p', body: 'p' });
    await expect(moveArticle(t.db, v.partnerA, { id: pa.id, target: `space:${spaceId}` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await moveArticle(t.db, v.itWorker, { id: art.id, target: `folder:${parent}` });
    expect((await getArticle(t.db, v.itWorker, art.id)).folderId).toBe(parent);
  });

  it('search: Chinese bigrams, mixed text, English prefixes, title first, only what the viewer may read', async () => {
    const a1 = await createArticle(t.db, v.itWorker, { spaceId, title: 'ERP 报销流程', body: 'Expense reimbursement in the ERP system.' });
    const a2 = await createArticle(t.db, v.itWorker, { spaceId, title: '差旅指南', body: '出差回来后请在 ERP 中提交报销申请，并附上发票。' });
    const a3 = await createArticle(t.db, v.itWorker, { spaceId, folderId: restrictedFolder, title: '报销系统故障', body: '内部排障记录' });
    const ids2 = async (who: Viewer, q: string, extra: Record<string, string> = {}) => (await search(t.db, who, { q, ...extra })).hits.map((h) => h.id);
    expect(await ids2(v.itWorker, '报销')).toEqual(expect.arrayContaining([a1.id, a2.id, a3.id]));
    // Title matches first.
    const order = await ids2(v.itWorker, '报销');
    expect(order.indexOf(a2.id)).toBeGreaterThan(Math.max(order.indexOf(a1.id), order.indexOf(a3.id)));
    expect(await ids2(v.prodWorker, '报销')).not.toContain(a3.id);
    expect(await ids2(v.partnerA, '报销')).toEqual([]);
    expect(await ids2(v.itWorker, '故障')).toContain(a3.id);
    expect(await ids2(v.itWorker, 'ERP 报销流程')).toEqual([a1.id]);
    expect(await ids2(v.itWorker, 'reimburse')).toEqual([a1.id]);
    expect(await ids2(v.itWorker, 'erp')).toEqual(expect.arrayContaining([a1.id, a2.id]));
    expect(await ids2(v.itWorker, '销流')).toEqual([a1.id]);
    expect(await ids2(v.itWorker, '销售')).toEqual([]);
    const hit = (await search(t.db, v.itWorker, { q: '发票' })).hits[0];
    expect(hit.snippet.some((s) => s.hit && s.text === '发票')).toBe(true);
    expect(await ids2(v.itWorker, '报销', { space: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
    expect(await ids2(v.itWorker, '报销', { from: '2999-01-01' })).toEqual([]);
    // Partner A finds its own folder's article; B never does.
    expect(await ids2(v.partnerA, '来料检验')).toHaveLength(1);
    expect(await ids2(v.partnerB, '来料检验')).toEqual([]);
  });

  it('required reading: acknowledged per version; a material change asks again with the diff', async () => {
    const { id } = await createArticle(t.db, v.owner, { spaceId, title: '信息安全制度', body: '密码至少 8 位。' });
    await expect(markRequired(t.db, v.prodWorker, { id, everyone: 'on' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await markRequired(t.db, v.comms, { id, everyone: 'on', renewalDays: '' });
    expect((await requiredReadingTodos.load(t.db, v.prodWorker, { limit: 5, now: new Date(), locale: 'zh-CN' }))?.items.map((i) => i.id)).toContain(id);
    await expect(acknowledge(t.db, v.prodWorker, { id, version: 2 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await acknowledge(t.db, v.prodWorker, { id, version: 1 });
    expect((await getArticle(t.db, v.prodWorker, id)).me).toMatchObject({ ackedVersion: 1, due: false });
    expect((await requiredReadingTodos.load(t.db, v.prodWorker, { limit: 5, now: new Date(), locale: 'zh-CN' }))?.items.map((i) => i.id) ?? []).not.toContain(id);
    // A minor edit does not ask again; a material one does.
    await saveArticle(t.db, v.owner, { id, baseVersion: 1, title: '信息安全制度', body: '密码至少 8 位。 ' });
    expect((await getArticle(t.db, v.prodWorker, id)).me?.due).toBe(false);
    await saveArticle(t.db, v.owner, { id, baseVersion: 2, title: '信息安全制度', body: '密码至少 12 位。', material: 'on' });
    const me = (await getArticle(t.db, v.prodWorker, id)).me;
    expect(me).toMatchObject({ ackedVersion: 1, requiredVersion: 3, due: true });
    const changes = await changesSinceAck(t.db, v.prodWorker, id);
    expect(changes?.parts.some((p) => p.op === 'add' && p.text.includes('12'))).toBe(true);
    const report = await getAckReport(t.db, v.owner, id);
    expect(report.total).toBeGreaterThanOrEqual(5);
    expect(report.done).toBe(0);
    expect(report.items.find((r) => r.personId === ids.prodWorker)).toMatchObject({ ackedVersion: 1, current: false });
    await acknowledge(t.db, v.prodWorker, { id, version: 3 });
    expect((await getAckReport(t.db, v.owner, id)).done).toBe(1);
    await expect(getAckReport(t.db, v.prodWorker, id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Partners are not in "everyone": nothing to acknowledge, and the article stays invisible.
    await expect(acknowledge(t.db, v.partnerA, { id, version: 3 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const notes = await t.db.selectFrom('notification').innerJoin('notification_event as e', 'e.id', 'notification.event_id')
      .select((eb) => eb.fn.countAll<number>().as('n')).where('e.kind', '=', 'kb.required_reading').where('notification.person_id', '=', ids.prodWorker).executeTakeFirstOrThrow();
    expect(Number(notes.n)).toBe(2);
  });

  it('search permission keys follow folder audience changes and moves (partners never see another org or internal hits)', async () => {
    const folder = (await saveFolder(t.db, v.owner, { spaceId, name: '临时共享', viewPartnerOrgs: [ids.orgA], viewEveryone: 'on', editInherit: 'on' })).id;
    const art = await createArticle(t.db, v.itWorker, { spaceId, folderId: folder, title: '模具保养记录 tooling', body: '每周点检。' });
    const hitIds = async (who: Viewer, q: string) => (await search(t.db, who, { q })).hits.map((h) => h.id);
    expect(await hitIds(v.partnerA, '模具')).toEqual([art.id]);
    expect(await hitIds(v.partnerB, '模具')).toEqual([]);
    // The folder is made internal: partner A loses the hit at once (same transaction).
    await saveFolder(t.db, v.owner, { id: folder, spaceId, name: '临时共享', viewUnits: [ids.it], editInherit: 'on' });
    expect(await hitIds(v.partnerA, '模具')).toEqual([]);
    expect(await hitIds(v.prodWorker, '模具')).toEqual([]);
    expect(await hitIds(v.itWorker, '模具')).toEqual([art.id]);
    // Moved into the partner folder: partner A finds it again, B still not.
    await moveArticle(t.db, v.itWorker, { id: art.id, target: `folder:${partnerFolder}` });
    expect(await hitIds(v.partnerA, 'tool')).toEqual([art.id]);
    expect(await hitIds(v.partnerB, 'tool')).toEqual([]);
    // Admins read everything; the index holds the keys the article's own check reads.
    expect(await hitIds(v.admin, '模具')).toEqual([art.id]);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from search_document d join kb_article a on a.id = d.item_id join kb_space s on s.id = a.space_id left join kb_folder f on f.id = a.folder_id
      where d.kind = 'kb.article' and d.read_keys <> array_remove(array[coalesce(f.eff_view_audience_id, s.view_audience_id), coalesce(f.eff_edit_audience_id, s.edit_audience_id)], null)::uuid[]`.execute(t.db);
    expect(rows[0].n).toBe(0);
  });

  it('attachments: checked, stored, searchable by name, downloadable only by readers, removed', async () => {
    const { id } = await createArticle(t.db, v.itWorker, { spaceId, folderId: restrictedFolder, title: '网络拓扑', body: '见附件。' });
    const refused = async (uploads: { name: string; bytes: Uint8Array }[], key: string) => {
      await expect(addArticleFiles(t.db, v.itWorker, { id }, { uploads })).rejects.toMatchObject({ code: 'INVALID', details: { fieldErrors: { files: { key } } } });
    };
    await refused([{ name: 'evil.pdf', bytes: new TextEncoder().encode('<html><script>alert(1)</script></html>') }], 'errors.files.fileTypeMismatch');
    await refused([{ name: 'evil.svg', bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') }], 'errors.files.fileTypeNotAllowed');
    await refused([{ name: 'page.html', bytes: new TextEncoder().encode('<script>alert(1)</script>') }], 'errors.files.fileTypeNotAllowed');
    await refused([{ name: 'big.pdf', bytes: new Uint8Array(MAX_FILE_BYTES + 1) }], 'errors.files.fileTooLarge');
    await expect(addArticleFiles(t.db, v.itWorker, { id }, { uploads: [] })).rejects.toMatchObject({ details: { fieldErrors: { files: { key: 'kb.errors.noFile' } } } });
    expect(await t.db.selectFrom('kb_article_file').selectAll().where('article_id', '=', id).execute()).toEqual([]);
    // Readers who may not edit may not attach.
    await expect(addArticleFiles(t.db, v.prodWorker, { id }, { uploads: [{ name: 'a.pdf', bytes: pdfBytes() }] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await addArticleFiles(t.db, v.itWorker, { id }, { uploads: [{ name: '../../etc/交换机配置.pdf', bytes: pdfBytes() }, { name: 'topology.png', bytes: pngBytes() }] });
    const art = await getArticle(t.db, v.itWorker, id);
    expect(art.files.map((f) => f.filename).sort()).toEqual(['topology.png', '交换机配置.pdf'].sort());
    const pdf = art.files.find((f) => f.filename.endsWith('.pdf'))!;
    // Names are searchable; the hit respects the article's audience.
    expect((await search(t.db, v.itWorker, { q: '交换机' })).hits.map((h) => h.id)).toEqual([id]);
    expect((await search(t.db, v.itWorker, { q: 'topology' })).hits.map((h) => h.id)).toEqual([id]);
    expect((await search(t.db, v.prodWorker, { q: '交换机' })).hits).toEqual([]);
    // Downloads: readers yes; a production worker and both partners NOT_FOUND.
    expect((await getFileForViewer(t.db, v.owner, pdf.id)).contentType).toBe('application/pdf');
    for (const who of [v.prodWorker, v.partnerA, v.partnerB]) await expect(getFileForViewer(t.db, who, pdf.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(removeArticleFile(t.db, v.prodWorker, { id, fileId: pdf.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await removeArticleFile(t.db, v.itWorker, { id, fileId: pdf.id });
    expect((await getArticle(t.db, v.itWorker, id)).files.map((f) => f.filename)).toEqual(['topology.png']);
    expect(await t.db.selectFrom('stored_file').select('id').where('id', '=', pdf.id).executeTakeFirst()).toBeUndefined();
    expect((await search(t.db, v.itWorker, { q: '交换机' })).hits).toEqual([]);
    const audit = await t.db.selectFrom('audit_log').select('action').where('target_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['kb.file_add', 'kb.file_remove']));
  });

  it('deleting an article: owners and admins only, title confirmed; versions and acks go, shared files stay, audited', async () => {
    const { id } = await createArticle(t.db, v.itWorker, { spaceId, title: '旧版操作手册', body: 'v1' });
    await saveArticle(t.db, v.itWorker, { id, baseVersion: 1, title: '旧版操作手册', body: 'v2' });
    await markRequired(t.db, v.owner, { id, everyone: 'on' });
    await acknowledge(t.db, v.prodWorker, { id, version: 2 });
    await addArticleFiles(t.db, v.itWorker, { id }, { uploads: [{ name: 'manual.pdf', bytes: pdfBytes('manual') }] });
    const fileId = (await getArticle(t.db, v.itWorker, id)).files[0].id;
    // The same file attached to another article too: it must survive the deletion.
    const other = await createArticle(t.db, v.itWorker, { spaceId, title: '新版操作手册', body: 'v3' });
    await t.db.insertInto('kb_article_file').values({ article_id: other.id, file_id: fileId, added_by: ids.itWorker }).execute();
    await expect(deleteArticle(t.db, v.itWorker, { id, confirmTitle: '旧版操作手册' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(deleteArticle(t.db, v.partnerA, { id, confirmTitle: '旧版操作手册' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteArticle(t.db, v.owner, { id, confirmTitle: '别的标题' })).rejects.toMatchObject({ details: { fieldErrors: { confirmTitle: { key: 'kb.errors.confirmTitle' } } } });
    expect((await getArticle(t.db, v.owner, id)).id).toBe(id);
    const r = await deleteArticle(t.db, v.owner, { id, confirmTitle: '旧版操作手册' });
    expect(r).toEqual({ spaceId, folderId: null });
    await expect(getArticle(t.db, v.owner, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const table of ['kb_article_version', 'kb_ack', 'kb_required_reading'] as const) {
      expect(await t.db.selectFrom(table).select('article_id').where('article_id', '=', id).execute()).toEqual([]);
    }
    expect(await t.db.selectFrom('search_document').select('item_id').where('item_id', '=', id).execute()).toEqual([]);
    expect((await getFileForViewer(t.db, v.itWorker, fileId)).filename).toBe('manual.pdf');
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', id).where('action', '=', 'kb.article_delete').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ versions: 2, acknowledgements: 1, files: 1 });
    // Deleting the other article removes the file's bytes: nothing refers to them any more.
    await deleteArticle(t.db, v.admin, { id: other.id, confirmTitle: '新版操作手册' });
    expect(await t.db.selectFrom('stored_file').select('id').where('id', '=', fileId).executeTakeFirst()).toBeUndefined();
  });
});
