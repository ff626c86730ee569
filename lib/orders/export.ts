import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import type { CsvValue } from '@/lib/csv/write';
import type { Viewer } from '@/lib/authz/viewer';
import { loadOrderArea, visibleSupplierIds } from './access';
import { requireOrderArea } from './abilities';
import { num, ymd } from './mutations';
import { listSchema, type LineStatus, type OrderStatus } from './schema';

export const EXPORT_MAX_LINES = 100_000;

export const exportColumns = [
  'orderNumber', 'supplier', 'status', 'version', 'orderDate', 'lineNo', 'itemCode', 'description', 'quantity', 'unit', 'unitPrice', 'currency',
  'requiredDate', 'promisedDate', 'lineStatus', 'shipped', 'received',
] as const;
export type ExportColumn = (typeof exportColumns)[number];

export type ExportRow = {
  orderNumber: string; supplier: string; status: OrderStatus; version: number; orderDate: string; lineNo: number; itemCode: string; description: string;
  quantity: number; unit: string; unitPrice: number | null; currency: string; requiredDate: string; promisedDate: string | null; lineStatus: LineStatus;
  shipped: number; received: number;
};

/**
 * Order lines for a spreadsheet, with the same visibility and filters as the list (employees:
 * suppliers they own or head; partners: their own sent orders). Prices the buyer hid never
 * reach a partner: the column is empty for those orders. Typed rows (numbers as numbers) so
 * any writer — CSV here, XLSX elsewhere — gets the same content; at most EXPORT_MAX_LINES.
 */
export async function exportOrderRows(db: Kysely<DB>, viewer: Viewer | null, rawFilters: unknown, opts: { side?: 'internal' | 'portal' } = {}): Promise<ExportRow[]> {
  const { viewer: v, area } = await loadOrderArea(db, viewer);
  const partner = v.kind === 'partner';
  const side = opts.side ?? (partner ? 'portal' : 'internal');
  requireOrderArea(v, area, side === 'portal' ? 'portal' : 'export');
  const f = listSchema.parse(rawFilters ?? {});
  let q = db
    .selectFrom('purchase_order_line as l')
    .innerJoin('purchase_order as o', 'o.id', 'l.order_id')
    .innerJoin('partner_org as org', 'org.id', 'o.partner_org_id')
    .leftJoin('supplier_setting as ss', 'ss.partner_org_id', 'o.partner_org_id')
    .select([
      'o.order_number', 'org.name', 'o.status', 'o.version', 'o.order_date', 'o.currency', 'o.hide_prices', 'l.line_no', 'l.item_code', 'l.description', 'l.quantity', 'l.unit',
      'l.unit_price', 'l.required_date', 'l.promised_date', 'l.status as line_status', 'l.shipped_quantity', 'l.received_quantity',
    ]);
  if (partner) q = q.where('o.partner_org_id', '=', v.partnerOrgId!).where('o.status', '<>', 'draft');
  else {
    const ids = await visibleSupplierIds(db, v);
    if (ids !== null) q = q.where((eb) => eb.or([eb('o.partner_org_id', '=', eb.fn.any(eb.val(ids))), eb('o.buyer_id', '=', v.id)]));
    if (f.supplier) q = q.where('o.partner_org_id', '=', f.supplier);
    if (f.mine) q = q.where('o.buyer_id', '=', v.id);
  }
  if (f.status) q = q.where('o.status', '=', f.status);
  if (f.late) q = q.where('o.late_lines', '>', 0);
  if (f.overdue) q = q.where('o.status', '=', 'sent').where(sql<boolean>`o.sent_at < now() - make_interval(days => coalesce(ss.confirm_within_days, 3))`);
  if (f.q) q = q.where('o.order_number', 'like', `${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  const rows = await q.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').orderBy('l.line_no').limit(EXPORT_MAX_LINES).execute();
  return rows.map((r) => ({
    orderNumber: r.order_number, supplier: r.name, status: r.status, version: r.version, orderDate: ymd(r.order_date), lineNo: r.line_no, itemCode: r.item_code,
    description: r.description, quantity: Number(r.quantity), unit: r.unit,
    unitPrice: r.unit_price === null || (partner && r.hide_prices) ? null : Number(num(r.unit_price)),
    currency: r.currency, requiredDate: ymd(r.required_date), promisedDate: r.promised_date ? ymd(r.promised_date) : null, lineStatus: r.line_status,
    shipped: Number(r.shipped_quantity), received: Number(r.received_quantity),
  }));
}

/** Rows as cells in column order (statuses translated by the caller's `label`). */
export function exportCells(rows: ExportRow[], label: (r: ExportRow, c: 'status' | 'lineStatus') => string): CsvValue[][] {
  return rows.map((r) => exportColumns.map((c) => (c === 'status' || c === 'lineStatus' ? label(r, c) : r[c])));
}
