import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { isAppError } from '@/lib/errors';
import type { MailTransport, OutgoingMail } from '@/lib/mail/transport';
import { deliverNotificationMail } from '@/lib/notifications/deliver';
import { exportOrderRows } from './export';
import { cancelOrder, createOrder, fileDelay, recordReceipt, recordShipment, respondLine, respondOrder, reviewProposal, reviseOrder, sendOrder } from './mutations';
import { setConfirmers, setSupplierOwners } from './owners';
import { findOrderByNumber, getOrder, getSupplierHome, listAtRisk, listOrders } from './queries';

let t: TestDb;
const u: Record<string, string> = {};
const v: Record<string, Viewer> = {};
const org: Record<string, string> = {};
let events: number[] = [];
const enqueueDeliver = async (_trx: unknown, id: number) => { events.push(id); };
const mails: OutgoingMail[] = [];
const transport: MailTransport = { name: 'test', deliver: async (m: OutgoingMail) => { mails.push(m); return { ok: true, providerMessageId: null }; } } as unknown as MailTransport;
const opts = { enqueueDeliver };

async function code(p: Promise<unknown>): Promise<string> {
  try { await p; return 'ok'; } catch (e) { if (isAppError(e)) return e.code; throw e; }
}
async function fieldKey(p: Promise<unknown>, field: string): Promise<string | undefined> {
  try { await p; return undefined; } catch (e) { if (!isAppError(e)) throw e; return e.details?.fieldErrors?.[field]?.key ?? e.messageKey; }
}
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const orderDate = new Date().toISOString().slice(0, 10);
let seq = 0;
const input = (lines = 2, extra: Record<string, unknown> = {}) => ({
  supplierId: org.hengtong, orderNumber: `PO-${++seq}`, orderDate, hidePrices: false, notes: '请按图纸加工',
  lines: Array.from({ length: lines }, (_, i) => ({ lineNo: (i + 1) * 10, itemCode: `HT-${i}`, description: `零件 ${i}`, quantity: '100', unit: 'pcs', unitPrice: '12.5', requiredDate: inDays(20), deliverySite: '苏州工厂' })),
  ...extra,
});

beforeAll(async () => {
  t = await createTestDb();
  u.hq = await insertUnit(t.db, { name: '总部' });
  u.proc = await insertUnit(t.db, { name: '采购部', parentId: u.hq });
  u.plan = await insertUnit(t.db, { name: '计划科', parentId: u.hq });
  u.other = await insertUnit(t.db, { name: '行政部', parentId: u.hq });
  org.hengtong = await insertPartnerOrg(t.db, { name: '恒通', nameEn: 'Hengtong', type: 'supplier' });
  org.other = await insertPartnerOrg(t.db, { name: '别家', type: 'supplier' });
  org.customer = await insertPartnerOrg(t.db, { name: '启明', type: 'customer' });
  const ids = {
    admin: await insertPerson(t.db, { email: 'admin@x.example', roles: ['admin'], unitId: u.other }),
    officer: await insertPerson(t.db, { email: 'officer@x.example', roles: ['comms_officer'], unitId: u.other }),
    buyer: await insertPerson(t.db, { email: 'buyer@x.example', unitId: u.proc }),
    planner: await insertPerson(t.db, { email: 'planner@x.example', unitId: u.plan, locale: 'en' }),
    planMate: await insertPerson(t.db, { email: 'planmate@x.example', unitId: u.plan }),
    head: await insertPerson(t.db, { email: 'head@x.example', unitId: u.hq, headOf: [u.hq] }),
    employee: await insertPerson(t.db, { email: 'emp@x.example', unitId: u.other }),
    gone: await insertPerson(t.db, { email: 'gone@x.example', unitId: u.proc, status: 'deactivated' }),
    sAdmin: await insertPerson(t.db, { email: 'sadmin@hengtong.example', partnerOrgId: org.hengtong, roles: ['partner_admin'] }),
    sMember: await insertPerson(t.db, { email: 'smember@hengtong.example', partnerOrgId: org.hengtong }),
    otherSupplier: await insertPerson(t.db, { email: 'x@other.example', partnerOrgId: org.other }),
    customer: await insertPerson(t.db, { email: 'c@qiming.example', partnerOrgId: org.customer }),
  };
  for (const [k, id] of Object.entries(ids)) v[k] = (await loadViewer(t.db, id))!;
  v.gone = { ...v.buyer, id: ids.gone, status: 'deactivated' };
  await setSupplierOwners(t.db, v.officer, { supplierId: org.hengtong, buyerPeople: [ids.buyer], plannerUnits: [u.plan], leadTimeDays: '7', confirmWithinDays: '3' });
});
afterAll(() => t.drop());

describe('orders: owners', () => {
  it('admins and officers set owners; others may not', async () => {
    expect(await code(setSupplierOwners(t.db, v.employee, { supplierId: org.hengtong, leadTimeDays: '7', confirmWithinDays: '3' }))).toBe('FORBIDDEN');
    expect(await code(setSupplierOwners(t.db, v.sAdmin, { supplierId: org.hengtong, leadTimeDays: '7', confirmWithinDays: '3' }))).toBe('NOT_FOUND');
    expect(await code(setSupplierOwners(t.db, v.admin, { supplierId: org.customer, leadTimeDays: '7', confirmWithinDays: '3' }))).toBe('CONFLICT');
    expect(await fieldKey(setSupplierOwners(t.db, v.admin, { supplierId: org.hengtong, buyerPeople: [v.sMember.id], leadTimeDays: '7', confirmWithinDays: '3' }), 'buyerPeople')).toBe('orders.errors.ownerNotEmployee');
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'order.owners_set').execute();
    expect(audit.length).toBe(1);
  });
});

describe('orders: create, send, per-line answers, review', () => {
  it('buyer creates and sends; supplier members are told; per-line states; buyer accepts', async () => {
    events = [];
    const o = await createOrder(t.db, v.buyer, input(2), opts);
    expect((await getOrder(t.db, v.buyer, o.id)).status).toBe('draft');
    // drafts do not exist for the supplier
    expect(await code(getOrder(t.db, v.sMember, o.id))).toBe('NOT_FOUND');
    await sendOrder(t.db, v.buyer, o.id, opts);
    expect(events.length).toBe(1);
    const sent = await getOrder(t.db, v.sMember, o.id);
    expect(sent.status).toBe('sent');
    expect(sent.internalNote).toBeNull();
    const [l1, l2] = sent.lines;
    await respondLine(t.db, v.sMember, { id: o.id, lineId: l1.id, answer: 'confirm' }, opts);
    expect(await fieldKey(respondLine(t.db, v.sMember, { id: o.id, lineId: l2.id, answer: 'propose', date: inDays(25), reason: '' }, opts), 'reason')).toBe('orders.errors.reasonRequired');
    await respondLine(t.db, v.sMember, { id: o.id, lineId: l2.id, answer: 'propose', date: inDays(25), reason: '模具维修' }, opts);
    let d = await getOrder(t.db, v.buyer, o.id);
    expect(d.status).toBe('proposed');
    expect(d.lines.map((l) => l.status)).toEqual(['confirmed', 'proposed']);
    expect(d.lines[1].proposedDate).toBe(inDays(25));
    expect(d.can.review).toBe(true);
    expect(await code(reviewProposal(t.db, v.planner, { id: o.id, lineId: l2.id, decision: 'accept' }, opts))).toBe('FORBIDDEN');
    await reviewProposal(t.db, v.buyer, { id: o.id, lineId: l2.id, decision: 'accept' }, opts);
    d = await getOrder(t.db, v.buyer, o.id);
    expect(d.status).toBe('confirmed');
    expect(d.lines[1].promisedDate).toBe(inDays(25));
    expect(d.lines[1].late).toBe(true);
    expect(d.timeline.map((e) => e.kind)).toEqual(['accepted', 'proposed', 'confirmed', 'sent', 'created']);
    const proposed = d.timeline.find((e) => e.kind === 'proposed')!;
    expect(proposed.changes).toEqual([{ field: 'date', type: 'date', old: inDays(20), new: inDays(25) }]);
    // the planner sees it as late
    expect((await listAtRisk(t.db, v.planner)).some((r) => r.lineId === l2.id && r.reason === 'late' && r.daysLate === 5)).toBe(true);
  });

  it('whole-order answers; reject needs a reason; a closed line cannot be confirmed', async () => {
    const o = await createOrder(t.db, v.buyer, input(3), opts);
    await sendOrder(t.db, v.buyer, o.id, opts);
    expect(await fieldKey(respondOrder(t.db, v.sMember, { id: o.id, answer: 'reject' }, opts), 'reason')).toBe('orders.errors.reasonRequired');
    expect((await respondOrder(t.db, v.sAdmin, { id: o.id, answer: 'confirm' }, opts)).lines).toBe(3);
    const d = await getOrder(t.db, v.buyer, o.id);
    expect(d.status).toBe('confirmed');
    await recordReceipt(t.db, v.buyer, { id: o.id, receivedOn: orderDate, [`qty.${d.lines[0].id}`]: '100' }, opts);
    await recordReceipt(t.db, v.buyer, { id: o.id, receivedOn: orderDate, [`qty.${d.lines[1].id}`]: '40' }, opts);
    const d2 = await getOrder(t.db, v.buyer, o.id);
    expect(d2.lines.map((l) => l.status)).toEqual(['closed', 'confirmed', 'confirmed']);
    expect(d2.lines[1].receivedQuantity).toBe('40');
    expect(await code(respondLine(t.db, v.sMember, { id: o.id, lineId: d.lines[0].id, answer: 'confirm' }, opts))).toBe('CONFLICT');
    expect(await fieldKey(respondLine(t.db, v.sMember, { id: o.id, lineId: d.lines[0].id, answer: 'confirm' }, opts), '_')).toBe('orders.errors.lineClosed');
    expect(await code(fileDelay(t.db, v.sMember, { id: o.id, lineId: d.lines[0].id, newDate: inDays(30), reason: 'x' }, opts))).toBe('CONFLICT');
  });

  it('bad input: qty ≤ 0, non-numeric, dates before the order date, duplicate line numbers, number taken — nothing stored', async () => {
    const before = (await t.db.selectFrom('purchase_order').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    const bad = (patch: Record<string, unknown>) => ({ ...input(1), lines: [{ ...input(1).lines[0], ...patch }] });
    expect(await fieldKey(createOrder(t.db, v.buyer, bad({ quantity: '0' }), opts), 'lines.0.quantity')).toBe('orders.errors.quantityPositive');
    expect(await fieldKey(createOrder(t.db, v.buyer, bad({ quantity: '-3' }), opts), 'lines.0.quantity')).toBe('orders.errors.quantityPositive');
    expect(await fieldKey(createOrder(t.db, v.buyer, bad({ quantity: 'abc' }), opts), 'lines.0.quantity')).toBe('orders.errors.quantityInvalid');
    expect(await fieldKey(createOrder(t.db, v.buyer, bad({ requiredDate: '2020-01-01' }), opts), 'lines.0.requiredDate')).toBe('orders.errors.beforeOrderDate');
    const dupLines = { ...input(2) };
    dupLines.lines[1].lineNo = 10;
    expect(await fieldKey(createOrder(t.db, v.buyer, dupLines, opts), 'lines.1.lineNo')).toBe('orders.errors.duplicateLineNo');
    const first = await createOrder(t.db, v.buyer, input(1), opts);
    expect(await fieldKey(createOrder(t.db, v.buyer, { ...input(1), orderNumber: first.orderNumber }, opts), 'orderNumber')).toBe('orders.errors.numberTaken');
    // form-shaped input (flat fields) works the same way
    const flat = await createOrder(t.db, v.buyer, { supplierId: org.hengtong, orderNumber: 'FLAT-1', orderDate, 'lines.0.itemCode': 'A', 'lines.0.quantity': '1,000', 'lines.0.unit': 'pcs', 'lines.0.requiredDate': inDays(3), 'lines.1.itemCode': '' }, opts);
    expect((await getOrder(t.db, v.buyer, flat.id)).lines.map((l) => [l.lineNo, l.quantity])).toEqual([[10, '1000']]);
    const after = (await t.db.selectFrom('purchase_order').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    expect(Number(after) - Number(before)).toBe(2);
  });
});

describe('orders: change orders', () => {
  it('a change creates a new version the supplier confirms; the same input again changes nothing', async () => {
    const o = await createOrder(t.db, v.buyer, input(2), opts);
    await sendOrder(t.db, v.buyer, o.id, opts);
    await respondOrder(t.db, v.sMember, { id: o.id, answer: 'confirm' }, opts);
    const base = input(2, { orderNumber: o.orderNumber });
    expect(await reviseOrder(t.db, v.buyer, o.id, base, opts)).toEqual({ version: 1, changed: false });
    const changed = { ...base, lines: [{ ...base.lines[0], quantity: '120' }, { ...base.lines[1] }, { ...base.lines[1], lineNo: 30, itemCode: 'NEW' }], reason: '需求增加' };
    expect(await reviseOrder(t.db, v.buyer, o.id, changed, opts)).toEqual({ version: 2, changed: true });
    expect(await reviseOrder(t.db, v.buyer, o.id, changed, opts)).toEqual({ version: 2, changed: false });
    const d = await getOrder(t.db, v.sMember, o.id);
    expect(d.version).toBe(2);
    expect(d.status).toBe('sent');
    expect(d.lines.map((l) => l.status)).toEqual(['open', 'confirmed', 'open']);
    expect(d.lastChange?.lines.map((l) => [l.lineNo, l.kind])).toEqual([[10, 'changed'], [30, 'added']]);
    expect(d.lastChange?.lines[0].changes).toEqual([{ field: 'quantity', old: '100', new: '120' }]);
    expect(await code(reviseOrder(t.db, v.sMember, o.id, changed, opts))).toBe('FORBIDDEN');
    const versions = await t.db.selectFrom('purchase_order_version').select('version').where('order_id', '=', o.id).execute();
    expect(versions.map((x) => x.version).sort()).toEqual([1, 2]);
    expect((await findOrderByNumber(t.db, v.buyer, org.hengtong, o.orderNumber))?.version).toBe(2);
    expect((await getSupplierHome(t.db, v.sMember)).toConfirm.some((x) => x.id === o.id && x.changeOrder)).toBe(true);
  });
});

describe('orders: delays', () => {
  it('reaches the owners once, with part, dates, days late and reason; a retried job sends nothing twice; no reason is refused', async () => {
    const o = await createOrder(t.db, v.buyer, input(1, { hidePrices: true }), opts);
    await sendOrder(t.db, v.buyer, o.id, opts);
    await respondOrder(t.db, v.sMember, { id: o.id, answer: 'confirm' }, opts);
    const line = (await getOrder(t.db, v.sMember, o.id)).lines[0];
    expect(line.unitPrice).toBeNull();
    expect(await fieldKey(fileDelay(t.db, v.sMember, { id: o.id, lineId: line.id, newDate: inDays(30), reason: ' ' }, opts), 'reason')).toBe('errors.validation.required');
    expect(await fieldKey(fileDelay(t.db, v.sMember, { id: o.id, lineId: line.id, newDate: inDays(10), reason: 'x' }, opts), 'newDate')).toBe('orders.errors.delayNotLater');
    events = [];
    mails.length = 0;
    const r = await fileDelay(t.db, v.sMember, { id: o.id, lineId: line.id, newDate: inDays(30), reason: '原材料短缺' }, opts);
    expect(r.urgent).toBe(false);
    expect(events.length).toBe(1);
    await deliverNotificationMail(t.db, { eventId: events[0] }, transport);
    await deliverNotificationMail(t.db, { eventId: events[0] }, transport);
    const to = mails.map((m) => m.to).sort();
    expect(to).toEqual(['buyer@x.example', 'planmate@x.example', 'planner@x.example']);
    const en = mails.find((m) => m.to === 'planner@x.example')!;
    expect(en.subject).toContain('Delivery delay');
    expect(en.html).toContain('HT-0');
    expect(en.html).toContain('10 days late');
    expect(en.html).toContain('原材料短缺');
    const zh = mails.find((m) => m.to === 'buyer@x.example')!;
    expect(zh.html).toContain('延期 10 天');
    expect(zh.text).toContain('原因：原材料短缺'); // full-width colon in Chinese mails
    expect(en.text).toContain('Reason: 原材料短缺');
    // urgent inside the lead time
    const o2 = await createOrder(t.db, v.buyer, { ...input(1), lines: [{ ...input(1).lines[0], requiredDate: inDays(3) }] }, opts);
    await sendOrder(t.db, v.buyer, o2.id, opts);
    await respondOrder(t.db, v.sMember, { id: o2.id, answer: 'confirm' }, opts);
    const l2 = (await getOrder(t.db, v.sMember, o2.id)).lines[0];
    expect((await fileDelay(t.db, v.sMember, { id: o2.id, lineId: l2.id, newDate: inDays(6), reason: '设备故障' }, opts)).urgent).toBe(true);
    // shipment notice
    await recordShipment(t.db, v.sMember, { id: o2.id, shipDate: inDays(5), carrier: '顺丰', trackingNumber: 'SF123', [`qty.${l2.id}`]: '100' }, opts);
    expect((await getOrder(t.db, v.buyer, o2.id)).shipments[0].lines).toEqual([{ lineNo: 10, quantity: '100' }]);
  });
});

describe('orders: hidden prices and visibility', () => {
  it('a supplier never sees hidden prices in the page or the export; others see nothing', async () => {
    const o = await createOrder(t.db, v.buyer, input(1, { hidePrices: true, internalNote: '目标价 11' }), opts);
    await sendOrder(t.db, v.buyer, o.id, opts);
    expect((await getOrder(t.db, v.sMember, o.id)).lines[0].unitPrice).toBeNull();
    expect((await getOrder(t.db, v.buyer, o.id)).lines[0].unitPrice).toBe('12.5');
    const rows = await exportOrderRows(t.db, v.sMember, {});
    expect(rows.find((r) => r.orderNumber === o.orderNumber)?.unitPrice).toBeNull();
    expect(await code(getOrder(t.db, v.otherSupplier, o.id))).toBe('NOT_FOUND');
    expect(await code(getOrder(t.db, v.customer, o.id))).toBe('NOT_FOUND');
    expect(await code(listOrders(t.db, v.customer, {}))).toBe('NOT_FOUND');
    expect(await code(getOrder(t.db, v.employee, o.id))).toBe('FORBIDDEN');
    expect((await listOrders(t.db, v.otherSupplier, {})).items).toEqual([]);
    expect((await getOrder(t.db, v.head, o.id)).can.edit).toBe(false);
    expect((await listOrders(t.db, v.head, {})).items.length).toBeGreaterThan(0);
    // Filtered by a supplier, the list names it (for the picker's label); a partner's own list names none.
    expect((await listOrders(t.db, v.buyer, { supplier: org.hengtong })).supplierFilter).toEqual({ name: '恒通', nameEn: 'Hengtong' });
    expect((await listOrders(t.db, v.sMember, { supplier: org.hengtong })).supplierFilter).toBeNull();
  });

  it('the partner admin restricts who may confirm', async () => {
    await setConfirmers(t.db, v.sAdmin, { restrict: 'on', people: [] });
    const o = await createOrder(t.db, v.buyer, input(1), opts);
    await sendOrder(t.db, v.buyer, o.id, opts);
    const line = (await getOrder(t.db, v.sMember, o.id)).lines[0];
    expect((await getOrder(t.db, v.sMember, o.id)).can.respond).toBe(false);
    expect(await code(respondLine(t.db, v.sMember, { id: o.id, lineId: line.id, answer: 'confirm' }, opts))).toBe('FORBIDDEN');
    await setConfirmers(t.db, v.sAdmin, { restrict: 'on', people: [v.sMember.id] });
    await respondLine(t.db, v.sMember, { id: o.id, lineId: line.id, answer: 'confirm' }, opts);
    expect(await code(setConfirmers(t.db, v.sMember, { restrict: '' }))).toBe('NOT_FOUND');
    await setConfirmers(t.db, v.sAdmin, { restrict: '' });
    await cancelOrder(t.db, v.buyer, { id: o.id }, opts);
    expect((await getOrder(t.db, v.buyer, o.id)).status).toBe('cancelled');
  });
});
