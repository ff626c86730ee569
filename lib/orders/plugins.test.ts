import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { search } from '@/lib/search/search';
import { changeValueType } from './diff';
import { digestDate, orderDigestSections } from './digest';
import { orderTodoSource } from './todos';
import { changeLineRows, nextLineRows } from './form-rows';
import { cancelOrder, createOrder, fileDelay, recordReceipt, respondLine, respondOrder, reviseOrder, sendOrder } from './mutations';
import { setConfirmers, setSupplierOwners } from './owners';
import { getOrder } from './queries';

/**
 * Issue 12, what plugs orders into Plaza's shared services: the search index (who finds which
 * order; prices and internal notes never indexed), the digest sections, and the timeline's values
 * typed so pages show statuses in words.
 */
let t: TestDb;
const v: Record<string, Viewer> = {};
const ids: Record<string, string> = {};
const org: Record<string, string> = {};
const opts = { enqueueDeliver: async () => {} };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const orderDate = new Date().toISOString().slice(0, 10);
let seq = 0;
const input = (supplierId: string, extra: Record<string, unknown> = {}) => ({
  supplierId, orderNumber: `PX-${++seq}`, orderDate, hidePrices: true, notes: '', internalNote: '机密备注 SECRETNOTE',
  lines: [
    { lineNo: 10, itemCode: 'ZT-4471', description: '齿轮箱壳体', quantity: '5', unit: 'pcs', unitPrice: '987.65', requiredDate: inDays(20) },
    { lineNo: 20, itemCode: 'ZT-4472', description: 'bearing cover', quantity: '8', unit: 'pcs', unitPrice: '12.5', requiredDate: inDays(20) },
  ],
  ...extra,
});
const titles = async (viewer: Viewer, q: string) => (await search(t.db, viewer, { q })).hits.filter((h) => h.kind === 'purchase_order').map((h) => h.title.map((s) => s.text).join(''));
/** The search test's own orders (numbers SRCH-…), leaving out those of the other tests. */
const srch = async (viewer: Viewer, q: string) => (await titles(viewer, q)).filter((x) => x.startsWith('SRCH-'));

beforeAll(async () => {
  t = await createTestDb();
  const hq = await insertUnit(t.db, { name: '总部' });
  const proc = await insertUnit(t.db, { name: '采购部', parentId: hq });
  const plan = await insertUnit(t.db, { name: '计划科', parentId: hq });
  const other = await insertUnit(t.db, { name: '行政部', parentId: hq });
  org.zt = await insertPartnerOrg(t.db, { name: '中天机械', nameEn: 'Zhongtian Machinery', type: 'supplier' });
  org.other = await insertPartnerOrg(t.db, { name: '别家', type: 'supplier' });
  Object.assign(ids, {
    admin: await insertPerson(t.db, { email: 'admin@x.example', roles: ['admin'], unitId: other }),
    officer: await insertPerson(t.db, { email: 'officer@x.example', roles: ['comms_officer'], unitId: other }),
    buyer: await insertPerson(t.db, { email: 'buyer@x.example', unitId: proc }),
    planner: await insertPerson(t.db, { email: 'planner@x.example', unitId: plan, locale: 'en' }),
    head: await insertPerson(t.db, { email: 'head@x.example', unitId: hq, headOf: [hq] }),
    employee: await insertPerson(t.db, { email: 'emp@x.example', unitId: other }),
    sAdmin: await insertPerson(t.db, { email: 'sadmin@zt.example', partnerOrgId: org.zt, roles: ['partner_admin'] }),
    sMember: await insertPerson(t.db, { email: 'smember@zt.example', partnerOrgId: org.zt }),
    sOther: await insertPerson(t.db, { email: 'x@other.example', partnerOrgId: org.other }),
  });
  for (const [k, id] of Object.entries(ids)) v[k] = (await loadViewer(t.db, id))!;
  await setSupplierOwners(t.db, v.officer, { supplierId: org.zt, buyerPeople: [ids.buyer], plannerUnits: [plan], leadTimeDays: '7', confirmWithinDays: '3' });
  await setSupplierOwners(t.db, v.officer, { supplierId: org.other, buyerPeople: [ids.admin], leadTimeDays: '7', confirmWithinDays: '3' });
});
afterAll(() => t.drop());

describe('timeline values', () => {
  it('a status is the line’s in a line event or a change order line, the order’s otherwise; dates, quantities, prices, flags typed', () => {
    expect(changeValueType('status', true)).toBe('lineStatus');
    expect(changeValueType('status', false)).toBe('orderStatus');
    expect(changeValueType('10.requiredDate', false)).toBe('date');
    expect(changeValueType('10.quantity', false)).toBe('quantity');
    expect(changeValueType('10.unitPrice', false)).toBe('price');
    expect(changeValueType('promisedDate', true)).toBe('date');
    expect(changeValueType('hidePrices', false)).toBe('flag');
    expect(changeValueType('received', true)).toBe('quantity');
    expect(changeValueType('carrier', true)).toBe('text');
  });

  it('getOrder hands each change its type: a confirmation’s line status, a cancellation’s order status', async () => {
    const o = await createOrder(t.db, v.buyer, input(org.zt), opts);
    await sendOrder(t.db, v.buyer, o.id, opts);
    const line = (await getOrder(t.db, v.sMember, o.id)).lines[0];
    await respondLine(t.db, v.sMember, { id: o.id, lineId: line.id, answer: 'confirm' }, opts);
    await cancelOrder(t.db, v.buyer, { id: o.id }, opts);
    const d = await getOrder(t.db, v.buyer, o.id);
    expect(d.timeline.find((e) => e.kind === 'confirmed')?.changes).toEqual([{ field: 'status', type: 'lineStatus', old: 'open', new: 'confirmed' }]);
    expect(d.timeline.find((e) => e.kind === 'cancelled')?.changes).toEqual([{ field: 'status', type: 'orderStatus', old: 'sent', new: 'cancelled' }]);
  });
});

describe('search', () => {
  it('finds orders by number, supplier, item code and description; each viewer only what lib/orders lets them see', async () => {
    const o = await createOrder(t.db, v.buyer, input(org.zt, { orderNumber: 'SRCH-7001' }), opts);
    const foreign = await createOrder(t.db, v.admin, input(org.other, { orderNumber: 'SRCH-7002' }), opts);
    // A draft: the buyer, the planner and the head find it; the supplier does not yet.
    for (const who of ['buyer', 'planner', 'head', 'admin'] as const) expect(await srch(v[who], 'ZT-4471'), who).toContain('SRCH-7001 · 中天机械 (Zhongtian Machinery)');
    expect(await srch(v.sMember, 'ZT-4471')).toEqual([]);
    await sendOrder(t.db, v.buyer, o.id, opts);
    await sendOrder(t.db, v.admin, foreign.id, opts);
    for (const q of ['SRCH-7001', '齿轮箱', 'bearing', 'Zhongtian', '中天机械']) expect(await srch(v.sMember, q), q).toContain('SRCH-7001 · 中天机械 (Zhongtian Machinery)');
    // Others: another supplier, a plain employee, an officer — nothing of this order.
    expect(await srch(v.sOther, 'ZT-4471')).toEqual(['SRCH-7002 · 别家']);
    expect(await srch(v.employee, 'ZT-4471')).toEqual([]);
    expect(await srch(v.officer, 'ZT-4471')).toEqual([]);
    expect(await srch(v.buyer, 'SRCH-7002')).toEqual([]);
    expect(await srch(v.admin, 'SRCH-7002')).toEqual(['SRCH-7002 · 别家']);
    // A deactivated person finds nothing.
    expect(await srch({ ...v.buyer, status: 'deactivated' }, 'ZT-4471').catch(() => [])).toEqual([]);
    // Prices and the internal note are never indexed.
    const [doc] = (await t.db.selectFrom('search_document').select(['title', 'body', 'extra']).where('item_id', '=', o.id).execute());
    expect(`${doc.title} ${doc.body} ${doc.extra}`).not.toMatch(/987|SECRETNOTE|机密/);
    expect(await srch(v.admin, 'SECRETNOTE')).toEqual([]);
    // A change order re-indexes: a new line's item is found, a removed one no more.
    await respondOrder(t.db, v.sMember, { id: o.id, answer: 'confirm' }, opts);
    await reviseOrder(t.db, v.buyer, o.id, { ...input(org.zt, { orderNumber: 'SRCH-7001' }), lines: [input(org.zt).lines[0], { ...input(org.zt).lines[1], lineNo: 30, itemCode: 'ZT-9999' }] }, opts);
    expect(await srch(v.sMember, 'ZT-9999')).toEqual(['SRCH-7001 · 中天机械 (Zhongtian Machinery)']);
    expect(await srch(v.sMember, 'ZT-4472')).toEqual([]);
    expect((await search(t.db, v.sMember, { q: 'SRCH-7001' })).hits.find((h) => h.kind === 'purchase_order')?.url).toBe(`/orders/${o.id}`);
  });
});

describe('digest sections', () => {
  it('waiting: the supplier’s confirmers get orders to confirm, buyers proposals; delays since the last digest reach owners only', async () => {
    const [waiting, delays] = orderDigestSections;
    const since = new Date(Date.now() - 60_000);
    const o = await createOrder(t.db, v.buyer, input(org.zt, { orderNumber: 'DG-1' }), opts);
    await sendOrder(t.db, v.buyer, o.id, opts);
    const people = [v.buyer, v.planner, v.employee, v.sAdmin, v.sMember, v.sOther];
    let w = await waiting.loadBatch(t.db, people, { since, now: new Date(), limit: 50 });
    expect(w.get(ids.sMember)?.entries.map((e) => [e.title, e.href, e.note?.key])).toContainEqual(['DG-1', `/partner/orders/${o.id}`, 'orders.digest.toConfirm']);
    expect(w.get(ids.sAdmin)?.entries.some((e) => e.title === 'DG-1')).toBe(true);
    expect(w.get(ids.sOther)?.entries.some((e) => e.title === 'DG-1') ?? false).toBe(false);
    expect(w.has(ids.employee)).toBe(false);
    // The partner admin names who may confirm: the member drops out, the admin stays.
    await setConfirmers(t.db, v.sAdmin, { restrict: 'on', people: [] });
    w = await waiting.loadBatch(t.db, people, { since, now: new Date(), limit: 50 });
    expect(w.has(ids.sMember)).toBe(false);
    expect(w.get(ids.sAdmin)?.entries.some((e) => e.title === 'DG-1')).toBe(true);
    await setConfirmers(t.db, v.sAdmin, { restrict: '', people: [] });
    // A proposal waits on the buyer, not on the planner.
    const d0 = await getOrder(t.db, v.sMember, o.id);
    await respondLine(t.db, v.sMember, { id: o.id, lineId: d0.lines[0].id, answer: 'propose', date: inDays(25), reason: '模具维修' }, opts);
    await respondLine(t.db, v.sMember, { id: o.id, lineId: d0.lines[1].id, answer: 'confirm' }, opts);
    w = await waiting.loadBatch(t.db, people, { since, now: new Date(), limit: 50 });
    expect(w.get(ids.buyer)?.entries.find((e) => e.title === 'DG-1')).toMatchObject({ href: `/orders/${o.id}`, note: { key: 'orders.list.proposedLines', params: { count: 1 } } });
    expect(w.get(ids.planner)?.entries.some((e) => e.title === 'DG-1') ?? false).toBe(false);
    // A delay on the confirmed line: buyer and planner (through their unit) get it, with dates and days late.
    await fileDelay(t.db, v.sMember, { id: o.id, lineId: d0.lines[1].id, newDate: inDays(30), reason: '原材料短缺' }, opts);
    const dl = await delays.loadBatch(t.db, people, { since, now: new Date(Date.now() + 1000), limit: 50 });
    for (const [who, locale] of [['buyer', 'zh-CN'], ['planner', 'en']] as const) {
      const params = { old: digestDate(inDays(20), locale), new: digestDate(inDays(30), locale), days: 10 };
      expect(dl.get(ids[who])?.entries, who).toEqual([expect.objectContaining({ title: 'DG-1 · ZT-4472', href: `/orders/${o.id}`, urgent: false, note: { key: 'orders.digest.delayNote', params } })]);
    }
    expect(digestDate('2027-03-05', 'zh-CN')).toBe('2027年3月5日');
    expect(digestDate('2027-03-05', 'en')).toBe('Mar 5, 2027');
    for (const who of ['employee', 'sMember', 'sAdmin', 'sOther'] as const) expect(dl.has(ids[who]), who).toBe(false);
    // Since the next digest: nothing new.
    expect((await delays.loadBatch(t.db, people, { since: new Date(Date.now() + 1000), now: new Date(Date.now() + 2000), limit: 50 })).size).toBe(0);
  });
});

describe('order form rows (add line / remove line)', () => {
  it('adds a row after the highest, removes one and keeps the others’ numbers, never the last; no button → null', () => {
    expect(nextLineRows({ lineRow: ['0', '1'], lineRows: 'add' })).toEqual([0, 1, 2]);
    expect(nextLineRows({ lineRow: ['0', '2', '5'], lineRows: 'remove:2' })).toEqual([0, 5]);
    expect(nextLineRows({ lineRow: '3', lineRows: 'remove:3' })).toEqual([3]);
    expect(nextLineRows({ lineRow: ['0', 'x', '-1', '0'], lineRows: 'add' })).toEqual([0, 1]);
    expect(nextLineRows({ lineRow: ['0'] })).toBeNull();
    expect(() => nextLineRows({ lineRow: ['500'], lineRows: 'add' })).toThrow();
  });

  it('asks whether the viewer may write the form: buyers and admins; others refused, a partner not found', async () => {
    expect(await changeLineRows(t.db, v.buyer, { lineRow: ['0', '1'], lineRows: 'add' })).toEqual({ rows: [0, 1, 2] });
    expect(await changeLineRows(t.db, v.buyer, { lineRow: ['0'] })).toBeNull();
    await expect(changeLineRows(t.db, v.employee, { lineRow: ['0'], lineRows: 'add' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(changeLineRows(t.db, v.sMember, { lineRow: ['0'], lineRows: 'add' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const o = await createOrder(t.db, v.buyer, input(org.zt), opts);
    expect(await changeLineRows(t.db, v.buyer, { lineRow: ['0', '1'], lineRows: 'remove:0' }, { orderId: o.id })).toEqual({ rows: [1] });
    await expect(changeLineRows(t.db, v.planner, { lineRow: ['0'], lineRows: 'add' }, { orderId: o.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(changeLineRows(t.db, v.sMember, { lineRow: ['0'], lineRows: 'add' }, { orderId: o.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('form rows with gaps save as typed (a removed row is simply absent); a change order cannot drop a line received in full', async () => {
    const o = await createOrder(t.db, v.buyer, {
      supplierId: org.zt, orderNumber: 'ROWS-1', orderDate, lineRow: ['0', '3'],
      'lines.0.lineNo': '10', 'lines.0.itemCode': 'R-1', 'lines.0.quantity': '2', 'lines.0.unit': 'pcs', 'lines.0.requiredDate': inDays(10),
      'lines.3.lineNo': '40', 'lines.3.itemCode': 'R-4', 'lines.3.quantity': '3', 'lines.3.unit': 'pcs', 'lines.3.requiredDate': inDays(10),
    }, opts);
    await sendOrder(t.db, v.buyer, o.id, opts);
    await respondOrder(t.db, v.sMember, { id: o.id, answer: 'confirm' }, opts);
    const d = await getOrder(t.db, v.buyer, o.id);
    expect(d.lines.map((l) => [l.lineNo, l.itemCode])).toEqual([[10, 'R-1'], [40, 'R-4']]);
    await recordReceipt(t.db, v.buyer, { id: o.id, receivedOn: orderDate, [`qty.${d.lines[0].id}`]: '2' }, opts);
    expect((await getOrder(t.db, v.buyer, o.id)).lines[0].status).toBe('closed');
    const only40 = { orderDate, 'lines.1.lineNo': '40', 'lines.1.itemCode': 'R-4', 'lines.1.quantity': '3', 'lines.1.unit': 'pcs', 'lines.1.requiredDate': inDays(10) };
    await expect(reviseOrder(t.db, v.buyer, o.id, only40, opts)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'orders.errors.lineClosed' });
    expect((await getOrder(t.db, v.buyer, o.id)).version).toBe(1);
  });
});

describe('workbench to-dos', () => {
  it('counts everything waiting (not just the items shown): the supplier’s orders to confirm, the buyer’s proposals', async () => {
    for (let i = 0; i < 3; i++) {
      const o = await createOrder(t.db, v.buyer, input(org.zt, { orderNumber: `TD-${i}` }), opts);
      await sendOrder(t.db, v.buyer, o.id, opts);
    }
    const waiting = Number((await t.db.selectFrom('purchase_order').select((eb) => eb.fn.countAll<string>().as('n')).where('partner_org_id', '=', org.zt).where('status', '=', 'sent').executeTakeFirstOrThrow()).n);
    const g = await orderTodoSource.load(t.db, v.sMember, { limit: 2, now: new Date(), locale: 'zh-CN' });
    expect(g).toMatchObject({ label: 'orders.todos.toConfirm', count: waiting, href: '/partner/orders' });
    expect(g?.items).toHaveLength(2);
    expect(waiting).toBeGreaterThanOrEqual(3);
    expect(await orderTodoSource.load(t.db, v.sOther, { limit: 2, now: new Date(), locale: 'zh-CN' })).toMatchObject({ count: 1 });
    expect(await orderTodoSource.load(t.db, v.employee, { limit: 2, now: new Date(), locale: 'zh-CN' })).toBeNull();
  });
});
