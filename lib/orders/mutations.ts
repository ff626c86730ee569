import 'server-only';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError, invalidFields } from '@/lib/errors';
import { fileStore } from '@/lib/files/storage';
import { checkUploads, type Upload } from '@/lib/files/validate';
import { parseInput } from '@/lib/forms/parse';
import { uploadsOf } from '@/lib/forms/values';
import type { RequestMeta } from '@/lib/http/request-meta';
import { notify, type EnqueueDeliver } from '@/lib/notifications/producer';
import type { OrderMailLine, OrderMailProps } from '@/emails/order-event';
import { requireOrderAbility } from './abilities';
import { indexOrder } from './search';
import { loadOrderAccess, mayBuyFrom, requireArea, type OrderAccess } from './access';
import { daysBetween, diffSnapshots, type Snapshot, type SnapshotLine } from './diff';
import {
  createOrderSchema, delaySchema, idOnly, receiptSchema, respondLineSchema, respondOrderSchema, reviewLineSchema, reviseOrderSchema, shipmentSchema,
  type LineInput, type OrderEventKind, type OrderSource,
} from './schema';

type Trx = Transaction<DB>;

/**
 * `source` marks orders born in an ERP file or the API; `enqueueDeliver` replaces the mail job's
 * queueing (tests record the event ids instead); `now` fixes the clock (tests, the import).
 */
export type OrderMutationOpts = { meta?: RequestMeta; now?: Date; formData?: FormData; uploads?: Upload[]; enqueueDeliver?: EnqueueDeliver; source?: OrderSource };

export const orderLink = (id: string, partner: boolean) => (partner ? `/partner/orders/${id}` : `/orders/${id}`);
const today = (now: Date) => now.toISOString().slice(0, 10);

// ——— helpers shared by every mutation ———

/** Header and lines of an order as they are now (the version snapshot, the diff of change orders). */
export async function snapshotOf(db: Kysely<DB> | Trx, orderId: string): Promise<Snapshot> {
  const o = await db.selectFrom('purchase_order').select(['order_number', 'order_date', 'currency', 'hide_prices', 'notes']).where('id', '=', orderId).executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom('purchase_order_line')
    .select(['line_no', 'item_code', 'description', 'quantity', 'unit', 'unit_price', 'required_date', 'delivery_site', 'status'])
    .where('order_id', '=', orderId)
    .orderBy('line_no')
    .execute();
  return {
    orderNumber: o.order_number, orderDate: ymd(o.order_date), currency: o.currency, hidePrices: o.hide_prices, notes: o.notes,
    lines: lines.filter((l) => l.status !== 'cancelled').map((l) => ({
      lineNo: l.line_no, itemCode: l.item_code, description: l.description, quantity: num(l.quantity), unit: l.unit,
      unitPrice: l.unit_price === null ? null : num(l.unit_price), requiredDate: ymd(l.required_date), deliverySite: l.delivery_site,
    })),
  };
}

/** `numeric` columns arrive as strings: "12.500" → "12.5". */
export const num = (s: string | number) => String(Number(s));
/** `date` columns arrive as Date (midnight UTC) or string. */
export const ymd = (d: Date | string | null): string => (d === null ? '' : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/**
 * Recomputes an order's counters and status from its lines, in one statement. Drafts and
 * cancelled orders keep their status. Status: a line waiting for the supplier → sent; else a
 * proposal waiting for the buyer → proposed; else all rejected → rejected; else all of the
 * remaining lines closed → closed; else confirmed.
 */
export async function refreshOrder(trx: Kysely<DB> | Trx, orderId: string, now: Date): Promise<void> {
  await sql`
    update purchase_order o set
      line_count = c.total, open_lines = c.open, proposed_lines = c.proposed, late_lines = c.late, total_amount = c.amount, updated_at = ${now},
      status = case
        when o.status in ('draft','cancelled') then o.status
        when c.open > 0 then 'sent'
        when c.proposed > 0 then 'proposed'
        when c.total > 0 and c.rejected = c.total then 'rejected'
        when c.total > 0 and c.closed + c.rejected = c.total then 'closed'
        else 'confirmed' end
    from (
      select count(*) filter (where status <> 'cancelled')::int as total,
             count(*) filter (where status = 'open')::int as open,
             count(*) filter (where status = 'proposed')::int as proposed,
             count(*) filter (where status = 'rejected')::int as rejected,
             count(*) filter (where status = 'closed')::int as closed,
             count(*) filter (where status in ('confirmed','proposed') and promised_date > required_date)::int as late,
             sum(quantity * unit_price) filter (where status not in ('cancelled','rejected')) as amount
      from purchase_order_line where order_id = ${orderId}
    ) c
    where o.id = ${orderId}`.execute(trx);
}

type Change = { field: string; old: string | null; new: string | null };

async function addEvent(trx: Trx, e: { orderId: string; version: number; kind: OrderEventKind; actorId: string | null; lineId?: string | null; changes?: Change[]; reason?: string | null; now: Date }) {
  await trx
    .insertInto('purchase_order_event')
    .values({ order_id: e.orderId, line_id: e.lineId ?? null, version: e.version, kind: e.kind, actor_id: e.actorId, changes: JSON.stringify(e.changes ?? []), reason: e.reason || null, created_at: e.now })
    .execute();
}

/** Members of the supplier organisation (active; the notification producer drops the rest). */
const supplierMembersSql = (partnerOrgId: string): RawBuilder<{ person_id: string }> =>
  sql<{ person_id: string }>`select id as person_id from person where partner_org_id = ${partnerOrgId} and kind = 'partner'`;

/** The order's internal owners: named owners, members of owner units (buyers and planners), and the order's buyer. */
export const orderOwnersSql = (partnerOrgId: string, buyerId: string | null): RawBuilder<{ person_id: string }> => sql<{ person_id: string }>`
  select so.person_id from supplier_owner so where so.partner_org_id = ${partnerOrgId} and so.person_id is not null
  union select p.id from supplier_owner so join person p on p.unit_id = so.unit_id and p.kind = 'employee' where so.partner_org_id = ${partnerOrgId}
  union select ${buyerId}::uuid where ${buyerId}::uuid is not null`;

async function storeAttachments(trx: Trx, viewer: Viewer, orderId: string, uploads: Upload[]) {
  if (uploads.length === 0) return;
  const existing = await trx.selectFrom('purchase_order_attachment').select((eb) => eb.fn.countAll<string>().as('n')).where('order_id', '=', orderId).executeTakeFirstOrThrow();
  const checked = checkUploads(uploads, Number(existing.n));
  if (!checked.ok) throw invalidFields({ attachments: { key: `errors.files.${checked.refusal.error}`, params: checked.refusal.params } });
  for (const f of checked.files) {
    const meta = await fileStore.put(trx, viewer.id, f);
    await trx.insertInto('purchase_order_attachment').values({ order_id: orderId, file_id: meta.id }).execute();
  }
}

async function storeOneFile(trx: Trx, viewer: Viewer, uploads: Upload[], field: string): Promise<string | null> {
  if (uploads.length === 0) return null;
  const checked = checkUploads(uploads.slice(0, 1), 0);
  if (!checked.ok) throw invalidFields({ [field]: { key: `errors.files.${checked.refusal.error}`, params: checked.refusal.params } });
  return (await fileStore.put(trx, viewer.id, checked.files[0])).id;
}

async function uploadsFrom(opts: OrderMutationOpts, field: string): Promise<Upload[]> {
  return opts.uploads ?? (opts.formData ? await uploadsOf(opts.formData, field) : []);
}

function lineValues(l: LineInput) {
  return {
    line_no: l.lineNo, item_code: l.itemCode, description: l.description, quantity: l.quantity, unit: l.unit,
    unit_price: l.unitPrice, required_date: l.requiredDate, delivery_site: l.deliverySite,
  };
}

type MailEvent = OrderMailProps['event'];
/** One mail for an order event: the recipient's language and zone are applied by the template. */
function mailOf(a: { row: { id: string; order_number: string; supplier_name: string; supplier_name_en: string | null; currency: string } }, event: MailEvent, partner: boolean, extra: Partial<OrderMailProps> = {}): { template: 'order-event'; props: OrderMailProps } {
  return {
    template: 'order-event',
    props: {
      event, orderId: a.row.id, orderNumber: a.row.order_number, supplier: a.row.supplier_name, supplierEn: a.row.supplier_name_en,
      path: orderLink(a.row.id, partner), lines: [], reason: null, urgent: false, actor: '', ...extra,
    },
  };
}

// ——— the buyer ———

/**
 * A buyer creates a draft purchase order for a supplier they buy from (admins: any active
 * supplier): order number unique per supplier, lines with numbers unique per order, quantities
 * > 0, required dates not before the order date; attachments through lib/files.
 * The ERP import and the API call this with `opts.source`.
 */
export async function createOrder(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: OrderMutationOpts = {}): Promise<{ id: string; orderNumber: string }> {
  const v = await requireArea(db, viewer, 'create');
  const f = parseInput(createOrderSchema, raw);
  if (!(await mayBuyFrom(db, v, f.supplierId))) throw invalidFields({ supplierId: 'orders.errors.supplierInvalid' });
  const uploads = await uploadsFrom(opts, 'attachments');
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('purchase_order').select('id').where('partner_org_id', '=', f.supplierId).where('order_number', '=', f.orderNumber).executeTakeFirst();
    if (dup) throw invalidFields({ orderNumber: 'orders.errors.numberTaken' });
    const o = await trx
      .insertInto('purchase_order')
      .values({
        partner_org_id: f.supplierId, order_number: f.orderNumber, order_date: f.orderDate, currency: f.currency, hide_prices: f.hidePrices,
        notes: f.notes, internal_note: f.internalNote, source: opts.source ?? 'plaza', buyer_id: v.id, created_by: v.id, created_at: now, updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('purchase_order_line').values(f.lines.map((l) => ({ ...lineValues(l), order_id: o.id, partner_org_id: f.supplierId, updated_at: now }))).execute();
    await storeAttachments(trx, v, o.id, uploads);
    await refreshOrder(trx, o.id, now);
    await indexOrder(trx, o.id);
    await addEvent(trx, { orderId: o.id, version: 1, kind: 'created', actorId: v.id, now });
    await recordAudit(trx, { actor: v, action: 'order.create', target: { type: 'purchase_order', id: o.id, label: f.orderNumber }, details: { supplierId: f.supplierId, lines: f.lines.length, source: opts.source ?? 'plaza' }, meta: opts.meta });
    return { id: o.id, orderNumber: f.orderNumber };
  });
}

/**
 * Edits a draft in place (nothing was sent yet, so nothing needs a version): same input as
 * createOrder without the supplier. Lines are replaced.
 */
export async function updateDraft(db: Kysely<DB>, viewer: Viewer | null, id: string, raw: unknown, opts: OrderMutationOpts = {}): Promise<void> {
  const f = parseInput(reviseOrderSchema, raw);
  const uploads = await uploadsFrom(opts, 'attachments');
  const now = opts.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const a = await loadOrderAccess(trx, viewer, id, { forUpdate: true });
    const v = requireOrderAbility(a.viewer, a.can, 'edit');
    const number = f.orderNumber ?? a.row.order_number;
    if (number !== a.row.order_number) {
      const dup = await trx.selectFrom('purchase_order').select('id').where('partner_org_id', '=', a.row.partner_org_id).where('order_number', '=', number).where('id', '<>', id).executeTakeFirst();
      if (dup) throw invalidFields({ orderNumber: 'orders.errors.numberTaken' });
    }
    await trx.updateTable('purchase_order').set({ order_number: number, order_date: f.orderDate, currency: f.currency, hide_prices: f.hidePrices, notes: f.notes, internal_note: f.internalNote }).where('id', '=', id).execute();
    await trx.deleteFrom('purchase_order_line').where('order_id', '=', id).execute();
    await trx.insertInto('purchase_order_line').values(f.lines.map((l) => ({ ...lineValues(l), order_id: id, partner_org_id: a.row.partner_org_id, updated_at: now }))).execute();
    await storeAttachments(trx, v, id, uploads);
    await refreshOrder(trx, id, now);
    await indexOrder(trx, id);
  });
}

/**
 * Sends a draft: every line waits for the supplier; version 1 is kept as a snapshot; the
 * supplier's members are told in Plaza and by mail (prices left out when hidden).
 */
export async function sendOrder(db: Kysely<DB>, viewer: Viewer | null, id: string, opts: OrderMutationOpts = {}): Promise<void> {
  const now = opts.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const a = await loadOrderAccess(trx, viewer, id, { forUpdate: true });
    if (a.row.status !== 'draft') throw new AppError('CONFLICT', 'orders.errors.alreadySent');
    const v = requireOrderAbility(a.viewer, a.can, 'send');
    if (a.row.supplier_status !== 'active') throw new AppError('CONFLICT', 'orders.errors.supplierSuspended');
    await trx.updateTable('purchase_order_line').set({ status: 'open', awaiting_since: now, updated_at: now }).where('order_id', '=', id).execute();
    await trx.updateTable('purchase_order').set({ status: 'sent', sent_at: now }).where('id', '=', id).execute();
    await refreshOrder(trx, id, now);
    const snap = await snapshotOf(trx, id);
    await trx.insertInto('purchase_order_version').values({ order_id: id, version: a.row.version, snapshot: JSON.stringify(snap), created_by: v.id, created_at: now }).onConflict((oc) => oc.columns(['order_id', 'version']).doNothing()).execute();
    await addEvent(trx, { orderId: id, version: a.row.version, kind: 'sent', actorId: v.id, now });
    await recordAudit(trx, { actor: v, action: 'order.send', target: { type: 'purchase_order', id, label: a.row.order_number }, details: { version: a.row.version }, meta: opts.meta });
    await notify(trx, {
      kind: 'orders.sent', recipients: { sql: supplierMembersSql(a.row.partner_org_id) }, item: { type: 'purchase_order', id, title: a.row.order_number },
      link: orderLink(id, true), message: { key: 'orders.notifications.sent', params: { number: a.row.order_number } }, actorId: v.id,
      mail: mailOf(a, 'sent', true, { actor: v.name, lines: snapLines(snap, a.row.hide_prices), currency: a.row.currency }),
      dedupeKey: `orders.sent:${id}:${a.row.version}`,
    }, opts.enqueueDeliver);
  });
}

function snapLines(s: Snapshot, hidePrices: boolean): OrderMailLine[] {
  return s.lines.map((l) => ({ lineNo: l.lineNo, itemCode: l.itemCode, description: l.description, quantity: l.quantity, unit: l.unit, requiredDate: l.requiredDate, unitPrice: hidePrices ? null : l.unitPrice }));
}

/**
 * A change order: the buyer changes a sent or confirmed order. The new header and lines are
 * compared with the current version; nothing changed → nothing happens (the import relies on it).
 * Changed and new lines wait for the supplier again (their old answer kept in the timeline), a
 * line left out is cancelled, the version grows, the supplier is told what changed.
 */
export async function reviseOrder(db: Kysely<DB>, viewer: Viewer | null, id: string, raw: unknown, opts: OrderMutationOpts = {}): Promise<{ version: number; changed: boolean }> {
  const f = parseInput(reviseOrderSchema, raw);
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const a = await loadOrderAccess(trx, viewer, id, { forUpdate: true });
    if (a.row.status === 'draft') {
      await updateDraftInTrx();
      return { version: a.row.version, changed: true };
    }
    if (a.row.status === 'closed' || a.row.status === 'cancelled' || a.row.status === 'rejected') throw new AppError('CONFLICT', 'orders.errors.notChangeable');
    const v = requireOrderAbility(a.viewer, a.can, 'revise');
    const before = await snapshotOf(trx, id);
    const existing = await trx.selectFrom('purchase_order_line').selectAll().where('order_id', '=', id).execute();
    const byNo = new Map(existing.map((l) => [l.line_no, l]));
    const after: Snapshot = {
      orderNumber: a.row.order_number, orderDate: f.orderDate, currency: f.currency, hidePrices: f.hidePrices, notes: f.notes,
      lines: f.lines.map((l) => ({ lineNo: l.lineNo, itemCode: l.itemCode, description: l.description, quantity: num(l.quantity), unit: l.unit, unitPrice: l.unitPrice === null ? null : num(l.unitPrice), requiredDate: l.requiredDate, deliverySite: l.deliverySite })),
    };
    // A closed (fully received) line cannot change.
    for (const [i, l] of f.lines.entries()) {
      const old = byNo.get(l.lineNo);
      if (old && (old.status === 'closed') && lineChanged(before.lines.find((b) => b.lineNo === l.lineNo), after.lines[i])) throw invalidFields({ [`lines.${i}.quantity`]: 'orders.errors.lineClosed' });
    }
    // …nor be left out (that would cancel a line already received in full).
    const kept = new Set(f.lines.map((l) => l.lineNo));
    if (existing.some((l) => l.status === 'closed' && !kept.has(l.line_no))) throw new AppError('CONFLICT', 'orders.errors.lineClosed');
    const diff = diffSnapshots(before, after);
    if (diff.header.length === 0 && diff.lines.length === 0) {
      if (f.internalNote !== a.row.internal_note) await trx.updateTable('purchase_order').set({ internal_note: f.internalNote }).where('id', '=', id).execute();
      return { version: a.row.version, changed: false };
    }
    const version = a.row.version + 1;
    await trx.updateTable('purchase_order').set({ version, order_date: f.orderDate, currency: f.currency, hide_prices: f.hidePrices, notes: f.notes, internal_note: f.internalNote }).where('id', '=', id).execute();
    for (const d of diff.lines) {
      const input = f.lines.find((l) => l.lineNo === d.lineNo);
      const old = byNo.get(d.lineNo);
      if (d.kind === 'removed' && old) {
        await trx.updateTable('purchase_order_line').set({ status: 'cancelled', awaiting_since: null, changed_in_version: version, updated_at: now }).where('id', '=', old.id).execute();
      } else if (d.kind === 'added' && input && !old) {
        await trx.insertInto('purchase_order_line').values({ ...lineValues(input), order_id: id, partner_org_id: a.row.partner_org_id, status: 'open', awaiting_since: now, changed_in_version: version, updated_at: now }).execute();
      } else if (input && old) {
        await trx.updateTable('purchase_order_line').set({
          ...lineValues(input), status: 'open', awaiting_since: now, proposed_date: null, proposed_quantity: null, reason: null, promised_date: null, changed_in_version: version, updated_at: now,
        }).where('id', '=', old.id).execute();
      }
    }
    await refreshOrder(trx, id, now);
    await indexOrder(trx, id);
    const snap = await snapshotOf(trx, id);
    await trx.insertInto('purchase_order_version').values({ order_id: id, version, snapshot: JSON.stringify(snap), created_by: v.id, created_at: now }).execute();
    const changes: Change[] = [...diff.header, ...diff.lines.flatMap((d) => d.changes.map((c) => ({ field: `${d.lineNo}.${c.field}`, old: c.old, new: c.new })))];
    await addEvent(trx, { orderId: id, version, kind: 'revised', actorId: v.id, changes, reason: f.reason, now });
    await recordAudit(trx, { actor: v, action: 'order.revise', target: { type: 'purchase_order', id, label: a.row.order_number }, details: { version, changes: changes.length }, meta: opts.meta });
    const hide = f.hidePrices;
    const mailLines: OrderMailLine[] = diff.lines.map((d) => {
      const s = snap.lines.find((l) => l.lineNo === d.lineNo) ?? before.lines.find((l) => l.lineNo === d.lineNo)!;
      return {
        lineNo: d.lineNo, itemCode: s.itemCode, description: s.description, quantity: s.quantity, unit: s.unit, requiredDate: s.requiredDate, unitPrice: hide ? null : s.unitPrice,
        change: d.kind, changes: d.changes.filter((c) => !(hide && c.field === 'unitPrice')),
      };
    });
    await notify(trx, {
      kind: 'orders.revised', recipients: { sql: supplierMembersSql(a.row.partner_org_id) }, item: { type: 'purchase_order', id, title: a.row.order_number },
      link: orderLink(id, true), message: { key: 'orders.notifications.revised', params: { number: a.row.order_number, version } }, actorId: v.id,
      mail: mailOf(a, 'revised', true, { actor: v.name, lines: mailLines, reason: f.reason || null, version, currency: f.currency }),
      dedupeKey: `orders.revised:${id}:${version}`,
    }, opts.enqueueDeliver);
    return { version, changed: true };

    async function updateDraftInTrx() {
      requireOrderAbility(a.viewer, a.can, 'edit');
      await trx.updateTable('purchase_order').set({ order_date: f.orderDate, currency: f.currency, hide_prices: f.hidePrices, notes: f.notes, internal_note: f.internalNote }).where('id', '=', id).execute();
      await trx.deleteFrom('purchase_order_line').where('order_id', '=', id).execute();
      await trx.insertInto('purchase_order_line').values(f.lines.map((l) => ({ ...lineValues(l), order_id: id, partner_org_id: a.row.partner_org_id, updated_at: now }))).execute();
      await refreshOrder(trx, id, now);
      await indexOrder(trx, id);
    }
  });
}

function lineChanged(a: SnapshotLine | undefined, b: SnapshotLine): boolean {
  return !a || JSON.stringify(a) !== JSON.stringify(b);
}

/** Cancels an order (draft or live); the supplier is told when it had been sent. */
export async function cancelOrder(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: OrderMutationOpts = {}): Promise<void> {
  const { id } = parseInput(idOnly, raw);
  const now = opts.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const a = await loadOrderAccess(trx, viewer, id, { forUpdate: true });
    const v = requireOrderAbility(a.viewer, a.can, 'cancel');
    await trx.updateTable('purchase_order_line').set({ status: 'cancelled', awaiting_since: null, updated_at: now }).where('order_id', '=', id).where('status', 'in', ['open', 'confirmed', 'proposed']).execute();
    await trx.updateTable('purchase_order').set({ status: 'cancelled' }).where('id', '=', id).execute();
    await refreshOrder(trx, id, now);
    await addEvent(trx, { orderId: id, version: a.row.version, kind: 'cancelled', actorId: v.id, changes: [{ field: 'status', old: a.row.status, new: 'cancelled' }], now });
    await recordAudit(trx, { actor: v, action: 'order.cancel', target: { type: 'purchase_order', id, label: a.row.order_number }, details: { from: a.row.status }, meta: opts.meta });
    if (a.row.status !== 'draft') {
      await notify(trx, {
        kind: 'orders.revised', recipients: { sql: supplierMembersSql(a.row.partner_org_id) }, item: { type: 'purchase_order', id, title: a.row.order_number },
        link: orderLink(id, true), message: { key: 'orders.notifications.cancelled', params: { number: a.row.order_number } }, actorId: v.id,
        mail: mailOf(a, 'cancelled', true, { actor: v.name }), dedupeKey: `orders.cancelled:${id}`,
      }, opts.enqueueDeliver);
    }
  });
}

/** The buyer accepts (the line takes the proposed date and/or quantity) or declines (it waits for the supplier again) a proposed change. */
export async function reviewProposal(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: OrderMutationOpts = {}): Promise<void> {
  const f = parseInput(reviewLineSchema, raw);
  const now = opts.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const a = await loadOrderAccess(trx, viewer, f.id, { forUpdate: true });
    const v = requireOrderAbility(a.viewer, a.can, 'review');
    const l = await lineOf(trx, a, f.lineId);
    if (l.status !== 'proposed') throw new AppError('CONFLICT', 'orders.errors.noProposal');
    const changes: Change[] = [];
    if (f.decision === 'accept') {
      if (l.proposed_quantity !== null) changes.push({ field: 'quantity', old: num(l.quantity), new: num(l.proposed_quantity) });
      if (l.proposed_date !== null) changes.push({ field: 'promisedDate', old: ymd(l.required_date), new: ymd(l.proposed_date) });
      await trx.updateTable('purchase_order_line').set({
        status: 'confirmed', quantity: l.proposed_quantity ?? l.quantity, promised_date: l.proposed_date ?? l.required_date,
        proposed_date: null, proposed_quantity: null, awaiting_since: null, updated_at: now,
      }).where('id', '=', l.id).execute();
    } else {
      await trx.updateTable('purchase_order_line').set({ status: 'open', proposed_date: null, proposed_quantity: null, awaiting_since: now, updated_at: now }).where('id', '=', l.id).execute();
    }
    await refreshOrder(trx, f.id, now);
    await addEvent(trx, { orderId: f.id, lineId: l.id, version: a.row.version, kind: f.decision === 'accept' ? 'accepted' : 'declined', actorId: v.id, changes, reason: f.reason, now });
    await notify(trx, {
      kind: 'orders.reviewed', recipients: { sql: supplierMembersSql(a.row.partner_org_id) }, item: { type: 'purchase_order', id: f.id, title: a.row.order_number },
      link: orderLink(f.id, true), message: { key: f.decision === 'accept' ? 'orders.notifications.accepted' : 'orders.notifications.declined', params: { number: a.row.order_number, line: l.line_no } }, actorId: v.id,
      mail: mailOf(a, f.decision === 'accept' ? 'accepted' : 'declined', true, { actor: v.name, reason: f.reason || null, lines: [{ lineNo: l.line_no, itemCode: l.item_code, description: l.description, quantity: num(l.proposed_quantity ?? l.quantity), unit: l.unit, requiredDate: ymd(l.required_date), unitPrice: null, changes }] }),
      dedupeKey: `orders.reviewed:${l.id}:${now.getTime()}`,
    }, opts.enqueueDeliver);
  });
}

/**
 * The buyer records a receipt: quantities per line (partial or full); a line whose received
 * total reaches its quantity — or marked "close" — is closed.
 */
export async function recordReceipt(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: OrderMutationOpts = {}): Promise<{ receiptId: string }> {
  const f = parseInput(receiptSchema, raw);
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const a = await loadOrderAccess(trx, viewer, f.id, { forUpdate: true });
    const v = requireOrderAbility(a.viewer, a.can, 'receive');
    const lines = await linesOf(trx, a, f.lines.map((l) => l.lineId));
    for (const l of lines) if (l.status !== 'confirmed') throw invalidFields({ [`qty.${l.id}`]: 'orders.errors.lineNotConfirmed' });
    const r = await trx.insertInto('purchase_order_receipt').values({ order_id: f.id, received_on: f.receivedOn, note: f.note, created_by: v.id, created_at: now }).returning('id').executeTakeFirstOrThrow();
    for (const q of f.lines) {
      const l = lines.find((x) => x.id === q.lineId)!;
      const received = Number(l.received_quantity) + Number(q.quantity);
      const closes = q.close || received >= Number(l.quantity);
      await trx.insertInto('purchase_order_receipt_line').values({ receipt_id: r.id, line_id: l.id, quantity: q.quantity, closes_line: closes }).execute();
      await trx.updateTable('purchase_order_line').set({ received_quantity: String(received), status: closes ? 'closed' : 'confirmed', updated_at: now }).where('id', '=', l.id).execute();
      await addEvent(trx, { orderId: f.id, lineId: l.id, version: a.row.version, kind: closes ? 'closed' : 'received', actorId: v.id, changes: [{ field: 'received', old: num(l.received_quantity), new: num(received) }], reason: f.note, now });
    }
    await refreshOrder(trx, f.id, now);
    return { receiptId: r.id };
  });
}

// ——— the supplier ———

async function lineOf(trx: Trx, a: OrderAccess, lineId: string) {
  const l = await trx.selectFrom('purchase_order_line').selectAll().where('id', '=', lineId).where('order_id', '=', a.row.id).forUpdate().executeTakeFirst();
  if (!l) throw new AppError('NOT_FOUND');
  return l;
}
async function linesOf(trx: Trx, a: OrderAccess, ids: string[]) {
  const rows = await trx.selectFrom('purchase_order_line').selectAll().where('order_id', '=', a.row.id).where('id', 'in', ids).forUpdate().execute();
  if (rows.length !== new Set(ids).size) throw new AppError('NOT_FOUND');
  return rows;
}

/** What the supplier answered, told to the order's owners (one event per answer). */
async function tellOwners(trx: Trx, a: OrderAccess, v: Viewer, event: 'confirmed' | 'proposed' | 'rejected', lines: OrderMailLine[], reason: string | null, key: string, opts: OrderMutationOpts) {
  const kind = event === 'proposed' ? 'orders.proposed' : 'orders.answered';
  await notify(trx, {
    kind, recipients: { sql: orderOwnersSql(a.row.partner_org_id, a.row.buyer_id) }, item: { type: 'purchase_order', id: a.row.id, title: a.row.order_number },
    link: orderLink(a.row.id, false), message: { key: `orders.notifications.${event}`, params: { number: a.row.order_number, supplier: a.row.supplier_name } }, actorId: v.id,
    mail: mailOf(a, event, false, { actor: v.name, lines, reason }), dedupeKey: key,
  }, opts.enqueueDeliver);
}

/**
 * The supplier answers one line: confirm (as ordered), propose a different date and/or quantity
 * (reason required; the buyer decides), or reject (reason required). Only lines waiting for the
 * supplier can be answered; a closed or cancelled line is refused with a clear message.
 */
export async function respondLine(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: OrderMutationOpts = {}): Promise<void> {
  const f = parseInput(respondLineSchema, raw);
  const now = opts.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const a = await loadOrderAccess(trx, viewer, f.id, { forUpdate: true });
    const l = await lineOf(trx, a, f.lineId);
    if (l.status !== 'open') throw new AppError('CONFLICT', l.status === 'closed' || l.status === 'cancelled' ? 'orders.errors.lineClosed' : 'orders.errors.lineAnswered');
    const v = requireOrderAbility(a.viewer, a.can, 'respond');
    if (f.answer === 'propose' && f.date && f.date < ymd(a.row.order_date)) throw invalidFields({ date: 'orders.errors.beforeOrderDate' });
    const sameQty = !f.quantity || Number(f.quantity) === Number(l.quantity);
    const sameDate = !f.date || f.date === ymd(l.required_date);
    const answer = f.answer === 'propose' && sameQty && sameDate ? 'confirm' : f.answer;
    const changes: Change[] = [];
    if (answer === 'confirm') {
      await trx.updateTable('purchase_order_line').set({ status: 'confirmed', promised_date: l.required_date, awaiting_since: null, reason: null, updated_at: now }).where('id', '=', l.id).execute();
      changes.push({ field: 'status', old: 'open', new: 'confirmed' });
    } else if (answer === 'propose') {
      if (!sameQty) changes.push({ field: 'quantity', old: num(l.quantity), new: num(f.quantity!) });
      if (!sameDate) changes.push({ field: 'date', old: ymd(l.required_date), new: f.date });
      await trx.updateTable('purchase_order_line').set({
        status: 'proposed', proposed_quantity: sameQty ? null : f.quantity!, proposed_date: sameDate ? null : f.date, promised_date: sameDate ? l.required_date : f.date,
        reason: f.reason, awaiting_since: null, updated_at: now,
      }).where('id', '=', l.id).execute();
    } else {
      await trx.updateTable('purchase_order_line').set({ status: 'rejected', reason: f.reason, awaiting_since: null, updated_at: now }).where('id', '=', l.id).execute();
      changes.push({ field: 'status', old: 'open', new: 'rejected' });
    }
    await refreshOrder(trx, f.id, now);
    const kind = answer === 'confirm' ? 'confirmed' : answer === 'propose' ? 'proposed' : 'rejected';
    await addEvent(trx, { orderId: f.id, lineId: l.id, version: a.row.version, kind, actorId: v.id, changes, reason: f.reason || null, now });
    const line: OrderMailLine = { lineNo: l.line_no, itemCode: l.item_code, description: l.description, quantity: num(l.quantity), unit: l.unit, requiredDate: ymd(l.required_date), unitPrice: null, changes };
    await tellOwners(trx, a, v, kind, [line], f.reason || null, `orders.answer:${l.id}:${a.row.version}:${now.getTime()}`, opts);
  });
}

/** The supplier confirms (as ordered) or rejects (reason required) every line still waiting for them, in one step. */
export async function respondOrder(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: OrderMutationOpts = {}): Promise<{ lines: number }> {
  const f = parseInput(respondOrderSchema, raw);
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const a = await loadOrderAccess(trx, viewer, f.id, { forUpdate: true });
    if (a.row.open_lines === 0) throw new AppError('CONFLICT', 'orders.errors.nothingToAnswer');
    const v = requireOrderAbility(a.viewer, a.can, 'respond');
    const rows = await trx
      .updateTable('purchase_order_line')
      .set(f.answer === 'confirm'
        ? { status: 'confirmed', promised_date: sql`required_date`, awaiting_since: null, updated_at: now }
        : { status: 'rejected', reason: f.reason, awaiting_since: null, updated_at: now })
      .where('order_id', '=', f.id)
      .where('status', '=', 'open')
      .returning(['id', 'line_no', 'item_code', 'description', 'quantity', 'unit', 'required_date'])
      .execute();
    await refreshOrder(trx, f.id, now);
    const kind = f.answer === 'confirm' ? 'confirmed' : 'rejected';
    await addEvent(trx, { orderId: f.id, version: a.row.version, kind, actorId: v.id, changes: [{ field: 'lines', old: null, new: rows.map((r) => r.line_no).sort((x, y) => x - y).join(', ') }], reason: f.reason || null, now });
    const lines: OrderMailLine[] = rows.map((l) => ({ lineNo: l.line_no, itemCode: l.item_code, description: l.description, quantity: num(l.quantity), unit: l.unit, requiredDate: ymd(l.required_date), unitPrice: null }));
    await tellOwners(trx, a, v, kind, lines, f.reason || null, `orders.answer:${f.id}:${a.row.version}:${now.getTime()}`, opts);
    return { lines: rows.length };
  });
}

/**
 * A delay notice on a confirmed line: the new date (later than the committed one), the reason,
 * an optional attachment. The order's owners — buyers and planners — get it at once, in Plaza
 * and by mail, with part, old date, new date, days late (against the required date) and reason;
 * inside the supplier's lead time it is urgent. Exactly once: the event's dedupe key is the
 * notice's id, and the mail job sends each recipient's mail once.
 */
export async function fileDelay(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: OrderMutationOpts = {}): Promise<{ delayId: string; urgent: boolean }> {
  const f = parseInput(delaySchema, raw);
  const uploads = await uploadsFrom(opts, 'attachment');
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const a = await loadOrderAccess(trx, viewer, f.id, { forUpdate: true });
    const l = await lineOf(trx, a, f.lineId);
    if (l.status !== 'confirmed') throw new AppError('CONFLICT', l.status === 'closed' || l.status === 'cancelled' ? 'orders.errors.lineClosed' : 'orders.errors.lineNotConfirmed');
    const v = requireOrderAbility(a.viewer, a.can, 'delay');
    const oldDate = ymd(l.promised_date ?? l.required_date);
    if (f.newDate <= oldDate) throw invalidFields({ newDate: 'orders.errors.delayNotLater' });
    const fileId = await storeOneFile(trx, v, uploads, 'attachment');
    // Urgent: the committed date (what production planned on) falls inside the lead time from now.
    const urgent = daysBetween(today(now), oldDate) <= a.leadTimeDays;
    const d = await trx
      .insertInto('purchase_order_delay')
      .values({ order_id: f.id, line_id: l.id, old_date: oldDate, new_date: f.newDate, reason: f.reason, urgent, file_id: fileId, created_by: v.id, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('purchase_order_line').set({ promised_date: f.newDate, updated_at: now }).where('id', '=', l.id).execute();
    await refreshOrder(trx, f.id, now);
    await addEvent(trx, { orderId: f.id, lineId: l.id, version: a.row.version, kind: 'delay', actorId: v.id, changes: [{ field: 'promisedDate', old: oldDate, new: f.newDate }], reason: f.reason, now });
    const daysLate = Math.max(0, daysBetween(ymd(l.required_date), f.newDate));
    await notify(trx, {
      kind: 'orders.delay', recipients: { sql: orderOwnersSql(a.row.partner_org_id, a.row.buyer_id) }, item: { type: 'purchase_order', id: f.id, title: a.row.order_number },
      link: orderLink(f.id, false),
      message: { key: 'orders.notifications.delay', params: { number: a.row.order_number, item: l.item_code, old: oldDate, new: f.newDate, days: daysLate } },
      actorId: v.id, urgent,
      mail: mailOf(a, 'delay', false, {
        actor: v.name, urgent, reason: f.reason,
        lines: [{ lineNo: l.line_no, itemCode: l.item_code, description: l.description, quantity: num(l.quantity), unit: l.unit, requiredDate: ymd(l.required_date), unitPrice: null, oldDate, newDate: f.newDate, daysLate }],
      }),
      dedupeKey: `orders.delay:${d.id}`,
    }, opts.enqueueDeliver);
    return { delayId: d.id, urgent };
  });
}

/** A shipment notice: which confirmed lines, how many, when, carrier and tracking, an optional packing list. The owners are told. */
export async function recordShipment(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: OrderMutationOpts = {}): Promise<{ shipmentId: string }> {
  const f = parseInput(shipmentSchema, raw);
  const uploads = await uploadsFrom(opts, 'packingList');
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const a = await loadOrderAccess(trx, viewer, f.id, { forUpdate: true });
    const v = requireOrderAbility(a.viewer, a.can, 'ship');
    const lines = await linesOf(trx, a, f.lines.map((l) => l.lineId));
    for (const l of lines) if (l.status !== 'confirmed') throw invalidFields({ [`qty.${l.id}`]: l.status === 'closed' ? 'orders.errors.lineClosed' : 'orders.errors.lineNotConfirmed' });
    const fileId = await storeOneFile(trx, v, uploads, 'packingList');
    const s = await trx.insertInto('purchase_order_shipment').values({ order_id: f.id, ship_date: f.shipDate, carrier: f.carrier, tracking_number: f.trackingNumber, file_id: fileId, created_by: v.id, created_at: now }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('purchase_order_shipment_line').values(f.lines.map((q) => ({ shipment_id: s.id, line_id: q.lineId, quantity: q.quantity }))).execute();
    for (const q of f.lines) {
      const l = lines.find((x) => x.id === q.lineId)!;
      const shipped = Number(l.shipped_quantity) + Number(q.quantity);
      await trx.updateTable('purchase_order_line').set({ shipped_quantity: String(shipped), updated_at: now }).where('id', '=', l.id).execute();
      await addEvent(trx, { orderId: f.id, lineId: l.id, version: a.row.version, kind: 'shipped', actorId: v.id, changes: [{ field: 'shipped', old: num(l.shipped_quantity), new: num(shipped) }, { field: 'carrier', old: null, new: [f.carrier, f.trackingNumber].filter(Boolean).join(' ') || null }], now });
    }
    await refreshOrder(trx, f.id, now);
    await notify(trx, {
      kind: 'orders.shipped', recipients: { sql: orderOwnersSql(a.row.partner_org_id, a.row.buyer_id) }, item: { type: 'purchase_order', id: f.id, title: a.row.order_number },
      link: orderLink(f.id, false), message: { key: 'orders.notifications.shipped', params: { number: a.row.order_number, supplier: a.row.supplier_name } }, actorId: v.id,
      dedupeKey: `orders.shipped:${s.id}`,
    }, opts.enqueueDeliver);
    return { shipmentId: s.id };
  });
}
