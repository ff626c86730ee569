import 'server-only';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import { invalid } from '@/lib/errors';
import { requireOrderAbility } from './abilities';
import { loadOrderAccess, requireArea } from './access';
import { MAX_LINES } from './schema';

/**
 * The order form's "add line" and "remove line" buttons, with and without JavaScript: each is a
 * submit button named `lineRows` (`add`, or `remove:<row>`) of the order form itself. The form
 * lists its rows in repeated hidden `lineRow` fields; a row's inputs are `lines.<row>.<field>`, so
 * removing a row leaves the others' names (and what was typed in them) as they were. The action
 * asks here first: when a row button was pressed it gets the new row list back, saves nothing and
 * the form renders again with everything typed (the form kit keeps submitted values).
 */
export const LINE_ROWS_INTENT = 'lineRows';
export const LINE_ROW_FIELD = 'lineRow';
/** What the order form's actions hand back: the rows after a row button (absent after a save or a refusal). */
export type LineRowsData = { rows?: number[] };

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The rows after the button that was pressed (null: no row button, a real submission). Pure. */
export function nextLineRows(values: Record<string, unknown>): number[] | null {
  const intent = asList(values[LINE_ROWS_INTENT])[0];
  if (typeof intent !== 'string' || intent === '') return null;
  const rows: number[] = [];
  for (const x of asList(values[LINE_ROW_FIELD])) {
    const n = typeof x === 'string' && /^\d{1,4}$/.test(x) ? Number(x) : NaN;
    if (Number.isInteger(n) && n <= MAX_LINES && !rows.includes(n)) rows.push(n);
  }
  if (intent === 'add') {
    const next = rows.length ? Math.max(...rows) + 1 : 0;
    if (next > MAX_LINES || rows.length >= MAX_LINES) throw invalid('orders.errors.tooManyLines');
    return [...rows, next];
  }
  const m = /^remove:(\d{1,4})$/.exec(intent);
  if (m) {
    const left = rows.filter((r) => r !== Number(m[1]));
    return left.length ? left : rows;
  }
  return rows.length ? rows : [0];
}

/**
 * For the order form's actions: when a row button was pressed, checks that the viewer may write
 * this form (create an order; edit the draft or issue a change order) and returns the new rows.
 */
export async function changeLineRows(db: Kysely<DB>, viewer: Viewer | null, raw: Record<string, unknown>, opts: { orderId?: string } = {}): Promise<{ rows: number[] } | null> {
  if (asList(raw[LINE_ROWS_INTENT]).length === 0) return null;
  if (opts.orderId !== undefined) {
    const a = await loadOrderAccess(db, viewer, opts.orderId);
    requireOrderAbility(a.viewer, a.can, a.can.edit ? 'edit' : 'revise');
  } else {
    await requireArea(db, viewer, 'create');
  }
  const rows = nextLineRows(raw);
  return rows ? { rows } : null;
}
