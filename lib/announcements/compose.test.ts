import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { isAppError } from '@/lib/errors';
import { getFileForViewer } from '@/lib/files/queries';
import { htmlBytes, pdfBytes, pngBytes } from '@/lib/files/test-files';
import { countComposeAudience, previewAudienceSize } from './audience-count';
import { deleteDraft, submitComposeForm, submitDraft, withdrawAnnouncement } from './mutations';
import { getAnnouncement, getHome, listAnnouncements } from './queries';
import { buildOrg, testDeps, type Org } from './testing';

let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

const form = (files: Record<string, { name: string; bytes: Buffer }[]>) => {
  const fd = new FormData();
  for (const [name, list] of Object.entries(files)) for (const f of list) fd.append(name, new File([new Uint8Array(f.bytes)], f.name));
  return fd;
};
const base = () => ({ kind: 'notice', urgency: 'normal', title: '带附件的通知', body: '正文', units: [org.units.team1], includeSubUnits: 'on' });
const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!isAppError(e)) throw new Error(`expected a refusal, got ${String(e)}`);
  return e;
};
const pendingCount = async (ownerId: string) =>
  Number((await t.db.selectFrom('announcement_pending_file').select((eb) => eb.fn.countAll<string>().as('n')).where('owner_id', '=', ownerId).executeTakeFirstOrThrow()).n);

describe('compose: nothing chosen is lost to a refusal (issue 14)', () => {
  it('keeps files chosen in a refused submission as pending, then attaches them when the form is saved', async () => {
    const { deps } = testDeps(t.db);
    const pdf = pdfBytes('规程');
    const e = await refusal(submitComposeForm(t.db, org.viewers.prodHead, { ...base(), title: '' }, { deps, formData: form({ attachments: [{ name: '规程.pdf', bytes: pdf }], cover: [{ name: '封面.png', bytes: pngBytes() }] }) }));
    expect(e.details.fieldErrors?.title).toBeDefined();
    const kept = e.details.values!;
    expect(kept.pendingAttachments).toHaveLength(1);
    expect(JSON.parse(String(kept.pendingFiles[0]))).toMatchObject({ filename: '规程.pdf', contentType: 'application/pdf', size: pdf.length });
    expect(JSON.parse(String(kept.pendingCoverFile))).toMatchObject({ filename: '封面.png', contentType: 'image/png' });
    expect(await pendingCount(org.ids.prodHead)).toBe(2);
    // The uploader may open a pending file; nobody else may.
    const [fileId] = kept.pendingAttachments as string[];
    expect((await getFileForViewer(t.db, org.viewers.prodHead, fileId)).size).toBe(pdf.length);
    await expect(getFileForViewer(t.db, org.viewers.worker1, fileId)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Someone else's pending id sent with the form is ignored (never attached).
    const other = await refusal(submitComposeForm(t.db, org.viewers.comms, { ...base(), title: '' }, { deps, formData: form({ attachments: [{ name: 'x.pdf', bytes: pdfBytes('x') }] }) }));
    const foreign = (other.details.values!.pendingAttachments as string[])[0];

    const r = await submitComposeForm(t.db, org.viewers.prodHead, { ...base(), summary: '一句话摘要', pendingAttachments: [fileId, foreign], pendingCover: kept.pendingCover }, { deps });
    expect(r.status).toBe('published');
    const a = await getAnnouncement(t.db, org.viewers.worker1, r.id);
    expect(a.attachments.map((f) => f.filename)).toEqual(['规程.pdf']);
    expect(a.cover).toMatchObject({ filename: '封面.png', contentType: 'image/png' });
    expect(a.summary).toBe('一句话摘要');
    // A reader may open the cover; the news shows summary and cover.
    expect((await getFileForViewer(t.db, org.viewers.worker1, a.cover!.id)).contentType).toBe('image/png');
    const home = await getHome(t.db, org.viewers.worker1);
    expect(home.latest.find((i) => i.id === r.id)).toMatchObject({ summary: '一句话摘要', coverFileId: a.cover!.id });
    expect((await listAnnouncements(t.db, org.viewers.worker1, {})).items.find((i) => i.id === r.id)?.coverFileId).toBe(a.cover!.id);
    expect((await getHome(t.db, org.viewers.worker1, new Date(), { kind: 'decision' })).latest.find((i) => i.id === r.id)).toBeUndefined();
    expect(await pendingCount(org.ids.prodHead)).toBe(0);
    expect(await pendingCount(org.ids.comms)).toBe(1);
  });

  it('removes a pending file the person unticks, and refuses a cover that is not a raster image', async () => {
    const { deps } = testDeps(t.db);
    const e = await refusal(submitComposeForm(t.db, org.viewers.worker1, { ...base(), body: '' }, { deps, formData: form({ attachments: [{ name: 'a.pdf', bytes: pdfBytes('a') }] }) }));
    const [id] = e.details.values!.pendingAttachments as string[];
    const again = await refusal(submitComposeForm(t.db, org.viewers.worker1, { ...base(), body: '', pendingAttachments: id, removeAttachments: id }, { deps }));
    expect(again.details.values).toBeUndefined();
    expect(await t.db.selectFrom('stored_file').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();

    const html = await refusal(submitComposeForm(t.db, org.viewers.worker1, base(), { deps, formData: form({ cover: [{ name: 'x.html', bytes: htmlBytes() }] }) }));
    expect(html.details.fieldErrors?.cover).toBeDefined();
    const pdfCover = await refusal(submitComposeForm(t.db, org.viewers.worker1, base(), { deps, formData: form({ cover: [{ name: 'x.pdf', bytes: pdfBytes('x') }] }) }));
    expect(pdfCover.details.fieldErrors?.cover).toEqual({ key: 'announcements.errors.coverNotImage', params: undefined });
  });
});

describe('compose: the audience count before publishing', () => {
  it('counts from lib, for those who may compose; named people chosen by id', async () => {
    // 装配一组: 刘洋 and 何静 (the deactivated 赵敏 does not count).
    expect(await countComposeAudience(t.db, org.viewers.worker1, { units: [org.units.team1], includeSubUnits: 'on' })).toBe(2);
    expect(await countComposeAudience(t.db, org.viewers.worker1, { units: org.units.production, includeSubUnits: 'on' })).toBe(4);
    expect(await countComposeAudience(t.db, org.viewers.worker1, { people: [org.ids.worker2, org.ids.itWorker] })).toBe(2);
    expect(await countComposeAudience(t.db, org.viewers.worker1, {})).toBe(0);
    await expect(countComposeAudience(t.db, org.viewers.worker1, { people: [org.ids.deactivated] })).rejects.toMatchObject({ code: 'INVALID' });
    await expect(countComposeAudience(t.db, org.viewers.hengtongMember, { everyone: 'on' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(countComposeAudience(t.db, null, { everyone: 'on' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await previewAudienceSize(t.db, org.viewers.hengtongMember, { everyone: 'on' })).toBeNull();
    // Nothing stays behind.
    const before = Number((await t.db.selectFrom('audience').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    await countComposeAudience(t.db, org.viewers.comms, { everyone: 'on' });
    expect(Number((await t.db.selectFrom('audience').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)).toBe(before);
  });
});

describe('drafts: edit, submit and delete — never withdraw', () => {
  it('submits a saved draft as it is, and deletes another with an audit entry', async () => {
    const { deps } = testDeps(t.db);
    const d = await submitComposeForm(t.db, org.viewers.worker1, { ...base(), intent: 'draft' }, { deps });
    const a = await getAnnouncement(t.db, org.viewers.worker1, d.id);
    expect(a.access.can).toMatchObject({ submit: true, delete: true, revise: true, withdraw: false });
    await expect(withdrawAnnouncement(t.db, org.viewers.worker1, { id: d.id, reason: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(submitDraft(t.db, org.viewers.worker1b, { id: d.id }, { deps })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const sent = await submitDraft(t.db, org.viewers.worker1, { id: d.id }, { deps });
    expect(sent.status).toBe('pending_approval');
    await expect(submitDraft(t.db, org.viewers.worker1, { id: d.id }, { deps })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(deleteDraft(t.db, org.viewers.worker1, { id: d.id })).rejects.toMatchObject({ code: 'CONFLICT' });

    const d2 = await submitComposeForm(t.db, org.viewers.worker1, { ...base(), title: '要删除的草稿', intent: 'draft' }, { deps, formData: form({ attachments: [{ name: 'a.pdf', bytes: pdfBytes('d') }] }) });
    const fileId = (await getAnnouncement(t.db, org.viewers.worker1, d2.id)).attachments[0].id;
    await expect(deleteDraft(t.db, org.viewers.comms, { id: d2.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await deleteDraft(t.db, org.viewers.worker1, { id: d2.id });
    await expect(getAnnouncement(t.db, org.viewers.worker1, d2.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.selectFrom('stored_file').select('id').where('id', '=', fileId).executeTakeFirst()).toBeUndefined();
    const audit = await t.db.selectFrom('audit_log').select(['action', 'target_label']).where('target_id', '=', d2.id).where('action', '=', 'announcement.delete_draft').execute();
    expect(audit).toEqual([{ action: 'announcement.delete_draft', target_label: '要删除的草稿' }]);
  });

  it('refuses to send a draft whose dates have passed', async () => {
    let now = Date.now();
    const { deps } = testDeps(t.db, { now: () => new Date(now) });
    const soon = new Date(now + 2 * 3600_000);
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: org.viewers.worker1.timezone, dateStyle: 'short', timeStyle: 'short' }).format(soon).replace(' ', 'T');
    const d = await submitComposeForm(t.db, org.viewers.worker1, { ...base(), publishAt: local, intent: 'draft' }, { deps });
    now += 5 * 3600_000;
    await expect(submitDraft(t.db, org.viewers.worker1, { id: d.id }, { deps })).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'announcements.errors.draftOutdated' });
  });
});
