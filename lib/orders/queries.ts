import 'server-only';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { requireOrderArea, type OrderAbilities } from './abilities';
import { loadOrderAccess, loadOrderArea, requireArea, supplierSettings, visibleSupplierIds, type Db } from './access';
import { changeValueType, diffSnapshots, type ChangeValueType, type Snapshot, type SnapshotLine } from './diff';
import { num, ymd } from './mutations';
import { listSchema, type LineStatus, type ListFilters, type OrderEventKind, type OrderStatus } from './schema';

export const PAGE_SIZE = 50;

/** A line as a viewer sees it: its current terms (unitPrice null when hidden from this viewer) and state. */
export type OrderLine = SnapshotLine & {
  id: string;
  status: LineStatus;
  promisedDate: string | null;
  proposedQuantity: string | null;
  proposedDate: string | null;
  reason: string | null;
  shippedQuantity: string;
  receivedQuantity: string;
  changedInVersion: number;
  /** Committed after the required date. */
  late: boolean;
  daysLate: number;
};

export type TimelineEntry = {
  id: string;
  kind: OrderEventKind;
  at: Date;
  version: number;
  actor: { name: string; nameEn: string | null; partner: boolean } | null;
  lineNo: number | null;
  /** Old → new per field; `type` says how to show the values (statuses in words, dates and quantities per locale). */
  changes: { field: string; type: ChangeValueType; old: string | null; new: string | null }[];
  reason: string | null;
};

export type OrderDetail = {
  can: OrderAbilities;
  id: string;
  orderNumber: string;
  status: OrderStatus;
  version: number;
  orderDate: string;
  currency: string;
  hidePrices: boolean;
  notes: string;
  /** null for partners (never leaves lib for them). */
  internalNote: string | null;
  source: 'plaza' | 'import' | 'api';
  supplier: { id: string; name: string; nameEn: string | null };
  buyer: { id: string; name: string; nameEn: string | null } | null;
  createdAt: Date;
  sentAt: Date | null;
  totalAmount: string | null;
  leadTimeDays: number;
  lines: OrderLine[];
  attachments: { id: string; filename: string; size: number }[];
  delays: { id: string; lineNo: number; itemCode: string; oldDate: string; newDate: string; reason: string; urgent: boolean; fileId: string | null; at: Date }[];
  shipments: { id: string; shipDate: string; carrier: string; trackingNumber: string; fileId: string | null; lines: { lineNo: number; quantity: string }[] }[];
  timeline: TimelineEntry[];
  /** What the current version changed against the previous one (change orders), else null. */
  lastChange: ReturnType<typeof diffSnapshots> | null;
};

const todayIn = (tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/**
 * One order with its lines, attachments, delays, shipments, timeline and what the last change
 * order changed. Partners never get the internal note, and no prices when the buyer hid them.
 */
export async function getOrder(db: Kysely<DB>, viewer: Viewer | null, id: string): Promise<OrderDetail> {
  const a = await loadOrderAccess(db, viewer, id);
  const partner = a.viewer.kind === 'partner';
  const showPrices = a.can.viewPrices;
  const [lines, files, delays, shipments, events, versions, buyer] = await Promise.all([
    db.selectFrom('purchase_order_line').selectAll().where('order_id', '=', id).orderBy('line_no').execute(),
    db.selectFrom('purchase_order_attachment as x').innerJoin('stored_file as f', 'f.id', 'x.file_id').select(['f.id', 'f.filename', 'f.size']).where('x.order_id', '=', id).orderBy('x.created_at').execute(),
    db.selectFrom('purchase_order_delay as d').innerJoin('purchase_order_line as l', 'l.id', 'd.line_id').select(['d.id', 'l.line_no', 'l.item_code', 'd.old_date', 'd.new_date', 'd.reason', 'd.urgent', 'd.file_id', 'd.created_at']).where('d.order_id', '=', id).orderBy('d.created_at', 'desc').execute(),
    db.selectFrom('purchase_order_shipment').selectAll().where('order_id', '=', id).orderBy('created_at', 'desc').execute(),
    db.selectFrom('purchase_order_event as e').leftJoin('person as p', 'p.id', 'e.actor_id').leftJoin('purchase_order_line as l', 'l.id', 'e.line_id')
      .select(['e.id', 'e.kind', 'e.created_at', 'e.version', 'e.changes', 'e.reason', 'p.name', 'p.name_en', 'p.kind as person_kind', 'l.line_no'])
      .where('e.order_id', '=', id).orderBy('e.id', 'desc').limit(500).execute(),
    db.selectFrom('purchase_order_version').select(['version', 'snapshot']).where('order_id', '=', id).where('version', '>=', a.row.version - 1).orderBy('version').execute(),
    a.row.buyer_id ? db.selectFrom('person').select(['id', 'name', 'name_en']).where('id', '=', a.row.buyer_id).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  const shipmentLines = shipments.length
    ? await db.selectFrom('purchase_order_shipment_line as s').innerJoin('purchase_order_line as l', 'l.id', 's.line_id').select(['s.shipment_id', 'l.line_no', 's.quantity']).where('s.shipment_id', 'in', shipments.map((s) => s.id)).execute()
    : [];
  const prev = versions.find((v) => v.version === a.row.version - 1);
  const cur = versions.find((v) => v.version === a.row.version);
  let lastChange = prev && cur ? diffSnapshots(prev.snapshot as unknown as Snapshot, cur.snapshot as unknown as Snapshot) : null;
  if (lastChange && !showPrices) lastChange = { header: lastChange.header, lines: lastChange.lines.map((l) => ({ ...l, changes: l.changes.filter((c) => c.field !== 'unitPrice') })) };
  const hideField = (f: string) => !showPrices && /(^|\.)unitPrice$/.test(f);
  return {
    can: a.can,
    id,
    orderNumber: a.row.order_number,
    status: a.row.status,
    version: a.row.version,
    orderDate: ymd(a.row.order_date),
    currency: a.row.currency,
    hidePrices: a.row.hide_prices,
    notes: a.row.notes,
    internalNote: partner ? null : a.row.internal_note,
    source: a.row.source,
    supplier: { id: a.row.partner_org_id, name: a.row.supplier_name, nameEn: a.row.supplier_name_en },
    buyer: buyer ? { id: buyer.id, name: buyer.name, nameEn: buyer.name_en } : null,
    createdAt: a.row.created_at,
    sentAt: a.row.sent_at,
    totalAmount: showPrices && a.row.total_amount !== null ? num(a.row.total_amount) : null,
    leadTimeDays: a.leadTimeDays,
    lines: lines.map((l) => {
      const promised = l.promised_date ? ymd(l.promised_date) : null;
      const required = ymd(l.required_date);
      const days = promised ? Math.round((Date.parse(promised) - Date.parse(required)) / 86_400_000) : 0;
      return {
        id: l.id, lineNo: l.line_no, itemCode: l.item_code, description: l.description, quantity: num(l.quantity), unit: l.unit,
        unitPrice: showPrices && l.unit_price !== null ? num(l.unit_price) : null, requiredDate: required, deliverySite: l.delivery_site, status: l.status,
        promisedDate: promised, proposedQuantity: l.proposed_quantity === null ? null : num(l.proposed_quantity), proposedDate: l.proposed_date ? ymd(l.proposed_date) : null,
        reason: l.reason, shippedQuantity: num(l.shipped_quantity), receivedQuantity: num(l.received_quantity), changedInVersion: l.changed_in_version,
        late: (l.status === 'confirmed' || l.status === 'proposed') && days > 0, daysLate: Math.max(0, days),
      };
    }),
    attachments: files.map((f) => ({ id: f.id, filename: f.filename, size: f.size })),
    delays: delays.map((d) => ({ id: d.id, lineNo: d.line_no, itemCode: d.item_code, oldDate: ymd(d.old_date), newDate: ymd(d.new_date), reason: d.reason, urgent: d.urgent, fileId: d.file_id, at: d.created_at })),
    shipments: shipments.map((s) => ({
      id: s.id, shipDate: ymd(s.ship_date), carrier: s.carrier, trackingNumber: s.tracking_number, fileId: s.file_id,
      lines: shipmentLines.filter((x) => x.shipment_id === s.id).map((x) => ({ lineNo: x.line_no, quantity: num(x.quantity) })),
    })),
    timeline: events.map((e) => ({
      id: String(e.id), kind: e.kind, at: e.created_at, version: e.version,
      actor: e.name ? { name: e.name, nameEn: e.name_en, partner: e.person_kind === 'partner' } : null,
      lineNo: e.line_no, reason: e.reason,
      changes: (e.changes as unknown as { field: string; old: string | null; new: string | null }[])
        .filter((c) => !hideField(c.field))
        .map((c) => ({ field: c.field, type: changeValueType(c.field, e.line_no !== null), old: c.old, new: c.new })),
    })),
    lastChange,
  };
}

/**
 * For the ERP import and the API: the order of a supplier with this number (or null), when the
 * viewer may see it. Same checks as getOrder.
 */
export async function findOrderByNumber(db: Kysely<DB>, viewer: Viewer | null, supplierId: string, orderNumber: string): Promise<{ id: string; status: OrderStatus; version: number } | null> {
  if (!isUuid(supplierId)) return null;
  const row = await db.selectFrom('purchase_order').select(['id']).where('partner_org_id', '=', supplierId).where('order_number', '=', orderNumber).executeTakeFirst();
  if (!row) return null;
  const a = await loadOrderAccess(db, viewer, row.id);
  return { id: row.id, status: a.row.status, version: a.row.version };
}

export type OrderListItem = {
  id: string;
  orderNumber: string;
  status: OrderStatus;
  version: number;
  orderDate: string;
  supplier: { id: string; name: string; nameEn: string | null };
  lineCount: number;
  openLines: number;
  proposedLines: number;
  lateLines: number;
  sentAt: Date | null;
  createdAt: Date;
  /** Sent and not answered within the supplier's confirm-within days. */
  overdueConfirmation: boolean;
};

type Cursor = { c: string; i: string };
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null;
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString()) as Cursor;
    return typeof c.c === 'string' && isUuid(c.i) && !Number.isNaN(Date.parse(c.c)) ? c : null;
  } catch {
    return null;
  }
}

/**
 * Orders for a list, newest first, keyset-paged (PAGE_SIZE): employees see the suppliers they own
 * or head (admins all); partners their own organisation's sent orders. Filters: supplier, status,
 * mine (I am the buyer), overdue confirmation, late lines, order-number prefix.
 */
/**
 * The orders a viewer may see, filtered and keyset-paged. `side` names the page asking: the internal
 * list answers employees only (a partner gets NOT_FOUND there), the portal partners only.
 */
export async function listOrders(
  db: Kysely<DB>, viewer: Viewer | null, rawFilters: unknown, opts: { side?: 'internal' | 'portal' } = {},
): Promise<{ items: OrderListItem[]; next: string | null; filters: ListFilters; supplierFilter: { name: string; nameEn: string | null } | null }> {
  const { viewer: v, area } = await loadOrderArea(db, viewer);
  const f = listSchema.parse(rawFilters ?? {});
  const partner = v.kind === 'partner';
  requireOrderArea(v, area, opts.side ?? (partner ? 'portal' : 'internal'));
  let q = db
    .selectFrom('purchase_order as o')
    .innerJoin('partner_org as org', 'org.id', 'o.partner_org_id')
    .leftJoin('supplier_setting as ss', 'ss.partner_org_id', 'o.partner_org_id')
    .select([
      'o.id', 'o.order_number', 'o.status', 'o.version', 'o.order_date', 'o.partner_org_id', 'org.name', 'org.name_en', 'o.line_count', 'o.open_lines', 'o.proposed_lines',
      'o.late_lines', 'o.sent_at', 'o.created_at',
      sql<boolean>`(o.status = 'sent' and o.sent_at < now() - make_interval(days => coalesce(ss.confirm_within_days, 3)))`.as('overdue'),
    ]);
  const cur = decodeCursor(f.after);
  // Filters as SQL over `o` (one definition for both plans below).
  const conds: RawBuilder<boolean>[] = [];
  if (partner) conds.push(sql<boolean>`o.partner_org_id = ${v.partnerOrgId!}::uuid and o.status <> 'draft'`);
  if (f.supplier && !partner) conds.push(sql<boolean>`o.partner_org_id = ${f.supplier}::uuid`);
  if (f.status) conds.push(sql<boolean>`o.status = ${f.status}`);
  if (f.mine && !partner) conds.push(sql<boolean>`o.buyer_id = ${v.id}::uuid`);
  if (f.late) conds.push(sql<boolean>`o.late_lines > 0`);
  if (f.overdue) conds.push(sql<boolean>`o.status = 'sent' and o.sent_at < now() - make_interval(days => coalesce((select st.confirm_within_days from supplier_setting st where st.partner_org_id = o.partner_org_id), 3))`);
  if (f.q) conds.push(sql<boolean>`o.order_number like ${`${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
  if (cur) conds.push(sql<boolean>`(o.created_at, o.id) < (${new Date(cur.c)}::timestamptz, ${cur.i}::uuid)`);
  const where = conds.length ? sql<boolean>`${sql.join(conds, sql` and `)}` : sql<boolean>`true`;
  if (!partner) {
    const ids = await visibleSupplierIds(db, v);
    if (ids !== null) {
      // A buyer or planner sees a few suppliers out of thousands: one index probe per supplier
      // (purchase_order_org_idx) plus their own orders (purchase_order_buyer_idx), then the newest.
      const cand = await sql<{ id: string }>`
        select id from (
          select x.id, x.created_at from unnest(${ids}::uuid[]) s(sid)
          cross join lateral (select o.id, o.created_at from purchase_order o where o.partner_org_id = s.sid and ${where} order by o.created_at desc, o.id desc limit ${PAGE_SIZE + 1}) x
          union
          (select o.id, o.created_at from purchase_order o where o.buyer_id = ${v.id}::uuid and ${where} order by o.created_at desc, o.id desc limit ${PAGE_SIZE + 1})
        ) c order by created_at desc, id desc limit ${PAGE_SIZE + 1}`.execute(db);
      const candIds = cand.rows.map((r) => r.id);
      q = q.where(sql<boolean>`o.id = any(${candIds}::uuid[])`);
    }
  }
  q = q.where(where);
  const [rows, supplierFilter] = await Promise.all([
    q.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(PAGE_SIZE + 1).execute(),
    // The name of the supplier the list is filtered by, for the picker's label (employees only: a partner's list is their own).
    f.supplier && !partner
      ? db.selectFrom('partner_org').select(['name', 'name_en as nameEn']).where('id', '=', f.supplier).executeTakeFirst().then((x) => x ?? null)
      : Promise.resolve(null),
  ]);
  const page = rows.slice(0, PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    filters: f,
    supplierFilter,
    next: rows.length > PAGE_SIZE && last ? encodeCursor({ c: last.created_at.toISOString(), i: last.id }) : null,
    items: page.map((r) => ({
      id: r.id, orderNumber: r.order_number, status: r.status, version: r.version, orderDate: ymd(r.order_date),
      supplier: { id: r.partner_org_id, name: r.name, nameEn: r.name_en }, lineCount: r.line_count, openLines: r.open_lines,
      proposedLines: r.proposed_lines, lateLines: r.late_lines, sentAt: r.sent_at, createdAt: r.created_at, overdueConfirmation: r.overdue,
    })),
  };
}

export type RiskLine = {
  orderId: string;
  orderNumber: string;
  supplier: { id: string; name: string; nameEn: string | null };
  lineId: string;
  lineNo: number;
  itemCode: string;
  description: string;
  quantity: string;
  unit: string;
  requiredDate: string;
  promisedDate: string | null;
  daysLate: number;
  reason: 'late' | 'unconfirmed';
  status: LineStatus;
  awaitingSince: Date | null;
};

/**
 * "Late and at risk" for production planning: lines committed after their required date, and
 * lines not confirmed within the supplier's confirm-within days — each from one partial index,
 * for the suppliers the viewer owns or heads (admins all). Most late first, at most `limit`.
 */
export async function listAtRisk(db: Kysely<DB>, viewer: Viewer | null, opts: { supplier?: string | null; limit?: number } = {}): Promise<RiskLine[]> {
  const v = await requireArea(db, viewer, 'internal');
  const ids = await visibleSupplierIds(db, v);
  const limit = Math.min(opts.limit ?? 200, 500);
  const supplierFilter = opts.supplier && isUuid(opts.supplier) ? [opts.supplier] : null;
  const orgs = supplierFilter ? (ids === null ? supplierFilter : supplierFilter.filter((s) => ids.includes(s))) : ids;
  const orgCond = (col: string) => (orgs === null ? sql`true` : sql`${sql.ref(col)} = any(${orgs}::uuid[])`);
  const result = await sql<{
    order_id: string; order_number: string; partner_org_id: string; name: string; name_en: string | null; line_id: string; line_no: number; item_code: string; description: string;
    quantity: string; unit: string; required_date: Date; promised_date: Date | null; status: LineStatus; awaiting_since: Date | null; kind: 'late' | 'unconfirmed'; days: number;
  }>`
    select x.*, o.order_number, org.name, org.name_en from (
      (select l.order_id, l.id as line_id, l.partner_org_id, l.line_no, l.item_code, l.description, l.quantity, l.unit, l.required_date, l.promised_date, l.status, l.awaiting_since,
              'late'::text as kind, (l.promised_date - l.required_date) as days
       from purchase_order_line l
       where l.status in ('confirmed','proposed') and l.promised_date > l.required_date and ${orgCond('l.partner_org_id')}
       order by l.promised_date limit ${limit})
      union all
      (select l.order_id, l.id, l.partner_org_id, l.line_no, l.item_code, l.description, l.quantity, l.unit, l.required_date, l.promised_date, l.status, l.awaiting_since,
              'unconfirmed'::text, 0
       from purchase_order_line l
       left join supplier_setting ss on ss.partner_org_id = l.partner_org_id
       where l.status = 'open' and l.awaiting_since is not null and l.awaiting_since < now() - make_interval(days => coalesce(ss.confirm_within_days, 3)) and ${orgCond('l.partner_org_id')}
       order by l.awaiting_since limit ${limit})
    ) x
    join purchase_order o on o.id = x.order_id
    join partner_org org on org.id = x.partner_org_id
    order by x.kind, x.days desc, x.required_date
    limit ${limit}`.execute(db);
  return result.rows.map((r) => ({
    orderId: r.order_id, orderNumber: r.order_number, supplier: { id: r.partner_org_id, name: r.name, nameEn: r.name_en }, lineId: r.line_id, lineNo: r.line_no,
    itemCode: r.item_code, description: r.description, quantity: num(r.quantity), unit: r.unit, requiredDate: ymd(r.required_date),
    promisedDate: r.promised_date ? ymd(r.promised_date) : null, daysLate: Number(r.days), reason: r.kind, status: r.status, awaitingSince: r.awaiting_since,
  }));
}

export type SupplierHome = {
  toConfirm: { id: string; orderNumber: string; version: number; openLines: number; sentAt: Date | null; changeOrder: boolean }[];
  dueThisWeek: { orderId: string; orderNumber: string; lineNo: number; itemCode: string; quantity: string; unit: string; promisedDate: string }[];
  counts: { toConfirm: number; changeOrders: number; dueThisWeek: number };
};

/** What needs the supplier's action first: orders to confirm (change orders marked), lines due this week. */
export async function getSupplierHome(db: Kysely<DB>, viewer: Viewer | null): Promise<SupplierHome> {
  const v = await requireArea(db, viewer, 'portal');
  const org = v.partnerOrgId!;
  const today = todayIn(v.timezone);
  const week = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  const [orders, due] = await Promise.all([
    db.selectFrom('purchase_order').select(['id', 'order_number', 'version', 'open_lines', 'sent_at', sql<number>`count(*) over ()`.as('total'), sql<number>`count(*) filter (where version > 1) over ()`.as('changes')])
      .where('partner_org_id', '=', org).where('status', 'in', ['sent']).orderBy('sent_at', 'desc').limit(20).execute(),
    db.selectFrom('purchase_order_line as l').innerJoin('purchase_order as o', 'o.id', 'l.order_id')
      .select(['l.order_id', 'o.order_number', 'l.line_no', 'l.item_code', 'l.quantity', 'l.unit', 'l.promised_date', sql<number>`count(*) over ()`.as('total')])
      .where('l.partner_org_id', '=', org).where('l.status', '=', 'confirmed').where('l.promised_date', '<=', sql<Date>`${week}::date`)
      .orderBy('l.promised_date').limit(20).execute(),
  ]);
  return {
    toConfirm: orders.map((o) => ({ id: o.id, orderNumber: o.order_number, version: o.version, openLines: o.open_lines, sentAt: o.sent_at, changeOrder: o.version > 1 })),
    dueThisWeek: due.map((l) => ({ orderId: l.order_id, orderNumber: l.order_number, lineNo: l.line_no, itemCode: l.item_code, quantity: num(l.quantity), unit: l.unit, promisedDate: ymd(l.promised_date) })),
    counts: { toConfirm: Number(orders[0]?.total ?? 0), changeOrders: Number(orders[0]?.changes ?? 0), dueThisWeek: Number(due[0]?.total ?? 0) },
  };
}

/** The supplier's owners and settings, for the partner organisation page (admins and officers edit them). */
/**
 * A supplier's internal owners and settings. Employees may read them; `forManaging` (the owners
 * page) asks for the manageOwners ability as well (admins and communications officers).
 */
export async function getSupplierOwners(db: Db, viewer: Viewer | null, supplierId: string, opts: { forManaging?: boolean } = {}) {
  const { viewer: v, area } = await loadOrderArea(db, viewer);
  if (v.kind !== 'employee') throw new AppError('NOT_FOUND');
  if (opts.forManaging) requireOrderArea(v, area, 'manageOwners');
  if (!isUuid(supplierId)) throw new AppError('NOT_FOUND');
  const org = await db.selectFrom('partner_org').select(['id', 'type', 'name', 'name_en']).where('id', '=', supplierId).executeTakeFirst();
  if (!org) throw new AppError('NOT_FOUND');
  const owners = await db
    .selectFrom('supplier_owner as so')
    .leftJoin('person as p', 'p.id', 'so.person_id')
    .leftJoin('org_unit as u', 'u.id', 'so.unit_id')
    .select(['so.id', 'so.role', 'so.person_id', 'so.unit_id', 'p.name as person_name', 'p.name_en as person_name_en', 'u.name as unit_name', 'u.name_en as unit_name_en'])
    .where('so.partner_org_id', '=', supplierId)
    .orderBy('so.role').orderBy('so.created_at')
    .execute();
  const s = await supplierSettings(db, supplierId);
  return {
    can: { edit: area.manageOwners && org.type === 'supplier' },
    isSupplier: org.type === 'supplier',
    name: org.name,
    nameEn: org.name_en,
    ...s,
    owners: owners.map((o) => ({
      id: o.id, role: o.role, personId: o.person_id, unitId: o.unit_id,
      label: o.person_id ? (o.person_name ?? '') : (o.unit_name ?? ''), labelEn: o.person_id ? o.person_name_en : o.unit_name_en,
    })),
  };
}
