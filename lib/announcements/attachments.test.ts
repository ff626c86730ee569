import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { getFileForViewer } from '@/lib/files/queries';
import { htmlBytes, pdfBytes, pngBytes } from '@/lib/files/test-files';
import { saveAnnouncement, withdrawAnnouncement } from './mutations';
import { getAnnouncement } from './queries';
import { buildOrg, composeInput, testDeps, type Org } from './testing';

let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

const production = () => ({ units: [{ unitId: org.units.production, includeSubUnits: true }] });
const text = (s: string) => Buffer.from(s, 'utf8');
const fileCount = async () => Number((await t.db.selectFrom('stored_file').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe('attachments: stored with the announcement, downloaded by those who may see it', () => {
  it('stores files (detected type, sanitised name, checksum) in the same save, in order, audited', async () => {
    const { deps } = testDeps(t.db);
    const pdf = pdfBytes('safety');
    const r = await saveAnnouncement(t.db, org.viewers.prodHead, composeInput({ title: '带附件的通知', audience: production() }), 'send', {
      deps, attachments: { add: [{ name: 'C:\\fakepath\\安全规程.pdf', bytes: pdf }, { name: '设备清单\u202E.txt', bytes: text('设备A\n设备B\n') }], remove: [] },
    });
    expect(r.status).toBe('published');
    const detail = await getAnnouncement(t.db, org.viewers.worker1, r.id);
    expect(detail.attachments.map((a) => [a.filename, a.contentType, a.size, a.position])).toEqual([
      ['安全规程.pdf', 'application/pdf', pdf.length, 0],
      ['设备清单.txt', 'text/plain; charset=utf-8', text('设备A\n设备B\n').length, 1],
    ]);
    const [first] = detail.attachments;

    // An audience member, the uploader and a communications officer may download.
    for (const v of [org.viewers.worker1, org.viewers.worker2, org.viewers.prodHead, org.viewers.comms]) {
      const f = await getFileForViewer(t.db, v, first.id);
      expect(Buffer.from(f.content).equals(pdf)).toBe(true);
      expect(f).toMatchObject({ filename: '安全规程.pdf', contentType: 'application/pdf', size: pdf.length });
    }
    // Outside the audience, a partner, a deactivated member, nobody signed in: as if it did not exist.
    for (const v of [org.viewers.warehouseWorker, org.viewers.itWorker, org.viewers.hengtongMember, org.viewers.hualianMember]) {
      await expect(getFileForViewer(t.db, v, first.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    await expect(getFileForViewer(t.db, org.viewers.deactivated, first.id)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(getFileForViewer(t.db, null, first.id)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    for (const bad of ['nope', `${first.id}x`, "' or 1=1 --", randomUUID()]) {
      await expect(getFileForViewer(t.db, org.viewers.worker1, bad)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }

    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', r.id).where('action', '=', 'announcement.attachments').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].details)).toContain('安全规程.pdf');

    // Withdrawn: the audience loses the files with the item; the author keeps them.
    await withdrawAnnouncement(t.db, org.viewers.prodHead, { id: r.id, reason: '发错了' });
    await expect(getFileForViewer(t.db, org.viewers.worker1, first.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getFileForViewer(t.db, org.viewers.prodHead, first.id)).size).toBe(pdf.length);
  });

  it('a partner organisation in the audience may download; another partner organisation may not', async () => {
    const { deps } = testDeps(t.db);
    const r = await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '供应商通知', audience: { partnerOrgs: [org.partners.hengtong] } }), 'send', {
      deps, attachments: { add: [{ name: 'spec.png', bytes: pngBytes() }], remove: [] },
    });
    const [file] = (await getAnnouncement(t.db, org.viewers.comms, r.id)).attachments;
    expect((await getFileForViewer(t.db, org.viewers.hengtongMember, file.id)).contentType).toBe('image/png');
    await expect(getFileForViewer(t.db, org.viewers.hualianMember, file.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getFileForViewer(t.db, org.viewers.worker1, file.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a refused file saves nothing: no announcement, no files', async () => {
    const { deps } = testDeps(t.db);
    const before = await fileCount();
    const title = `伪装文件 ${randomUUID().slice(0, 8)}`;
    await expect(saveAnnouncement(t.db, org.viewers.prodHead, composeInput({ title, audience: production() }), 'send', {
      deps, attachments: { add: [{ name: 'ok.pdf', bytes: pdfBytes() }, { name: '发票.pdf', bytes: htmlBytes() }], remove: [] },
    })).rejects.toMatchObject({ code: 'INVALID', details: { fieldErrors: { attachments: { key: 'errors.files.fileTypeMismatch', params: { name: '发票.pdf', type: 'PDF' } } } } });
    await expect(saveAnnouncement(t.db, org.viewers.prodHead, composeInput({ title, audience: production() }), 'send', {
      deps, attachments: { add: [{ name: 'scan.pdf', bytes: pngBytes() }], remove: [] },
    })).rejects.toMatchObject({ code: 'INVALID', details: { fieldErrors: { attachments: { key: 'errors.files.fileTypeMismatch' } } } });
    expect(await t.db.selectFrom('announcement').select('id').where('title', '=', title).execute()).toHaveLength(0);
    expect(await fileCount()).toBe(before);
  });

  it('editing a draft: files are added and removed; a removed file is deleted; 10 at most; drafts stay private', async () => {
    const { deps } = testDeps(t.db);
    const input = composeInput({ title: '草稿附件', audience: production() });
    const pdf = (n: number) => ({ name: `第${n}页.pdf`, bytes: pdfBytes(`page ${n}`) });
    const d = await saveAnnouncement(t.db, org.viewers.worker1, input, 'draft', { deps, attachments: { add: [pdf(1), pdf(2)], remove: [] } });
    const [one, two] = (await getAnnouncement(t.db, org.viewers.worker1, d.id)).attachments;
    // A draft's files: the author only (the audience has not received it).
    await expect(getFileForViewer(t.db, org.viewers.worker1b, one.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Someone else cannot change the author's draft or its files.
    await expect(saveAnnouncement(t.db, org.viewers.worker1b, input, 'draft', { id: d.id, deps, attachments: { add: [], remove: [one.id] } })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await saveAnnouncement(t.db, org.viewers.worker1, input, 'draft', { id: d.id, deps, attachments: { add: [pdf(3)], remove: [one.id, randomUUID(), 'garbage'] } });
    let files = (await getAnnouncement(t.db, org.viewers.worker1, d.id)).attachments;
    expect(files.map((f) => f.filename)).toEqual(['第2页.pdf', '第3页.pdf']);
    expect(files.map((f) => f.position)).toEqual([1, 2]);
    expect(await t.db.selectFrom('stored_file').select('id').where('id', '=', one.id).execute()).toHaveLength(0);
    expect(files[0].id).toBe(two.id);

    // 2 attached + 9 more = 11: refused, and nothing changes (not even the removal asked for alongside).
    const nine = Array.from({ length: 9 }, (_, i) => pdf(10 + i));
    await expect(saveAnnouncement(t.db, org.viewers.worker1, input, 'draft', { id: d.id, deps, attachments: { add: nine, remove: [] } }))
      .rejects.toMatchObject({ details: { fieldErrors: { attachments: { key: 'errors.files.tooManyFiles', params: { max: 10 } } } } });
    // Removing one makes room.
    await saveAnnouncement(t.db, org.viewers.worker1, input, 'draft', { id: d.id, deps, attachments: { add: nine.slice(0, 8), remove: [] } });
    await expect(saveAnnouncement(t.db, org.viewers.worker1, input, 'draft', { id: d.id, deps, attachments: { add: [pdf(99)], remove: [] } }))
      .rejects.toMatchObject({ details: { fieldErrors: { attachments: { key: 'errors.files.tooManyFiles' } } } });
    await saveAnnouncement(t.db, org.viewers.worker1, input, 'draft', { id: d.id, deps, attachments: { add: [pdf(99)], remove: [two.id] } });
    files = (await getAnnouncement(t.db, org.viewers.worker1, d.id)).attachments;
    expect(files).toHaveLength(10);
    expect(files.at(-1)?.filename).toBe('第99页.pdf');

    // Sent for approval: the approver (head of Production) may open the files; the audience not yet.
    await saveAnnouncement(t.db, org.viewers.worker1, input, 'send', { id: d.id, deps });
    expect((await getFileForViewer(t.db, org.viewers.prodHead, files[0].id)).filename).toBe('第3页.pdf');
    await expect(getFileForViewer(t.db, org.viewers.worker2, files[0].id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
