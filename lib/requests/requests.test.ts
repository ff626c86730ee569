import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { isAppError } from '@/lib/errors';
import { getFileForViewer } from '@/lib/files/queries';
import { pdfBytes } from '@/lib/files/test-files';
import type { MailTransport, OutgoingMail } from '@/lib/mail/transport';
import { deliverNotificationMail } from '@/lib/notifications/deliver';
import { addCalendarEntry, savePolicy, saveRoute } from './admin';
import { addCustomerReply, addStaffMessage, changePriority, closeByCustomer, rateRequest, reassignRequest, reopenRequest, setStatus, submitRequest, takeRequest } from './mutations';
import { getRequest, listPartnerRequests, listQueue } from './queries';
import { scanRequestSla } from './sla-scan';
import { recomputeOpenDueTimes, runDueRecomputeIfRequested } from './recompute';
import { deleteSavedReply, listSavedReplies, saveSavedReply } from './saved-replies';
import { tableToCsv } from '@/lib/tabular/write';
import { requestFigures, figuresTable } from './figures';

let t: TestDb;
const u: Record<string, string> = {};
const v: Record<string, Viewer> = {};
const events: number[] = [];
const enqueueDeliver = async (_trx: unknown, id: number) => { events.push(id); };
const mails: OutgoingMail[] = [];
const transport: MailTransport = { name: 'test', deliver: async (m: OutgoingMail) => { mails.push(m); return { ok: true, providerMessageId: null }; } } as unknown as MailTransport;
const sh = (s: string) => new Date(`${s}+08:00`);

async function code(p: Promise<unknown>): Promise<string> {
  try { await p; return 'ok'; } catch (e) { if (isAppError(e)) return e.code; throw e; }
}
async function fieldKey(p: Promise<unknown>, field: string): Promise<string | undefined> {
  try { await p; return undefined; } catch (e) { return isAppError(e) ? e.details?.fieldErrors?.[field]?.key : undefined; }
}

beforeAll(async () => {
  t = await createTestDb();
  u.hq = await insertUnit(t.db, { name: '总部' });
  u.support = await insertUnit(t.db, { name: '客服部', parentId: u.hq });
  u.quality = await insertUnit(t.db, { name: '质量部', parentId: u.hq });
  const cust = await insertPartnerOrg(t.db, { name: '启明医疗', type: 'customer' });
  const other = await insertPartnerOrg(t.db, { name: '别家', type: 'customer' });
  const supplier = await insertPartnerOrg(t.db, { name: '恒通', type: 'supplier' });
  const ids = {
    admin: await insertPerson(t.db, { email: 'admin@x.example', roles: ['admin'], unitId: u.hq }),
    head: await insertPerson(t.db, { email: 'head@x.example', unitId: u.hq, headOf: [u.hq] }),
    handler: await insertPerson(t.db, { email: 'handler@x.example', name: '质检员', unitId: u.quality }),
    supportAgent: await insertPerson(t.db, { email: 'agent@x.example', unitId: u.support }),
    requester: await insertPerson(t.db, { email: 'req@qiming.example', partnerOrgId: cust, locale: 'en' }),
    colleague: await insertPerson(t.db, { email: 'col@qiming.example', partnerOrgId: cust }),
    padmin: await insertPerson(t.db, { email: 'padmin@qiming.example', partnerOrgId: cust, roles: ['partner_admin'] }),
    stranger: await insertPerson(t.db, { email: 'x@other.example', partnerOrgId: other }),
    supplier: await insertPerson(t.db, { email: 's@hengtong.example', partnerOrgId: supplier }),
  };
  for (const [k, id] of Object.entries(ids)) v[k] = (await loadViewer(t.db, id))!;
  await saveRoute(t.db, v.admin, { type: '', unit: [u.support] });
  await saveRoute(t.db, v.admin, { type: 'complaint', unit: [u.quality] });
  await saveRoute(t.db, v.admin, { type: 'complaint', topic: 'X-200', unit: [u.support] });
});
afterAll(() => t.drop());

describe('requests: filing and routing', () => {
  it('routes by type and topic, most specific first, else to the default unit', async () => {
    const a = await submitRequest(t.db, v.requester, { type: 'complaint', priority: 'normal', subject: '设备异响', description: '运行时异响' }, { enqueueDeliver });
    const b = await submitRequest(t.db, v.requester, { type: 'complaint', topic: 'x-200', priority: 'normal', subject: 'X-200 坏了', description: '...' }, { enqueueDeliver });
    const c = await submitRequest(t.db, v.requester, { type: 'feedback', priority: 'low', subject: '建议', description: '...' }, { enqueueDeliver });
    const unitOf = async (id: string) => (await t.db.selectFrom('request').select('unit_id').where('id', '=', id).executeTakeFirstOrThrow()).unit_id;
    expect(await unitOf(a.id)).toBe(u.quality);
    expect(await unitOf(b.id)).toBe(u.support);
    expect(await unitOf(c.id)).toBe(u.support);
    // it lands in the right queue: the quality handler sees a, the support agent b and c, the head all three
    const ids = async (viewer: Viewer) => (await listQueue(t.db, viewer)).items.map((i) => i.id);
    expect(await ids(v.handler)).toEqual([a.id]);
    expect((await ids(v.supportAgent)).sort()).toEqual([b.id, c.id].sort());
    expect((await ids(v.head)).length).toBe(3);
    // assigned to me (any unit), admins' "all", a status filter, and pages that neither repeat nor skip
    await takeRequest(t.db, v.handler, { id: a.id }, { enqueueDeliver });
    expect((await listQueue(t.db, v.handler, { scope: 'mine' })).items.map((i) => i.id)).toEqual([a.id]);
    expect((await listQueue(t.db, v.supportAgent, { scope: 'mine' })).items).toEqual([]);
    expect((await listQueue(t.db, v.admin, { scope: 'all' })).items.length).toBe(3);
    expect((await listQueue(t.db, v.head, { status: 'open' })).items.map((i) => i.id)).toEqual([a.id]);
  });
  it('refuses suppliers (not found), employees (forbidden), empty subjects and bad files, changing nothing', async () => {
    const before = (await t.db.selectFrom('request').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    expect(await code(submitRequest(t.db, v.supplier, { type: 'other', priority: 'low', subject: 's', description: 'd' }))).toBe('NOT_FOUND');
    expect(await code(submitRequest(t.db, v.handler, { type: 'other', priority: 'low', subject: 's', description: 'd' }))).toBe('FORBIDDEN');
    expect(await fieldKey(submitRequest(t.db, v.requester, { type: 'other', priority: 'low', subject: '  ', description: 'd' }), 'subject')).toBe('errors.validation.required');
    expect(await fieldKey(submitRequest(t.db, v.requester, { type: 'other', priority: 'low', subject: 's', description: 'x'.repeat(20001) }), 'description')).toBe('errors.validation.tooLong');
    expect(await fieldKey(submitRequest(t.db, v.requester, { type: 'other', priority: 'low', subject: 's', description: 'd' }, { uploads: [{ name: 'a.pdf', bytes: new Uint8Array(Buffer.from('<html>')) }] }), 'attachments')).toBe('errors.files.fileTypeMismatch');
    const after = (await t.db.selectFrom('request').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    expect(after).toBe(before);
  });
});

describe('requests: internal notes never reach a partner', () => {
  let id: string;
  let fileId: string;
  it('a handler writes an internal note and a public reply; the customer sees only the reply — page, list, notifications, mail', async () => {
    const r = await submitRequest(t.db, v.requester, { type: 'complaint', priority: 'high', subject: '包装破损', description: '收到时**破损**' }, { enqueueDeliver, uploads: [{ name: 'photo.pdf', bytes: new Uint8Array(pdfBytes()) }] });
    id = r.id;
    await takeRequest(t.db, v.handler, { id }, { enqueueDeliver });
    await addStaffMessage(t.db, v.handler, { id, visibility: 'internal', body: 'SECRET-NOTE 供应商批次问题' }, { enqueueDeliver });
    events.length = 0;
    await addStaffMessage(t.db, v.handler, { id, visibility: 'public', body: 'Public answer: we will replace it.', then: 'waiting' }, { enqueueDeliver });
    await reassignRequest(t.db, v.handler, { id, person: [v.supportAgent.id], note: 'SECRET-REASSIGN why' }, { enqueueDeliver });

    const staffView = await getRequest(t.db, v.handler, id);
    expect(staffView.messages.map((m) => m.bodyMd).join()).toContain('SECRET-NOTE');
    const partnerView = await getRequest(t.db, v.requester, id);
    expect(JSON.stringify(partnerView)).not.toContain('SECRET');
    expect(partnerView.messages.map((m) => m.bodyMd)).toEqual(['Public answer: we will replace it.']);
    expect(partnerView.clocks).toBeNull();
    expect(partnerView.unit).toBeNull();
    expect(JSON.stringify(await listPartnerRequests(t.db, v.requester))).not.toContain('SECRET');
    expect(JSON.stringify(await listPartnerRequests(t.db, v.padmin))).not.toContain('SECRET');

    // mail: the reply goes out once, in the requester's language, without the note
    for (const e of events) await deliverNotificationMail(t.db, { eventId: e }, transport);
    const toCustomer = mails.filter((m) => m.to === 'req@qiming.example');
    expect(toCustomer).toHaveLength(1);
    expect(toCustomer[0].text).toContain('Public answer');
    expect(toCustomer[0].subject).toContain('包装破损');
    expect(mails.map((m) => m.text + m.html + m.subject).join()).not.toContain('SECRET');
    const partnerNotes = await t.db.selectFrom('notification as n').innerJoin('notification_event as e', 'e.id', 'n.event_id').selectAll('e')
      .where('n.person_id', '=', v.requester.id).execute();
    expect(JSON.stringify(partnerNotes)).not.toContain('SECRET');
    const stored = await t.db.selectFrom('request_attachment').select('file_id').where('request_id', '=', id).executeTakeFirstOrThrow();
    fileId = stored.file_id;
  });
  it('another customer sees nothing: not the request, not its file, not in their list', async () => {
    expect(await code(getRequest(t.db, v.stranger, id))).toBe('NOT_FOUND');
    expect(await code(getFileForViewer(t.db, v.stranger, fileId))).toBe('NOT_FOUND');
    expect((await listPartnerRequests(t.db, v.stranger)).items).toEqual([]);
    expect(await code(getRequest(t.db, v.colleague, id))).toBe('NOT_FOUND');
    expect(await code(getRequest(t.db, v.padmin, id))).toBe('ok');
    expect(await code(getFileForViewer(t.db, v.handler, fileId))).toBe('ok');
    expect(await code(getRequest(t.db, v.supportAgent, id))).toBe('ok'); // the assignee
  });
  it('the customer replies (the clock resumes), staff resolve and close; replies to a closed request are refused; rating once', async () => {
    await addCustomerReply(t.db, v.requester, { id, body: 'Thanks, waiting.' }, { enqueueDeliver });
    expect((await getRequest(t.db, v.handler, id)).status).toBe('open');
    await changePriority(t.db, v.handler, { id, priority: 'urgent' }, { enqueueDeliver });
    await setStatus(t.db, v.handler, { id, status: 'resolved' });
    expect(await code(addCustomerReply(t.db, v.requester, { id, body: 'more' }))).toBe('CONFLICT');
    await closeByCustomer(t.db, v.requester, { id });
    expect(await code(addStaffMessage(t.db, v.handler, { id, visibility: 'public', body: 'late' }))).toBe('CONFLICT');
    expect(await code(addStaffMessage(t.db, v.handler, { id, visibility: 'internal', body: 'post-mortem' }))).toBe('ok');
    expect(await fieldKey(rateRequest(t.db, v.requester, { id, rating: '6' }), 'rating')).toBe('requests.errors.ratingRange');
    expect(await code(rateRequest(t.db, v.stranger, { id, rating: '5' }))).toBe('NOT_FOUND');
    await rateRequest(t.db, v.requester, { id, rating: '4', comment: 'fast' });
    expect(await code(rateRequest(t.db, v.requester, { id, rating: '5' }))).toBe('CONFLICT');
    expect((await getRequest(t.db, v.requester, id)).rating).toBe(4);
  });
  it('reopens within the set period only', async () => {
    await reopenRequest(t.db, v.requester, { id });
    expect((await getRequest(t.db, v.requester, id)).status).toBe('open');
    await setStatus(t.db, v.handler, { id, status: 'closed' });
    expect(await code(reopenRequest(t.db, v.requester, { id }, { now: new Date(Date.now() + 8 * 86_400_000) }))).toBe('CONFLICT');
  });
  it('staff closing asks the customer for a rating: one notification and one mail in their language, linking to the portal, no conversation text', async () => {
    const r = await submitRequest(t.db, v.requester, { type: 'other', priority: 'low', subject: 'Label faded', description: '...' }, { enqueueDeliver });
    await addStaffMessage(t.db, v.supportAgent, { id: r.id, visibility: 'internal', body: 'SECRET-CLOSE-NOTE' }, { enqueueDeliver });
    events.length = 0;
    mails.length = 0;
    await setStatus(t.db, v.supportAgent, { id: r.id, status: 'closed' }, { enqueueDeliver });
    expect(events).toHaveLength(1);
    for (const e of events) await deliverNotificationMail(t.db, { eventId: e }, transport);
    expect(mails.map((m) => m.to)).toEqual(['req@qiming.example']);
    expect(mails[0].subject).toBe(`[#${r.number}] Closed: Label faded`); // the requester reads English
    expect(mails[0].text).toContain(`/partner/requests/${r.id}`);
    expect(mails[0].text).toContain('Rate the answer');
    expect(mails[0].text + mails[0].html).not.toContain('SECRET');
    const told = await t.db.selectFrom('notification as n').innerJoin('notification_event as e', 'e.id', 'n.event_id').select(['n.person_id', 'e.link', 'e.kind'])
      .where('e.item_id', '=', r.id).where('e.kind', '=', 'request.closed').execute();
    expect(told).toEqual([{ person_id: v.requester.id, link: `/partner/requests/${r.id}`, kind: 'request.closed' }]);
    expect((await getRequest(t.db, v.requester, r.id)).can.rate).toBe(true);
  });
});

describe('requests: SLA clocks and alerts', () => {
  it('pauses while waiting for the customer and alerts at 80 % and at breach, once each', async () => {
    const filed = sh('2026-03-10T09:00:00'); // Tuesday
    const r = await submitRequest(t.db, v.requester, { type: 'support', priority: 'urgent', subject: '停机', description: '产线停机' }, { enqueueDeliver, now: filed });
    const row = () => t.db.selectFrom('request').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    // support/urgent: first response 60 working minutes, resolution 1440
    expect((await row()).first_due_at).toEqual(sh('2026-03-10T10:00:00'));
    expect((await row()).sla_next_at).toEqual(sh('2026-03-10T09:48:00'));
    expect((await scanRequestSla(t.db, { now: sh('2026-03-10T09:30:00'), enqueueDeliver })).alerts).toBe(0);
    expect((await scanRequestSla(t.db, { now: sh('2026-03-10T09:50:00'), enqueueDeliver })).alerts).toBe(1); // warning, first response
    expect((await scanRequestSla(t.db, { now: sh('2026-03-10T09:55:00'), enqueueDeliver })).alerts).toBe(0); // not twice
    expect((await scanRequestSla(t.db, { now: sh('2026-03-10T10:05:00'), enqueueDeliver })).alerts).toBe(1); // breach → head
    const breach = await t.db.selectFrom('notification_event as e').innerJoin('notification as n', 'n.event_id', 'e.id').select(['n.person_id', 'e.kind'])
      .where('e.dedupe_key', '=', `request.sla:${r.id}:first_breach`).execute();
    expect(breach.map((b) => b.person_id)).toEqual([v.head.id]);
    // replied at 11:00 and waiting for the customer: the resolution clock stops (120 min used)
    await addStaffMessage(t.db, v.supportAgent, { id: r.id, visibility: 'public', body: 'Please restart.', then: 'waiting' }, { enqueueDeliver, now: sh('2026-03-10T11:00:00') });
    expect((await row()).resolve_consumed_min).toBe(120);
    expect((await row()).resolve_due_at).toBeNull();
    // a week later the customer answers: the clock resumes with 1320 minutes left
    await addCustomerReply(t.db, v.requester, { id: r.id, body: 'Still down.' }, { enqueueDeliver, now: sh('2026-03-17T09:00:00') });
    const after = await row();
    expect(after.status).toBe('open');
    expect(after.resolve_due_at).toEqual(sh('2026-03-19T16:00:00')); // 1320 min = 2 days × 480 + 360 (9–12, 13–16)
    const n1 = await scanRequestSla(t.db, { now: sh('2026-03-25T09:00:00'), enqueueDeliver });
    const n2 = await scanRequestSla(t.db, { now: sh('2026-03-25T09:01:00'), enqueueDeliver });
    expect(n1.alerts).toBeGreaterThanOrEqual(1);
    expect(n2.alerts).toBe(0);
    const kinds = (await t.db.selectFrom('request_sla_alert').select('kind').where('request_id', '=', r.id).execute()).map((k) => k.kind).sort();
    expect(kinds).toEqual(['first_breach', 'first_warning', 'resolve_breach', 'resolve_warning']);
  });

  it('figures per unit and type, and their CSV, carry no note text', async () => {
    const f = await requestFigures(t.db, v.admin, { from: '2026-01-01', to: '2027-01-01' });
    expect(f.rows.length).toBeGreaterThan(0);
    const csv = tableToCsv(await figuresTable(t.db, v.admin, { from: '2026-01-01', to: '2027-01-01' }, 'en'), 'UTC');
    expect(csv).not.toContain('SECRET');
    expect(await code(requestFigures(t.db, v.requester, {}))).toBe('NOT_FOUND');
    expect(await code(requestFigures(t.db, v.supportAgent, {}))).toBe('FORBIDDEN');
  });
});

describe('requests: administration refuses bad input', () => {
  it('refuses overlapping and inverted calendar entries and zero or negative targets', async () => {
    expect(await fieldKey(addCalendarEntry(t.db, v.admin, { kind: 'holiday', startDay: '2026-10-05', endDay: '2026-10-09', name: '重叠' }), 'startDay')).toBe('requests.errors.entryOverlap');
    expect(await fieldKey(addCalendarEntry(t.db, v.admin, { kind: 'holiday', startDay: '2027-02-10', endDay: '2027-02-01', name: '倒置' }), 'endDay')).toBe('requests.errors.entryInverted');
    expect(await code(addCalendarEntry(t.db, v.admin, { kind: 'holiday', startDay: '2027-01-01', endDay: '2027-01-01', name: '元旦' }))).toBe('ok');
    expect(await code(addCalendarEntry(t.db, v.handler, { kind: 'holiday', startDay: '2027-05-01', endDay: '2027-05-01', name: 'x' }))).toBe('FORBIDDEN');
    expect(await code(addCalendarEntry(t.db, v.requester, { kind: 'holiday', startDay: '2027-05-01', endDay: '2027-05-01', name: 'x' }))).toBe('NOT_FOUND');
    expect(await fieldKey(savePolicy(t.db, v.admin, { type: 'support', priority: 'low', firstResponseHours: '0', resolutionHours: '8' }), 'firstResponseHours')).toBe('requests.errors.hoursPositive');
    expect(await fieldKey(savePolicy(t.db, v.admin, { type: 'support', priority: 'low', firstResponseHours: '2', resolutionHours: '-1' }), 'resolutionHours')).toBe('requests.errors.hoursPositive');
    expect(await fieldKey(saveRoute(t.db, v.admin, { type: 'complaint', unit: [u.support] }), 'topic')).toBe('requests.errors.routeTaken');
  });
});

describe('requests: saved replies', () => {
  it('personal and unit replies: offered to the request\'s staff only, managed by heads and admins, refused when empty', async () => {
    const mine = await saveSavedReply(t.db, v.handler, { scope: 'personal', title: '我的模板', bodyZh: '您好，我是质检员。', bodyEn: 'Hello, quality here.' });
    const quality = await saveSavedReply(t.db, v.head, { scope: 'unit', unit: [u.quality], title: '质量部模板', titleEn: 'Quality template', bodyZh: '已收到。', bodyEn: 'Received.' });
    await saveSavedReply(t.db, v.admin, { scope: 'unit', unit: [u.support], title: '客服模板', bodyZh: '', bodyEn: 'Support only.' });
    // a unit's member uses its replies but may not add or change them; nobody edits another's personal reply
    expect(await fieldKey(saveSavedReply(t.db, v.handler, { scope: 'unit', unit: [u.quality], title: 'x', bodyZh: 'x' }), 'unit')).toBe('requests.errors.savedReplyUnitNotYours');
    expect(await code(saveSavedReply(t.db, v.handler, { id: quality.id, title: '改', bodyZh: '改' }))).toBe('FORBIDDEN');
    expect(await code(deleteSavedReply(t.db, v.supportAgent, { id: mine.id }))).toBe('FORBIDDEN');
    expect(await code(deleteSavedReply(t.db, v.admin, { id: mine.id }))).toBe('FORBIDDEN');
    expect(await code(saveSavedReply(t.db, v.requester, { scope: 'personal', title: 'x', bodyZh: 'x' }))).toBe('NOT_FOUND');
    // bad input: no text in either language, an empty or too long title — a message, nothing stored
    const count = async () => Number((await t.db.selectFrom('request_saved_reply').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    expect(await fieldKey(saveSavedReply(t.db, v.handler, { scope: 'personal', title: '空', bodyZh: ' ', bodyEn: '' }), 'bodyZh')).toBe('requests.errors.savedReplyEmpty');
    expect(await fieldKey(saveSavedReply(t.db, v.handler, { scope: 'personal', title: ' ', bodyZh: 'x' }), 'title')).toBe('errors.validation.required');
    expect(await fieldKey(saveSavedReply(t.db, v.handler, { scope: 'personal', title: 'x'.repeat(121), bodyZh: 'x' }), 'title')).toBe('errors.validation.tooLong');
    expect(await fieldKey(saveSavedReply(t.db, v.head, { scope: 'unit', unit: [], title: 'x', bodyZh: 'x' }), 'unit')).toBe('requests.errors.unitRequired');
    expect(await count()).toBe(before);
    // audit for a unit's replies (they speak for a queue)
    const audit = await t.db.selectFrom('audit_log').select('action').where('target_id', '=', quality.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['request.saved_reply_add']);

    // on a complaint handled by Quality: the handler gets Quality's and their own, not Support's; the customer none
    const r = await submitRequest(t.db, v.requester, { type: 'complaint', priority: 'normal', subject: '模板测试', description: '...' }, { enqueueDeliver });
    const staff = await getRequest(t.db, v.handler, r.id);
    expect(staff.savedReplies.map((x) => x.title)).toEqual(['我的模板', '质量部模板']);
    expect(staff.requester?.locale).toBe('en');
    const partner = await getRequest(t.db, v.requester, r.id);
    expect(partner.savedReplies).toEqual([]);
    expect(JSON.stringify(partner)).not.toContain('Quality template');
    // the list page: own and the unit's; the head also manages; a partner gets not-found
    const list = await listSavedReplies(t.db, v.handler);
    expect(list.items.map((x) => [x.title, x.can.edit])).toEqual([['我的模板', true], ['质量部模板', false]]);
    expect((await listSavedReplies(t.db, v.head)).items.find((x) => x.id === quality.id)?.can.edit).toBe(true);
    expect(await code(listSavedReplies(t.db, v.requester))).toBe('NOT_FOUND');
    expect(await code(deleteSavedReply(t.db, v.head, { id: quality.id }))).toBe('ok');
  });
});

describe('requests: files on replies', () => {
  it('a file on an internal note stays internal; a file on a public reply reaches the customer', async () => {
    const r = await submitRequest(t.db, v.requester, { type: 'complaint', priority: 'normal', subject: '附件测试', description: '...' }, { enqueueDeliver });
    await addStaffMessage(t.db, v.handler, { id: r.id, visibility: 'internal', body: '内部附件' }, { enqueueDeliver, uploads: [{ name: 'internal.pdf', bytes: new Uint8Array(pdfBytes()) }] });
    await addStaffMessage(t.db, v.handler, { id: r.id, visibility: 'public', body: '见附件', then: 'waiting' }, { enqueueDeliver, uploads: [{ name: 'answer.pdf', bytes: new Uint8Array(pdfBytes()) }] });
    await addCustomerReply(t.db, v.requester, { id: r.id, body: '补充照片' }, { enqueueDeliver, uploads: [{ name: 'more.pdf', bytes: new Uint8Array(pdfBytes()) }] });
    const files = await t.db.selectFrom('request_attachment as ra').innerJoin('stored_file as f', 'f.id', 'ra.file_id').select(['f.id', 'f.filename']).where('ra.request_id', '=', r.id).execute();
    const idOf = (name: string) => files.find((f) => f.filename === name)!.id;
    const staff = await getRequest(t.db, v.handler, r.id);
    expect(staff.attachments.map((f) => f.filename).sort()).toEqual(['answer.pdf', 'internal.pdf', 'more.pdf']);
    const partner = await getRequest(t.db, v.requester, r.id);
    expect(partner.attachments.map((f) => f.filename).sort()).toEqual(['answer.pdf', 'more.pdf']);
    expect(partner.attachments.every((f) => f.messageId !== null)).toBe(true);
    expect(JSON.stringify(partner)).not.toContain('internal.pdf');
    expect(await code(getFileForViewer(t.db, v.requester, idOf('internal.pdf')))).toBe('NOT_FOUND');
    expect(await code(getFileForViewer(t.db, v.padmin, idOf('internal.pdf')))).toBe('NOT_FOUND');
    expect(await code(getFileForViewer(t.db, v.requester, idOf('answer.pdf')))).toBe('ok');
    expect(await code(getFileForViewer(t.db, v.handler, idOf('internal.pdf')))).toBe('ok');
    // a bad file on a reply: a message, no message stored
    const before = (await getRequest(t.db, v.handler, r.id)).messages.length;
    expect(await fieldKey(addCustomerReply(t.db, v.requester, { id: r.id, body: 'x' }, { uploads: [{ name: 'a.pdf', bytes: new Uint8Array(Buffer.from('<html>')) }] }), 'attachments')).toBe('errors.files.fileTypeMismatch');
    expect((await getRequest(t.db, v.handler, r.id)).messages.length).toBe(before);
  });
});

describe('requests: due times follow calendar and policy changes', () => {
  it('recomputes open requests once per change (set-based, idempotent); closed requests keep theirs', async () => {
    // Filed Monday 2031-03-03 10:00 (no calendar entries that year): feedback/normal = 24 working hours = 3 working days.
    const now = sh('2031-03-03T10:00:00');
    const open = await submitRequest(t.db, v.requester, { type: 'feedback', priority: 'normal', subject: '到期测试', description: '...' }, { enqueueDeliver, now });
    const closed = await submitRequest(t.db, v.requester, { type: 'feedback', priority: 'normal', subject: '已解决', description: '...' }, { enqueueDeliver, now });
    await setStatus(t.db, v.admin, { id: closed.id, status: 'resolved' }, { now });
    const dueOf = async (id: string) => (await t.db.selectFrom('request').select(['first_due_at', 'resolve_due_at', 'sla_next_at', 'first_target_min']).where('id', '=', id).executeTakeFirstOrThrow());
    const before = await dueOf(open.id);
    expect(before.first_due_at?.toISOString()).toBe(sh('2031-03-06T10:00:00').toISOString());
    const closedBefore = await dueOf(closed.id);
    await runDueRecomputeIfRequested(t.db); // what the earlier tests' calendar and policy changes asked for
    expect((await runDueRecomputeIfRequested(t.db)).ran).toBe(false);

    // A holiday on Tuesday moves the due time one working day later, once the job runs.
    await addCalendarEntry(t.db, v.admin, { kind: 'holiday', startDay: '2031-03-04', endDay: '2031-03-04', name: '测试假日' });
    expect((await dueOf(open.id)).first_due_at?.toISOString()).toBe(before.first_due_at?.toISOString());
    const run = await runDueRecomputeIfRequested(t.db);
    expect(run.ran).toBe(true);
    expect(run.changed).toBeGreaterThanOrEqual(1);
    expect((await dueOf(open.id)).first_due_at?.toISOString()).toBe(sh('2031-03-07T10:00:00').toISOString());
    expect(await dueOf(closed.id)).toEqual(closedBefore);
    // once per change; running the recompute again changes nothing
    expect((await runDueRecomputeIfRequested(t.db)).ran).toBe(false);
    expect((await recomputeOpenDueTimes(t.db)).changed).toBe(0);

    // A make-up Saturday (2031-03-08) brings the resolution due time one day earlier (5 working days of 8 h → 4800 min).
    const resolveBefore = (await dueOf(open.id)).resolve_due_at!;
    await addCalendarEntry(t.db, v.admin, { kind: 'workday', startDay: '2031-03-08', endDay: '2031-03-08', name: '调休上班' });
    await runDueRecomputeIfRequested(t.db);
    expect((await dueOf(open.id)).resolve_due_at!.getTime()).toBeLessThan(resolveBefore.getTime());

    // A policy change: open requests of that type and priority take the new targets; the job moves their due times.
    await savePolicy(t.db, v.admin, { type: 'feedback', priority: 'normal', firstResponseHours: '8', resolutionHours: '16' });
    expect((await dueOf(open.id)).first_target_min).toBe(480);
    expect((await dueOf(closed.id)).first_target_min).toBe(closedBefore.first_target_min);
    await runDueRecomputeIfRequested(t.db);
    // 8 working hours from Mon 10:00 with Tuesday a holiday: Wednesday 10:00
    expect((await dueOf(open.id)).first_due_at?.toISOString()).toBe(sh('2031-03-05T10:00:00').toISOString());
    // a stale claim (a worker that died) is taken over; a fresh one is not
    await t.db.updateTable('request_setting').set({ due_recompute_requested_at: new Date(), due_recompute_started_at: new Date() }).execute();
    expect((await runDueRecomputeIfRequested(t.db)).ran).toBe(false);
    expect((await runDueRecomputeIfRequested(t.db, { now: new Date(Date.now() + 16 * 60_000) })).ran).toBe(true);
  });
});

describe('requests: the queue pages', () => {
  it('pages neither repeat nor skip', async () => {
    const n = (await listQueue(t.db, v.supportAgent, { page: '1' })).items.length;
    for (let i = 0; i < 31; i++) await submitRequest(t.db, v.requester, { type: 'feedback', priority: 'low', subject: `页 ${i}`, description: '...' }, { enqueueDeliver });
    const all = [];
    for (let p = 1; ; p++) {
      const page = await listQueue(t.db, v.supportAgent, { page: String(p) });
      all.push(...page.items.map((i) => i.id));
      if (!page.hasMore) break;
    }
    expect(all.length).toBeGreaterThanOrEqual(n + 31);
    expect(new Set(all).size).toBe(all.length);
  });
});
