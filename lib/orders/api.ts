import 'server-only';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import { invalid, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import { isUuid } from '@/lib/ids';
import { importOrders } from './import';
import { createOrder, reviseOrder, sendOrder, type OrderMutationOpts } from './mutations';
import { getOrder, listOrders, type OrderDetail } from './queries';

/**
 * The JSON API over the orders lib (`/api/v1/orders/**`, behind lib/integrations `apiHandler`).
 * Every function takes the viewer the token acts for; the orders lib checks it as for a person
 * on a page. Field names are camelCase; dates `YYYY-MM-DD`; quantities and prices decimal strings.
 */

export type ApiOrderLine = {
  lineNo: number; itemCode: string; description: string; quantity: string; unit: string; unitPrice: string | null; requiredDate: string; deliverySite: string;
  status: string; promisedDate: string | null; proposedQuantity: string | null; proposedDate: string | null; reason: string | null;
  shippedQuantity: string; receivedQuantity: string; late: boolean; daysLate: number;
};

export type ApiOrder = {
  id: string; orderNumber: string; status: string; version: number; orderDate: string; currency: string; notes: string; source: string;
  supplier: { id: string; name: string; nameEn: string | null }; sentAt: string | null; createdAt: string; lines: ApiOrderLine[];
};

function toApiOrder(o: OrderDetail): ApiOrder {
  return {
    id: o.id, orderNumber: o.orderNumber, status: o.status, version: o.version, orderDate: o.orderDate, currency: o.currency, notes: o.notes, source: o.source,
    supplier: o.supplier, sentAt: o.sentAt?.toISOString() ?? null, createdAt: o.createdAt.toISOString(),
    lines: o.lines.map((l) => ({
      lineNo: l.lineNo, itemCode: l.itemCode, description: l.description, quantity: l.quantity, unit: l.unit, unitPrice: l.unitPrice, requiredDate: l.requiredDate,
      deliverySite: l.deliverySite, status: l.status, promisedDate: l.promisedDate, proposedQuantity: l.proposedQuantity, proposedDate: l.proposedDate, reason: l.reason,
      shippedQuantity: l.shippedQuantity, receivedQuantity: l.receivedQuantity, late: l.late, daysLate: l.daysLate,
    })),
  };
}

async function order(db: Kysely<DB>, viewer: Viewer, id: string): Promise<OrderDetail> {
  if (!isUuid(id)) throw notFound();
  return getOrder(db, viewer, id);
}

export async function apiGetOrder(db: Kysely<DB>, viewer: Viewer, id: string): Promise<ApiOrder> {
  return toApiOrder(await order(db, viewer, id));
}

/** Orders the token's person sees, newest first; `after` is the `next` of the previous page. */
export async function apiListOrders(db: Kysely<DB>, viewer: Viewer, query: URLSearchParams) {
  const r = await listOrders(db, viewer, {
    supplier: query.get('supplier') ?? undefined, status: query.get('status') ?? undefined, q: query.get('number') ?? undefined,
    late: query.get('late') ?? undefined, after: query.get('after') ?? undefined,
  });
  return {
    items: r.items.map((i) => ({
      id: i.id, orderNumber: i.orderNumber, status: i.status, version: i.version, orderDate: i.orderDate, supplier: i.supplier,
      lineCount: i.lineCount, openLines: i.openLines, proposedLines: i.proposedLines, lateLines: i.lateLines, sentAt: i.sentAt?.toISOString() ?? null,
    })),
    next: r.next,
  };
}

const sendFlag = z.object({ send: z.boolean().optional() }).passthrough();

/** Creates an order (the same input as the buyer's form, `lines` as an array); `send: true` sends it at once. */
export async function apiCreateOrder(db: Kysely<DB>, viewer: Viewer, body: unknown, opts: OrderMutationOpts = {}): Promise<ApiOrder> {
  const { send } = parseInput(sendFlag, body ?? {});
  const created = await createOrder(db, viewer, body, { ...opts, source: 'api' });
  if (send) await sendOrder(db, viewer, created.id, opts);
  return apiGetOrder(db, viewer, created.id);
}

/** A change order: the whole new header and lines (a line left out is cancelled); nothing changed → `changed: false`. */
export async function apiReviseOrder(db: Kysely<DB>, viewer: Viewer, id: string, body: unknown, opts: OrderMutationOpts = {}) {
  await order(db, viewer, id);
  const r = await reviseOrder(db, viewer, id, body, { ...opts, source: 'api' });
  return { ...r, order: await apiGetOrder(db, viewer, id) };
}

export async function apiSendOrder(db: Kysely<DB>, viewer: Viewer, id: string, opts: OrderMutationOpts = {}): Promise<ApiOrder> {
  await order(db, viewer, id);
  await sendOrder(db, viewer, id, opts);
  return apiGetOrder(db, viewer, id);
}

/** What the supplier answered per line: confirmed (with the committed date), proposed changes, rejections. */
export async function apiConfirmations(db: Kysely<DB>, viewer: Viewer, id: string) {
  const o = await order(db, viewer, id);
  return {
    orderId: o.id, orderNumber: o.orderNumber, status: o.status, version: o.version,
    lines: o.lines.map((l) => ({
      lineNo: l.lineNo, itemCode: l.itemCode, status: l.status, requiredDate: l.requiredDate, promisedDate: l.promisedDate, quantity: l.quantity,
      proposedQuantity: l.proposedQuantity, proposedDate: l.proposedDate, reason: l.reason,
    })),
  };
}

/** The supplier's delay notices on the order, oldest first. */
export async function apiDelays(db: Kysely<DB>, viewer: Viewer, id: string) {
  const o = await order(db, viewer, id);
  return {
    orderId: o.id, orderNumber: o.orderNumber,
    delays: o.delays.map((d) => ({ id: d.id, lineNo: d.lineNo, itemCode: d.itemCode, oldDate: d.oldDate, newDate: d.newDate, reason: d.reason, urgent: d.urgent, at: d.at.toISOString() })),
  };
}

/** The ERP file (CSV or XLSX bytes as the body) through the same import as the page. */
export async function apiImportOrders(db: Kysely<DB>, viewer: Viewer, bytes: Uint8Array, opts: { send: boolean; fileName?: string; meta?: OrderMutationOpts['meta'] }) {
  const r = await importOrders(db, viewer, { bytes, fileName: opts.fileName }, { send: opts.send, meta: opts.meta, source: 'api' });
  if (!r.ok) throw invalid('integrations.import.unreadable.title', { fieldErrors: { file: { key: `integrations.import.unreadable.${r.reason}`, params: r.params } } });
  return { kind: r.kind, encoding: r.encoding, counts: r.counts, orders: r.orders, rows: r.rows.filter((x) => x.outcome === 'rejected').slice(0, 1000) };
}
