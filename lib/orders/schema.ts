import { z } from 'zod';
import type { PurchaseOrder, PurchaseOrderEvent, PurchaseOrderLine, SupplierOwner } from '@/db/types';
import { checkbox, choice, idSchema, list, longText, optionalId, optionalText, requiredText } from '@/lib/forms/schema';

/** Typed statuses (from the CHECK constraints through db/types.ts). */
type Unwrap<T> = T extends import('kysely').ColumnType<infer S, unknown, unknown> ? S : T;
export type OrderStatus = Unwrap<PurchaseOrder['status']>;
export type LineStatus = Unwrap<PurchaseOrderLine['status']>;
export type OrderEventKind = PurchaseOrderEvent['kind'];
export type OwnerRole = SupplierOwner['role'];
export type OrderSource = Unwrap<PurchaseOrder['source']>;

export const orderStatuses = ['draft', 'sent', 'proposed', 'confirmed', 'rejected', 'closed', 'cancelled'] as const satisfies readonly OrderStatus[];
export const lineStatuses = ['open', 'confirmed', 'proposed', 'rejected', 'closed', 'cancelled'] as const satisfies readonly LineStatus[];
export const ownerRoles = ['buyer', 'planner'] as const satisfies readonly OwnerRole[];

export const NOTE_MAX = 4000;
export const REASON_MAX = 2000;
export const MAX_LINES = 500;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** A calendar date (YYYY-MM-DD, e.g. from <input type="date">). */
export const dateField = z
  .string({ error: 'errors.validation.required' })
  .transform((s) => s.trim())
  .pipe(z.string().min(1, { error: 'errors.validation.required' }).refine(validDate, { error: 'orders.errors.dateInvalid' }));

export const optionalDateField = z
  .string()
  .optional()
  .nullable()
  .transform((s) => (s ?? '').trim() || null)
  .pipe(z.string().refine(validDate, { error: 'orders.errors.dateInvalid' }).nullable());

/** A quantity > 0 with at most three decimals; "1,000" and full-width digits are accepted. */
const normaliseNumber = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.normalize('NFKC').replace(/[,\s]/g, '') : v);
export const quantityField = z.preprocess(
  normaliseNumber,
  z
    .string({ error: 'errors.validation.required' })
    .min(1, { error: 'errors.validation.required' })
    .regex(/^-?\d+(\.\d+)?$/, { error: 'orders.errors.quantityInvalid' })
    .refine((s) => Number(s) > 0, { error: 'orders.errors.quantityPositive' })
    .refine((s) => !/\.\d{4,}$/.test(s) && Number(s) < 1e11, { error: 'orders.errors.quantityInvalid' }),
);
export const optionalPriceField = z.preprocess(
  (v) => { const n = normaliseNumber(v); return n === '' || n == null ? null : n; },
  z
    .string()
    .regex(/^\d+(\.\d{1,4})?$/, { error: 'orders.errors.priceInvalid' })
    .refine((s) => Number(s) < 1e14, { error: 'orders.errors.priceInvalid' })
    .nullable(),
);

export const lineInputSchema = z.object({
  lineNo: z.coerce.number({ error: 'orders.errors.lineNoInvalid' }).int({ error: 'orders.errors.lineNoInvalid' }).min(1, { error: 'orders.errors.lineNoInvalid' }).max(99999, { error: 'orders.errors.lineNoInvalid' }),
  itemCode: requiredText(60),
  description: optionalText(500).transform((s) => s ?? ''),
  quantity: quantityField,
  unit: requiredText(20),
  unitPrice: optionalPriceField.optional().transform((v) => v ?? null),
  requiredDate: dateField,
  deliverySite: optionalText(200).transform((s) => s ?? ''),
});
export type LineInput = z.output<typeof lineInputSchema>;

/**
 * Form fields arrive flat (`lines.0.itemCode`, `lines.1.quantity`, …): gathered into `lines`
 * by index, rows left entirely empty dropped, line numbers defaulting to 10, 20, 30 by position.
 * Structured callers (the ERP import, the API) pass `lines: [...]` directly.
 */
function gatherLines(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const r = raw as Record<string, unknown>;
  if (Array.isArray(r.lines)) return raw;
  const rows = new Map<number, Record<string, unknown>>();
  for (const [k, v] of Object.entries(r)) {
    const m = /^lines\.(\d+)\.(\w+)$/.exec(k);
    if (!m) continue;
    const i = Number(m[1]);
    if (i > MAX_LINES) continue;
    const row = rows.get(i) ?? {};
    row[m[2]] = Array.isArray(v) ? v[0] : v;
    rows.set(i, row);
  }
  const lines: unknown[] = [];
  for (const i of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(i)!;
    const filled = ['itemCode', 'description', 'quantity', 'unitPrice', 'requiredDate', 'deliverySite'].some((k) => typeof row[k] === 'string' && (row[k] as string).trim() !== '');
    if (!filled) continue;
    // Keep the form's index so that field errors land on the row that was typed.
    while (lines.length < i) lines.push(undefined);
    lines[i] = { ...row, lineNo: row.lineNo === undefined || row.lineNo === '' ? (i + 1) * 10 : row.lineNo, unit: row.unit ?? '' };
  }
  return { ...r, lines };
}

const linesSchema = z
  .array(lineInputSchema.optional())
  .superRefine((ls, ctx) => {
    const present = ls.filter((l) => l !== undefined);
    if (present.length === 0) ctx.addIssue({ code: 'custom', path: [], message: 'orders.errors.noLines' });
    if (present.length > MAX_LINES) ctx.addIssue({ code: 'custom', path: [], message: 'orders.errors.tooManyLines' });
    const seen = new Set<number>();
    ls.forEach((l, i) => {
      if (!l) return;
      if (seen.has(l.lineNo)) ctx.addIssue({ code: 'custom', path: [i, 'lineNo'], message: 'orders.errors.duplicateLineNo' });
      seen.add(l.lineNo);
    });
  })
  .transform((ls) => ls.filter((l): l is LineInput => l !== undefined));

const orderFields = {
  orderNumber: requiredText(40).pipe(z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N}._\-/]*$/u, { error: 'orders.errors.orderNumberInvalid' })),
  orderDate: dateField,
  currency: z.string().optional().nullable().transform((s) => (s ?? '').trim().toUpperCase() || 'CNY').pipe(z.string().regex(/^[A-Z]{3}$/, { error: 'orders.errors.currencyInvalid' })),
  hidePrices: checkbox,
  notes: longText(NOTE_MAX),
  internalNote: longText(NOTE_MAX),
  lines: linesSchema,
};

/** Dates before the order date are refused per line. */
function requiredAfterOrderDate(v: { orderDate: string; lines: LineInput[] }, ctx: z.RefinementCtx) {
  v.lines.forEach((l, i) => {
    if (l.requiredDate < v.orderDate) ctx.addIssue({ code: 'custom', path: ['lines', i, 'requiredDate'], message: 'orders.errors.beforeOrderDate' });
  });
}

export const createOrderSchema = z.preprocess(
  gatherLines,
  z.object({ supplierId: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), idSchema), ...orderFields }).superRefine(requiredAfterOrderDate),
);
export type CreateOrderInput = z.input<typeof createOrderSchema> | Record<string, unknown>;

/** A change order: the whole new header and lines (a line missing from `lines` is cancelled). */
export const reviseOrderSchema = z.preprocess(
  gatherLines,
  z.object({ ...orderFields, orderNumber: orderFields.orderNumber.optional(), reason: longText(REASON_MAX) }).superRefine(requiredAfterOrderDate),
);

export const idOnly = z.object({ id: idSchema });

/** The supplier answers one line. */
export const respondLineSchema = z
  .object({
    id: idSchema,
    lineId: idSchema,
    answer: choice(['confirm', 'propose', 'reject'] as const),
    quantity: z.preprocess((v) => (v === '' ? undefined : v), quantityField.optional()),
    date: optionalDateField,
    reason: longText(REASON_MAX),
  })
  .superRefine((v, ctx) => {
    if (v.answer !== 'confirm' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'orders.errors.reasonRequired' });
    if (v.answer === 'propose' && !v.quantity && !v.date) ctx.addIssue({ code: 'custom', path: ['date'], message: 'orders.errors.proposeSomething' });
  });

/** The supplier answers the whole order in one step. */
export const respondOrderSchema = z
  .object({ id: idSchema, answer: choice(['confirm', 'reject'] as const), reason: longText(REASON_MAX) })
  .superRefine((v, ctx) => {
    if (v.answer === 'reject' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'orders.errors.reasonRequired' });
  });

/** The buyer decides a proposed change. */
export const reviewLineSchema = z.object({ id: idSchema, lineId: idSchema, decision: choice(['accept', 'decline'] as const), reason: longText(REASON_MAX) });

export const delaySchema = z.object({ id: idSchema, lineId: idSchema, newDate: dateField, reason: longText(REASON_MAX, { required: true }).pipe(z.string().min(1, { error: 'orders.errors.reasonRequired' })) });

/** Quantities per line arrive as `qty.<lineId>`; empty ones are ignored. */
function gatherQuantities(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const r = raw as Record<string, unknown>;
  if (Array.isArray(r.lines)) return raw;
  const lines: { lineId: string; quantity: unknown; close?: unknown }[] = [];
  for (const [k, v] of Object.entries(r)) {
    const m = /^qty\.(.+)$/.exec(k);
    const val = Array.isArray(v) ? v[0] : v;
    if (m && typeof val === 'string' && val.trim() !== '') lines.push({ lineId: m[1], quantity: val, close: r[`close.${m[1]}`] });
  }
  return { ...r, lines };
}

const qtyLines = z
  .array(z.object({ lineId: idSchema, quantity: quantityField, close: checkbox }))
  .min(1, { error: 'orders.errors.noQuantities' })
  .max(MAX_LINES);

export const shipmentSchema = z.preprocess(
  gatherQuantities,
  z.object({ id: idSchema, shipDate: dateField, carrier: optionalText(120).transform((s) => s ?? ''), trackingNumber: optionalText(120).transform((s) => s ?? ''), lines: qtyLines }),
);

export const receiptSchema = z.preprocess(
  gatherQuantities,
  z.object({ id: idSchema, receivedOn: dateField, note: longText(REASON_MAX), lines: qtyLines }),
);

export const ownersSchema = z.object({
  supplierId: idSchema,
  buyerPeople: list(idSchema),
  buyerUnits: list(idSchema),
  plannerPeople: list(idSchema),
  plannerUnits: list(idSchema),
  leadTimeDays: z.coerce.number({ error: 'orders.errors.leadTimeInvalid' }).int({ error: 'orders.errors.leadTimeInvalid' }).min(0, { error: 'orders.errors.leadTimeInvalid' }).max(365, { error: 'orders.errors.leadTimeInvalid' }),
  confirmWithinDays: z.coerce.number({ error: 'orders.errors.confirmWithinInvalid' }).int({ error: 'orders.errors.confirmWithinInvalid' }).min(1, { error: 'orders.errors.confirmWithinInvalid' }).max(90, { error: 'orders.errors.confirmWithinInvalid' }),
});

export const confirmersSchema = z.object({ restrict: checkbox, people: list(idSchema) });

export const listSchema = z.object({
  supplier: optionalId.catch(null),
  status: z.enum(orderStatuses).optional().catch(undefined),
  mine: checkbox.catch(false),
  overdue: checkbox.catch(false),
  late: checkbox.catch(false),
  q: optionalText(60).catch(null),
  after: z.string().max(200).optional().catch(undefined),
});
export type ListFilters = z.output<typeof listSchema>;

export const isLineStatus = (s: string | null): s is LineStatus => s !== null && (lineStatuses as readonly string[]).includes(s);
export const isOrderStatus = (s: string | null): s is OrderStatus => s !== null && (orderStatuses as readonly string[]).includes(s);
