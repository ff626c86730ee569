import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { getFileForViewer } from '@/lib/files/queries';
import { describeFailure } from '@/lib/forms/describe';
import { editAnnouncement, saveAnnouncement, submitComposeForm } from './mutations';
import { getAnnouncement } from './queries';
import { getResponsePanel, getResponses, remindResponders, responseExportRows, submitResponse, type ResponseExportLabels } from './responses';
import { buildOrg, composeInput, testDeps, type Org } from './testing';
import { toRespond } from './todos';
import { displayTitle } from './title';

let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

const quiet = { enqueueDeliver: async () => {} };
const labels: ResponseExportLabels = {
  headers: { name: 'Name', email: 'E-mail', unit: 'Unit', status: 'Status', respondedAt: 'Responded at', text: 'Response', date: 'Date', number: 'Number', choice: 'Choice', file: 'File' },
  responded: 'responded', waiting: 'not responded',
};

/** Li Na's feedback request to Production and to Hengtong: a number, a choice, a file. */
async function request(patch: { deadline?: Date | null; options?: string[] } = {}) {
  const { deps } = testDeps(t.db);
  const { id } = await saveAnnouncement(t.db, org.viewers.comms, composeInput({
    kind: 'feedback_request', title: '年会人数统计',
    audience: { units: [{ unitId: org.units.production, includeSubUnits: true }], partnerOrgs: [org.partners.hengtong] },
  }), 'send', {
    deps, responses: { prompt: '几人参加？', askDate: false, askNumber: true, options: patch.options ?? ['参加', '不参加'], askFile: true, deadline: patch.deadline ?? new Date(Date.now() + 86_400_000) },
  });
  return id;
}

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    const d = describeFailure(e);
    if (!d) throw e;
    return d;
  }
  throw new Error('expected a refusal');
};

describe('responses to requests', () => {
  it('compose: only requests collect responses; the question is required; the deadline lies ahead', async () => {
    const base = {
      kind: 'notice', urgency: 'normal', title: '通知', body: '正文', units: [org.units.team1], includeSubUnits: 'on',
      collectResponses: 'on', responsePrompt: '', responseDeadline: '2020-01-01T09:00',
    };
    const f = await failure(submitComposeForm(t.db, org.viewers.comms, base));
    expect(f.code).toBe('INVALID');
    expect(Object.keys(f.fieldErrors ?? {}).sort()).toEqual(['collectResponses', 'responseDeadline', 'responsePrompt']);
    const ok = await submitComposeForm(t.db, org.viewers.comms, { ...base, kind: 'collab_request', responsePrompt: '请填写交付日期', responseAskDate: 'on', responseDeadline: '' }, { deps: testDeps(t.db).deps });
    const panel = await getResponsePanel(t.db, org.viewers.worker1, ok.id);
    expect(panel?.setup).toMatchObject({ prompt: '请填写交付日期', askDate: true, askNumber: false, options: [], deadline: null });
  });

  it('recipients answer and change their answer; bad input gets a message per field and nothing is saved', async () => {
    const id = await request();
    // A type mismatch, an unknown choice, an over-long text: one message each, in words.
    const bad = await failure(submitResponse(t.db, org.viewers.worker1, { id, number: 'twelve', choice: '也许', text: 'x'.repeat(2001) }));
    expect(bad.code).toBe('INVALID');
    expect(bad.fieldErrors).toMatchObject({
      number: { key: 'announcements.responses.errors.numberInvalid' }, choice: { key: 'announcements.responses.errors.choiceInvalid' },
      text: { key: 'announcements.responses.errors.textTooLong', params: { max: 2000 } },
    });
    expect(await t.db.selectFrom('announcement_response').select('person_id').where('announcement_id', '=', id).execute()).toHaveLength(0);

    // Full-width digits from a Chinese input method are a number.
    expect(await submitResponse(t.db, org.viewers.worker1, { id, number: '１２', choice: '参加', text: '含两位访客' })).toEqual({ updated: false });
    expect(await submitResponse(t.db, org.viewers.worker1, { id, number: '3.5', choice: '参加', text: '' })).toEqual({ updated: true });
    const mine = (await getResponsePanel(t.db, org.viewers.worker1, id))!.mine;
    expect(mine).toMatchObject({ number: '3.5', choice: '参加', text: '' });

    // A partner in the audience answers too, with a file.
    await submitResponse(t.db, org.viewers.hengtongMember, { id, number: '2', choice: '不参加' }, { files: [{ name: 'plan.txt', bytes: new TextEncoder().encode('交付计划\n') }] });
    const partnerPanel = (await getResponsePanel(t.db, org.viewers.hengtongMember, id))!;
    expect(partnerPanel.mine?.file?.filename).toBe('plan.txt');
    expect(partnerPanel.can).toEqual({ respond: true, viewResponses: false, remindResponders: false });
    const fileId = partnerPanel.mine!.file!.id;
    // The file: its uploader, the author, not another partner or a head whose trees do not hold it.
    await expect(getFileForViewer(t.db, org.viewers.comms, fileId)).resolves.toMatchObject({ filename: 'plan.txt' });
    await expect(getFileForViewer(t.db, org.viewers.hengtongAdmin, fileId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getFileForViewer(t.db, org.viewers.prodHead, fileId)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Not addressed: nothing to answer.
    await expect(submitResponse(t.db, org.viewers.itWorker, { id, number: '1', choice: '参加' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(submitResponse(t.db, org.viewers.admin, { id, number: '1', choice: '参加' })).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'announcements.responses.errors.notAddressed' });
    await expect(submitResponse(t.db, org.viewers.hualianMember, { id, number: '1', choice: '参加' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the table: the author sees everyone, a head their trees, partners and plain recipients nothing', async () => {
    const id = await request();
    await submitResponse(t.db, org.viewers.worker1, { id, number: '4', choice: '参加' });
    await submitResponse(t.db, org.viewers.hengtongMember, { id, number: '1', choice: '不参加', text: '=HYPERLINK("x")' });

    const all = await getResponses(t.db, org.viewers.comms, id);
    expect(all).toMatchObject({ responded: 2, scope: { kind: 'all' } });
    expect(all.total).toBeGreaterThanOrEqual(6);
    expect(all.tally).toEqual([{ choice: '参加', n: 1 }, { choice: '不参加', n: 1 }]);
    expect(all.rows.map((r) => r.personId).sort()).toEqual([org.ids.worker1, org.ids.hengtongMember].sort());
    const waiting = await getResponses(t.db, org.viewers.comms, id, { tab: 'waiting' });
    expect(waiting.rows.map((r) => r.personId)).not.toContain(org.ids.worker1);
    expect(waiting.rows.map((r) => r.personId)).toContain(org.ids.hengtongAdmin);

    const head = await getResponses(t.db, org.viewers.prodHead, id);
    expect(head.scope.kind).toBe('trees');
    expect(head.rows.map((r) => r.personId)).toEqual([org.ids.worker1]); // the partner's answer is not in his trees
    expect(head.can.remindResponders).toBe(false);

    await expect(getResponses(t.db, org.viewers.worker1, id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(getResponses(t.db, org.viewers.hengtongAdmin, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getResponses(t.db, org.viewers.itWorker, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(responseExportRows(t.db, org.viewers.hengtongMember, id, labels, 'en')).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // The export: a header, then everyone in scope — answers first; names in the reader's language.
    const rows = await responseExportRows(t.db, org.viewers.comms, id, labels, 'en');
    expect(rows[0]).toEqual(['Name', 'E-mail', 'Unit', 'Status', `Responded at (${org.viewers.comms.timezone})`, 'Response', 'Number', 'Choice', 'File']);
    expect(rows.slice(1, 3).map((r) => r[0]).sort()).toEqual(['Liu Yang', '周丽'].sort());
    expect(rows.find((r) => r[1] === 'liu.yang@x.example')).toMatchObject(['Liu Yang', 'liu.yang@x.example', 'Assembly Team 1', 'responded', expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/), '', 4, '参加', '']);
    expect(rows.find((r) => r[1] === 'he.jing@x.example')?.[3]).toBe('not responded');
    expect(rows.length - 1).toBe(all.total);
    const headRows = await responseExportRows(t.db, org.viewers.prodHead, id, labels, 'zh-CN');
    expect(headRows.some((r) => r[1] === 'zhou.li@hengtong.example')).toBe(false);
  });

  it('after the deadline: answers are refused with a clear message, the to-do and the reminder go', async () => {
    const id = await request();
    const todo = await toRespond.load(t.db, org.viewers.worker1b, { limit: 50, now: new Date(), locale: 'zh-CN' });
    expect(todo?.items.map((i) => i.id)).toContain(id);
    await t.db.updateTable('announcement_response_form').set({ deadline: new Date(Date.now() - 1000) }).where('announcement_id', '=', id).execute();
    const f = await failure(submitResponse(t.db, org.viewers.worker1b, { id, number: '1', choice: '参加' }));
    expect(f).toMatchObject({ code: 'CONFLICT', message: { key: 'announcements.responses.errors.closed' } });
    const after = await toRespond.load(t.db, org.viewers.worker1b, { limit: 50, now: new Date(), locale: 'zh-CN' });
    expect(after?.items.map((i) => i.id) ?? []).not.toContain(id);
    await expect(remindResponders(t.db, org.viewers.comms, id, quiet)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await getResponsePanel(t.db, org.viewers.worker1b, id))!.can.respond).toBe(false);
  });

  it('reminds only those who have not responded, at most once an hour, and only the author/officers/admins', async () => {
    const id = await request();
    await submitResponse(t.db, org.viewers.worker1, { id, number: '1', choice: '参加' });
    await expect(remindResponders(t.db, org.viewers.prodHead, id, quiet)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(remindResponders(t.db, org.viewers.worker1, id, quiet)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(remindResponders(t.db, org.viewers.hengtongAdmin, id, quiet)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { waiting } = await remindResponders(t.db, org.viewers.comms, id, quiet);
    const notified = await t.db.selectFrom('notification as n').innerJoin('notification_event as e', 'e.id', 'n.event_id')
      .select('n.person_id').where('e.kind', '=', 'announcement.response_reminder').where('e.item_id', '=', id).execute();
    expect(notified.length).toBe(waiting);
    expect(notified.map((n) => n.person_id)).not.toContain(org.ids.worker1);
    expect(notified.map((n) => n.person_id)).toContain(org.ids.hengtongMember);
    await expect(remindResponders(t.db, org.viewers.admin, id, quiet)).rejects.toMatchObject({ code: 'RATE_LIMITED', messageKey: 'announcements.errors.remindTooSoon' });
    const audit = await t.db.selectFrom('audit_log').select('action').where('target_id', '=', id).where('action', '=', 'announcement.remind_responders').execute();
    expect(audit).toHaveLength(1);
  });

  it('the to-do: published requests waiting for my answer, gone once answered', async () => {
    const id = await request();
    const before = await toRespond.load(t.db, org.viewers.hengtongMember, { limit: 50, now: new Date(), locale: 'en' });
    expect(before?.items.find((i) => i.id === id)).toMatchObject({ href: `/announcements/${id}#respond` });
    await submitResponse(t.db, org.viewers.hengtongMember, { id, number: '0', choice: '不参加' });
    const after = await toRespond.load(t.db, org.viewers.hengtongMember, { limit: 50, now: new Date(), locale: 'en' });
    expect(after?.items.map((i) => i.id) ?? []).not.toContain(id);
    expect(await toRespond.load(t.db, org.viewers.itWorker, { limit: 50, now: new Date(), locale: 'en' }).then((g) => g?.items.map((i) => i.id) ?? [])).not.toContain(id);
  });
});

describe('content in both languages', () => {
  it('both parts of the other language or neither; each reader gets theirs, with the naming rule per language', async () => {
    const base = { kind: 'notice', urgency: 'urgent', title: '设备检修', body: '周六检修。', units: [org.units.production], includeSubUnits: 'on' };
    const f = await failure(submitComposeForm(t.db, org.viewers.prodHead, { ...base, titleEn: 'Maintenance' }));
    expect(Object.keys(f.fieldErrors ?? {})).toEqual(['bodyEn']);
    const { deps, sent, runJobs } = testDeps(t.db);
    const { id } = await submitComposeForm(t.db, org.viewers.prodHead, { ...base, titleEn: 'Maintenance', bodyEn: 'Maintenance on **Saturday**.' }, { deps });
    const a = await getAnnouncement(t.db, org.viewers.worker1, id);
    expect(a).toMatchObject({ title: '设备检修', titleEn: 'Maintenance' });
    expect(a.bodyHtmlEn).toContain('<strong>Saturday</strong>');
    expect(displayTitle({ ...a, unitName: a.unitName, unitNameEn: a.unitNameEn }, 'en')).toBe('[Urgent] Production – Maintenance');
    expect(displayTitle({ ...a, unitName: a.unitName, unitNameEn: a.unitNameEn }, 'zh-CN')).toBe('【紧急】生产部-设备检修');
    await runJobs();
    // Mails in the recipient's language: Liu Yang reads English, He Jing Chinese.
    expect(sent.find((m) => m.to === 'liu.yang@x.example')?.subject).toBe('[Urgent] Production – Maintenance');
    expect(sent.find((m) => m.to === 'liu.yang@x.example')?.text).toContain('Saturday');
    expect(sent.find((m) => m.to === 'he.jing@x.example')?.subject).toBe('【紧急】生产部-设备检修');
    // Search finds it by the English words too.
    const docs = await t.db.selectFrom('search_document').select('extra').where('item_id', '=', id).executeTakeFirstOrThrow();
    expect(docs.extra).toContain('Maintenance');
    // Editing keeps (or changes) the English version.
    await editAnnouncement(t.db, org.viewers.prodHead, { id, title: '设备检修（改期）', body: '周日检修。', titleEn: 'Maintenance (moved)', bodyEn: 'On Sunday.' }, { deps });
    const edited = await getAnnouncement(t.db, org.viewers.worker1, id);
    expect(edited).toMatchObject({ title: '设备检修（改期）', titleEn: 'Maintenance (moved)' });
  });
});
