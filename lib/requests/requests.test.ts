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
