import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import type { Viewer } from '@/lib/authz/viewer';
import { invalid, invalidFields } from '@/lib/errors';
import { describeFailure, zodFieldErrors } from '@/lib/forms/describe';
import type { RequestMeta } from '@/lib/http/request-meta';
import type { Msg } from '@/lib/i18n/catalog';
import { readTable, type Encoding, type SourceKind, type UnreadableReason } from '@/lib/tabular/read';
import { mayBuyFrom, requireArea } from './access';
import { num, reviseOrder, sendOrder, ymd, type OrderMutationOpts } from './mutations';
import { createOrderSchema, lineInputSchema, type LineInput } from './schema';

/**
 * ERP import of order lines (issue 12): a CSV (UTF-8 ± BOM, GB18030) or XLSX file, Chinese or
 * English headers, one row per order line. Idempotent by supplier + order number + line number:
 *
 * - an order not in Plaza yet → created through the orders lib (`createOrder`, source 'import'),
 *   and sent when asked;
 * - an order in Plaza whose lines in the file equal the current ones → nothing happens;
 * - a changed or new line → one change order per order through `reviseOrder` (lines of the order
 *   not in the file stay as they are: an ERP often exports only open lines);
 * - unknown supplier, a supplier the viewer does not buy from, a duplicate line number, a bad
 *   value → that row is refused with its line number and reasons; other rows go on.
 *
 * Reading, validation and the comparison with what is stored are set-based (one query for the
 * suppliers, one for the existing orders, one for their lines); only orders that are new or
 * changed call the lib, one transaction per order.
 */

export const MAX_ORDER_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_ORDER_IMPORT_ROWS = 20_000;

export type OrderImportField =
  | 'supplier' | 'orderNumber' | 'lineNo' | 'itemCode' | 'description' | 'quantity' | 'unit' | 'unitPrice' | 'requiredDate' | 'deliverySite' | 'orderDate' | 'currency';

/** Header names per field (compared without case, spaces, `_`, `-` and brackets): SAP, Kingdee 金蝶 and Yonyou 用友 exports. */
export const orderHeaderAliases: Record<OrderImportField, string[]> = {
  supplier: ['supplier', 'suppliername', 'vendor', 'vendorname', '供应商', '供应商名称', '供应商全称'],
  orderNumber: ['ordernumber', 'orderno', 'po', 'ponumber', 'pono', 'purchaseorder', 'purchasingdocument', '订单号', '采购订单号', '订单编号', '单据编号', '采购单号'],
  lineNo: ['line', 'lineno', 'linenumber', 'item', 'poitem', '行号', '行', '序号', '项目'],
  itemCode: ['itemcode', 'material', 'materialcode', 'materialnumber', 'partnumber', 'partno', 'sku', '物料编码', '物料代码', '物料号', '料号', '存货编码'],
  description: ['description', 'desc', 'materialdescription', 'shorttext', '描述', '物料描述', '物料名称', '品名', '存货名称', '规格型号'],
  quantity: ['quantity', 'qty', 'orderquantity', '数量', '采购数量', '订货数量'],
  unit: ['unit', 'uom', 'orderunit', '单位', '计量单位', '采购单位'],
  unitPrice: ['unitprice', 'price', 'netprice', '单价', '含税单价', '无税单价'],
  requiredDate: ['requireddate', 'deliverydate', 'needdate', 'duedate', 'requesteddate', '要求交期', '交期', '交货日期', '需求日期', '要求到货日期', '计划到货日期'],
  deliverySite: ['deliverysite', 'shipto', 'site', 'plant', 'deliveryaddress', '交货地点', '收货地点', '交货地址', '收货地址', '工厂'],
  orderDate: ['orderdate', 'podate', 'documentdate', '订单日期', '采购日期', '单据日期'],
  currency: ['currency', '币种', '币别'],
};
export const orderRequiredFields: OrderImportField[] = ['supplier', 'orderNumber', 'lineNo', 'itemCode', 'quantity', 'unit', 'requiredDate'];

export type ImportOutcome = 'created' | 'changed' | 'unchanged' | 'rejected';
export type ImportRowReport = { line: number; supplier: string; orderNumber: string; lineNo: string; outcome: ImportOutcome; reasons: (Msg & { field?: string })[] };
export type OrderImportResult =
  | { ok: false; reason: UnreadableReason; params?: Record<string, string | number> }
  | {
      ok: true;
      kind: SourceKind;
      encoding: Encoding;
      ignoredColumns: string[];
      counts: Record<ImportOutcome, number>;
      orders: { created: number; revised: number; unchanged: number; refused: number };
      rows: ImportRowReport[];
    };

/** `2026/12/1`, `2026.12.01`, `2026年12月1日` → `2026-12-01`; anything else is left for the schema to refuse. */
export function normaliseDate(s: string): string {
  const m = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00)?)?\s*$/.exec(s);
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : s.trim();
}

const key = (supplierId: string, orderNumber: string) => `${supplierId}\u0000${orderNumber}`;
const normName = (s: string) => s.normalize('NFKC').trim().toLowerCase();

type ValidRow = { report: ImportRowReport; supplierId: string; supplierName: string; orderNumber: string; orderDate: string | null; currency: string | null; line: LineInput };
type StoredLine = { line_no: number; item_code: string; description: string; quantity: string; unit: string; unit_price: string | null; required_date: Date | string; delivery_site: string; status: string };

function sameLine(a: StoredLine, b: LineInput): boolean {
  return a.item_code === b.itemCode && a.description === b.description && num(a.quantity) === num(b.quantity) && a.unit === b.unit
    && (a.unit_price === null ? null : num(a.unit_price)) === (b.unitPrice === null ? null : num(b.unitPrice))
    && ymd(a.required_date) === b.requiredDate && a.delivery_site === b.deliverySite;
}

function storedAsInput(l: StoredLine) {
  return {
    lineNo: l.line_no, itemCode: l.item_code, description: l.description, quantity: num(l.quantity), unit: l.unit,
    unitPrice: l.unit_price === null ? null : num(l.unit_price), requiredDate: ymd(l.required_date), deliverySite: l.delivery_site,
  };
}

/** The lib's refusal as the rows' reason: its field message when it names one (e.g. orderNumber). */
function refusal(e: unknown): Msg & { field?: string } {
  const f = describeFailure(e);
  if (!f) throw e;
  const [field, m] = Object.entries(f.fieldErrors)[0] ?? [];
  return m ? { ...m, field } : f.message;
}

export async function importOrders(
  db: Kysely<DB>,
  viewer: Viewer | null,
  file: { bytes: Uint8Array; fileName?: string },
  opts: { send?: boolean; meta?: RequestMeta; now?: Date; enqueueDeliver?: OrderMutationOpts['enqueueDeliver']; source?: 'import' | 'api' } = {},
): Promise<OrderImportResult> {
  const v = await requireArea(db, viewer, 'create');
  const read = await readTable(file.bytes, { aliases: orderHeaderAliases, required: orderRequiredFields, maxBytes: MAX_ORDER_IMPORT_BYTES, maxRows: MAX_ORDER_IMPORT_ROWS });
  if (!read.ok) return read;
  const lib: OrderMutationOpts = { meta: opts.meta, now: opts.now, enqueueDeliver: opts.enqueueDeliver, source: opts.source ?? 'import' };

  // Suppliers by name or English name, in one query; whether the viewer buys from each.
  const names = [...new Set(read.rows.map((r) => normName(r.values.supplier ?? '')).filter(Boolean))];
  const orgs = names.length
    ? await sql<{ id: string; name: string; name_en: string | null }>`
        select id, name, name_en from partner_org
        where type = 'supplier' and status = 'active' and (lower(name) = any(${names}::text[]) or lower(name_en) = any(${names}::text[]))
        order by created_at`.execute(db)
    : { rows: [] };
  const supplierByName = new Map<string, { id: string; name: string }>();
  for (const o of orgs.rows) {
    for (const n of [o.name, o.name_en]) if (n && !supplierByName.has(normName(n))) supplierByName.set(normName(n), { id: o.id, name: o.name });
  }
  const buysFrom = new Map<string, boolean>();
  for (const s of new Set([...supplierByName.values()].map((s) => s.id))) buysFrom.set(s, await mayBuyFrom(db, v, s));

  // Rows: validated one by one in memory; duplicates of supplier + order + line refused.
  const reports: ImportRowReport[] = [];
  const valid: ValidRow[] = [];
  const firstLine = new Map<string, number>();
  for (const raw of read.rows) {
    const r = raw.values;
    const report: ImportRowReport = {
      line: raw.line, supplier: (r.supplier ?? '').trim().slice(0, 200), orderNumber: (r.orderNumber ?? '').trim().slice(0, 40), lineNo: (r.lineNo ?? '').trim().slice(0, 10),
      outcome: 'rejected', reasons: [],
    };
    reports.push(report);
    const supplier = supplierByName.get(normName(r.supplier ?? ''));
    if (!report.supplier) report.reasons.push({ key: 'errors.validation.required', field: 'supplier' });
    else if (!supplier) report.reasons.push({ key: 'integrations.import.reasons.unknownSupplier', params: { name: report.supplier }, field: 'supplier' });
    else if (!buysFrom.get(supplier.id)) report.reasons.push({ key: 'integrations.import.reasons.notYourSupplier', params: { name: supplier.name }, field: 'supplier' });
    if (!report.orderNumber) report.reasons.push({ key: 'errors.validation.required', field: 'orderNumber' });
    const parsed = lineInputSchema.safeParse({
      lineNo: r.lineNo?.trim(), itemCode: r.itemCode, description: r.description ?? '', quantity: r.quantity, unit: r.unit,
      unitPrice: r.unitPrice ?? null, requiredDate: normaliseDate(r.requiredDate ?? ''), deliverySite: r.deliverySite ?? '',
    });
    if (!parsed.success) for (const [field, m] of Object.entries(zodFieldErrors(parsed.error))) report.reasons.push({ ...m, field });
    if (report.reasons.length || !supplier || !parsed.success) continue;
    const k = `${key(supplier.id, report.orderNumber)}\u0000${parsed.data.lineNo}`;
    const first = firstLine.get(k);
    if (first !== undefined) {
      report.reasons.push({ key: 'integrations.import.reasons.duplicateLine', params: { order: report.orderNumber, lineNo: parsed.data.lineNo, line: first }, field: 'lineNo' });
      continue;
    }
    firstLine.set(k, raw.line);
    const orderDate = r.orderDate?.trim() ? normaliseDate(r.orderDate) : null;
    valid.push({ report, supplierId: supplier.id, supplierName: supplier.name, orderNumber: report.orderNumber, orderDate, currency: r.currency?.trim() || null, line: parsed.data });
  }

  // Orders of the file, and what Plaza holds for them: two queries whatever the file size.
  const groups = new Map<string, ValidRow[]>();
  for (const row of valid) {
    const k = key(row.supplierId, row.orderNumber);
    groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  const keys = [...groups.values()].map((g) => g[0]);
  const existing = keys.length
    ? await sql<{ id: string; partner_org_id: string; order_number: string; status: string; order_date: Date | string; currency: string; hide_prices: boolean; notes: string; internal_note: string }>`
        select o.id, o.partner_org_id, o.order_number, o.status, o.order_date, o.currency, o.hide_prices, o.notes, o.internal_note
        from purchase_order o
        join unnest(${keys.map((k) => k.supplierId)}::uuid[], ${keys.map((k) => k.orderNumber)}::text[]) as f(supplier_id, order_number)
          on o.partner_org_id = f.supplier_id and o.order_number = f.order_number`.execute(db)
    : { rows: [] };
  const orderByKey = new Map(existing.rows.map((o) => [key(o.partner_org_id, o.order_number), o]));
  const storedLines = existing.rows.length
    ? await db
        .selectFrom('purchase_order_line')
        .select(['order_id', 'line_no', 'item_code', 'description', 'quantity', 'unit', 'unit_price', 'required_date', 'delivery_site', 'status'])
        .where('order_id', 'in', existing.rows.map((o) => o.id))
        .where('status', '<>', 'cancelled')
        .execute()
    : [];
  const linesByOrder = new Map<string, StoredLine[]>();
  for (const l of storedLines) linesByOrder.set(l.order_id, [...(linesByOrder.get(l.order_id) ?? []), l]);

  const orders = { created: 0, revised: 0, unchanged: 0, refused: 0 };
  const refuse = (rows: ValidRow[], m: Msg & { field?: string }) => {
    orders.refused++;
    for (const r of rows) { r.report.outcome = 'rejected'; r.report.reasons.push(m); }
  };
  const today = (opts.now ?? new Date()).toISOString().slice(0, 10);
  const fresh: NewOrder[] = [];

  for (const [k, rows] of groups) {
    const o = orderByKey.get(k);
    const lines = [...rows].sort((a, b) => a.line.lineNo - b.line.lineNo);
    if (!o) {
      const input = {
        supplierId: rows[0].supplierId, orderNumber: rows[0].orderNumber, orderDate: rows.find((r) => r.orderDate)?.orderDate ?? minDate(today, lines.map((r) => r.line.requiredDate)),
        currency: rows.find((r) => r.currency)?.currency ?? undefined, notes: '', internalNote: '', lines: lines.map((r) => r.line),
      };
      // The same checks createOrder makes (order number, dates against the order date, line count), in memory.
      const parsed = createOrderSchema.safeParse(input);
      if (!parsed.success) {
        orders.refused++;
        const errors = Object.entries(zodFieldErrors(parsed.error));
        lines.forEach((r, i) => {
          r.report.outcome = 'rejected';
          const own = errors.filter(([path]) => path.startsWith(`lines.${i}.`)).map(([path, m]) => ({ ...m, field: path.slice(`lines.${i}.`.length) }));
          const order = errors.filter(([path]) => !path.startsWith('lines.')).map(([path, m]) => ({ ...m, field: path === 'lines' ? 'lineNo' : path }));
          r.report.reasons.push(...(own.length || order.length ? [...own, ...order] : [{ key: 'integrations.import.reasons.orderRefused' as const, params: { order: r.orderNumber } }]));
        });
        continue;
      }
      fresh.push({ rows: lines, input: parsed.data });
      continue;
    }
    const stored = linesByOrder.get(o.id) ?? [];
    const byNo = new Map(stored.map((l) => [l.line_no, l]));
    const changedRows = rows.filter((r) => { const s = byNo.get(r.line.lineNo); return !s || !sameLine(s, r.line); });
    const orderDate = rows.find((r) => r.orderDate)?.orderDate ?? ymd(o.order_date);
    const currency = rows.find((r) => r.currency)?.currency ?? o.currency;
    const headerChanged = orderDate !== ymd(o.order_date) || currency.toUpperCase() !== o.currency;
    if (changedRows.length === 0 && !headerChanged) {
      orders.unchanged++;
      for (const r of rows) r.report.outcome = 'unchanged';
      continue;
    }
    if (o.status === 'closed' || o.status === 'cancelled' || o.status === 'rejected') {
      refuse(changedRows, { key: 'integrations.import.reasons.orderClosed', params: { order: o.order_number } });
      for (const r of rows) if (!changedRows.includes(r)) r.report.outcome = 'unchanged';
      continue;
    }
    // The whole order as it will be: stored lines, those in the file replacing them by number.
    const fileByNo = new Map(rows.map((r) => [r.line.lineNo, r.line]));
    const merged = [...stored.filter((l) => !fileByNo.has(l.line_no)).map(storedAsInput), ...rows.map((r) => r.line)].sort((a, b) => a.lineNo - b.lineNo);
    try {
      await reviseOrder(db, v, o.id, {
        orderDate, currency, hidePrices: o.hide_prices, notes: o.notes, internalNote: o.internal_note, lines: merged,
        reason: file.fileName ? `ERP: ${file.fileName.slice(0, 200)}` : 'ERP',
      }, lib);
      orders.revised++;
      for (const r of rows) r.report.outcome = changedRows.includes(r) ? (byNo.has(r.line.lineNo) ? 'changed' : 'created') : 'unchanged';
    } catch (e) {
      refuse(changedRows, refusal(e));
      for (const r of rows) if (!changedRows.includes(r)) r.report.outcome = 'unchanged';
    }
  }

  // New orders: created together, set-based (one statement per table), as drafts; then sent through the lib when asked.
  if (fresh.length) {
    const ids = await createDrafts(db, v, fresh, opts.now ?? new Date(), opts.source ?? 'import', opts.meta);
    for (const [i, n] of fresh.entries()) {
      const id = ids[i];
      if (!id) { refuse(n.rows, { key: 'orders.errors.numberTaken', field: 'orderNumber' }); continue; }
      orders.created++;
      for (const r of n.rows) r.report.outcome = 'created';
    }
    if (opts.send) {
      for (const [i, n] of fresh.entries()) {
        if (!ids[i]) continue;
        try {
          await sendOrder(db, v, ids[i]!, lib);
        } catch (e) {
          for (const r of n.rows) r.report.reasons.push(refusal(e));
        }
      }
    }
  }

  const counts: Record<ImportOutcome, number> = { created: 0, changed: 0, unchanged: 0, rejected: 0 };
  for (const r of reports) counts[r.outcome]++;
  await recordAudit(db, {
    actor: v, action: 'order.import', target: { type: 'purchase_order_import', label: file.fileName?.slice(0, 200) ?? null },
    details: { kind: read.kind, encoding: read.encoding, rows: reports.length, counts, orders, send: !!opts.send, source: opts.source ?? 'import' }, meta: opts.meta,
  });
  return { ok: true, kind: read.kind, encoding: read.encoding, ignoredColumns: read.ignoredColumns, counts, orders, rows: reports };
}

type NewOrder = { rows: ValidRow[]; input: ReturnType<typeof createOrderSchema.parse> };

/**
 * What createOrder does for one order, for many at once: the orders, their lines (in chunks below
 * PostgreSQL's parameter limit), the counters refreshOrder keeps (a draft: every line open), the
 * 'created' timeline events and the `order.create` audit entries — one transaction. Returns the
 * new ids in input order (null where another import created the same number meanwhile).
 */
async function createDrafts(db: Kysely<DB>, v: Viewer, fresh: NewOrder[], now: Date, source: 'import' | 'api', meta?: RequestMeta): Promise<(string | null)[]> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('purchase_order')
      .values(fresh.map(({ input: f }) => ({
        partner_org_id: f.supplierId, order_number: f.orderNumber, order_date: f.orderDate, currency: f.currency, hide_prices: f.hidePrices,
        notes: f.notes, internal_note: f.internalNote, source, buyer_id: v.id, created_by: v.id, created_at: now, updated_at: now,
      })))
      .onConflict((oc) => oc.columns(['partner_org_id', 'order_number']).doNothing())
      .returning(['id', 'partner_org_id', 'order_number'])
      .execute();
    const idOf = new Map(inserted.map((o) => [key(o.partner_org_id, o.order_number), o.id]));
    const ids = fresh.map(({ input: f }) => idOf.get(key(f.supplierId, f.orderNumber)) ?? null);
    const lineRows = fresh.flatMap(({ input: f }, i) => (ids[i] ? f.lines.map((l) => ({
      order_id: ids[i]!, partner_org_id: f.supplierId, line_no: l.lineNo, item_code: l.itemCode, description: l.description, quantity: l.quantity, unit: l.unit,
      unit_price: l.unitPrice, required_date: l.requiredDate, delivery_site: l.deliverySite, updated_at: now,
    })) : []));
    for (let i = 0; i < lineRows.length; i += 4000) await trx.insertInto('purchase_order_line').values(lineRows.slice(i, i + 4000)).execute();
    const created = ids.filter((id): id is string => id !== null);
    if (created.length === 0) return ids;
    await sql`
      update purchase_order o set line_count = c.total, open_lines = c.open, proposed_lines = 0, late_lines = 0, total_amount = c.amount, updated_at = ${now}
      from (
        select order_id, count(*)::int as total, count(*) filter (where status = 'open')::int as open,
               sum(quantity * unit_price) filter (where status not in ('cancelled','rejected')) as amount
        from purchase_order_line where order_id = any(${created}::uuid[]) group by order_id
      ) c
      where o.id = c.order_id`.execute(trx);
    await trx.insertInto('purchase_order_event').values(created.map((id) => ({ order_id: id, version: 1, kind: 'created' as const, actor_id: v.id, changes: '[]', created_at: now }))).execute();
    await trx.insertInto('audit_log').values(fresh.flatMap(({ input: f }, i) => (ids[i] ? [{
      actor_id: v.id, actor_label: v.email, action: 'order.create', target_type: 'purchase_order', target_id: ids[i], target_label: f.orderNumber,
      ip: meta?.ip ?? null, user_agent: meta?.userAgent ?? null, details: JSON.stringify({ supplierId: f.supplierId, lines: f.lines.length, source }),
    }] : []))).execute();
    return ids;
  });
}

/** Without an order date in the file: today, or the earliest required date when that is earlier. */
function minDate(today: string, dates: string[]): string {
  return dates.reduce((m, d) => (d < m ? d : m), today);
}

/** Rows handed back to a page: refused rows first, then the rest, up to this many. */
export const IMPORT_REPORT_ROWS = 500;

/** The import form's upload (field `file`, checkbox `send`): refused file → message naming why; otherwise the report. */
export async function importOrdersUpload(db: Kysely<DB>, viewer: Viewer | null, formData: FormData, opts: { meta?: RequestMeta } = {}) {
  await requireArea(db, viewer, 'create');
  const file = formData.get('file');
  if (!(file instanceof File) || file.size === 0 && (!file.name || file.name === 'undefined')) throw invalidFields({ file: 'integrations.import.errors.noFile' });
  const result = await importOrders(db, viewer, { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name }, { send: formData.get('send') === 'on', meta: opts.meta });
  if (!result.ok) throw invalid('integrations.import.unreadable.title', { fieldErrors: { file: { key: `integrations.import.unreadable.${result.reason}`, params: result.params } } });
  const order: Record<ImportOutcome, number> = { rejected: 0, changed: 1, created: 2, unchanged: 3 };
  const rows = [...result.rows].sort((a, b) => order[a.outcome] - order[b.outcome] || a.line - b.line).slice(0, IMPORT_REPORT_ROWS);
  return { fileName: file.name, kind: result.kind, encoding: result.encoding, ignoredColumns: result.ignoredColumns, counts: result.counts, orders: result.orders, rows, totalRows: result.rows.length };
}
