/**
 * Change orders: what changed between two versions of an order, field by field (old → new).
 * Pure, so pages, mails and the import show the same diff.
 */
export type SnapshotLine = {
  lineNo: number;
  itemCode: string;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string | null;
  requiredDate: string;
  deliverySite: string;
};
export type Snapshot = { orderNumber: string; orderDate: string; currency: string; hidePrices: boolean; notes: string; lines: SnapshotLine[] };
export type FieldChange = { field: string; old: string | null; new: string | null };
export type LineDiff = { lineNo: number; kind: 'added' | 'removed' | 'changed'; changes: FieldChange[] };

const lineFields = ['itemCode', 'description', 'quantity', 'unit', 'unitPrice', 'requiredDate', 'deliverySite'] as const;
const headerFields = ['orderDate', 'currency', 'notes'] as const;

const norm = (k: string, v: string | null) => (v === null || v === '' ? null : k === 'quantity' || k === 'unitPrice' ? String(Number(v)) : v);

export function diffSnapshots(before: Snapshot, after: Snapshot): { header: FieldChange[]; lines: LineDiff[] } {
  const header: FieldChange[] = [];
  for (const k of headerFields) if (norm(k, before[k]) !== norm(k, after[k])) header.push({ field: k, old: before[k], new: after[k] });
  if (before.hidePrices !== after.hidePrices) header.push({ field: 'hidePrices', old: String(before.hidePrices), new: String(after.hidePrices) });
  const old = new Map(before.lines.map((l) => [l.lineNo, l]));
  const now = new Map(after.lines.map((l) => [l.lineNo, l]));
  const lines: LineDiff[] = [];
  for (const l of after.lines) {
    const o = old.get(l.lineNo);
    if (!o) {
      lines.push({ lineNo: l.lineNo, kind: 'added', changes: lineFields.map((k) => ({ field: k, old: null, new: l[k] })).filter((c) => c.new !== null && c.new !== '') });
      continue;
    }
    const changes = lineFields.filter((k) => norm(k, o[k]) !== norm(k, l[k])).map((k) => ({ field: k, old: o[k], new: l[k] }));
    if (changes.length > 0) lines.push({ lineNo: l.lineNo, kind: 'changed', changes });
  }
  for (const o of before.lines) if (!now.has(o.lineNo)) lines.push({ lineNo: o.lineNo, kind: 'removed', changes: [] });
  lines.sort((a, b) => a.lineNo - b.lineNo);
  return { header, lines };
}

/** Whole days from date a to date b (YYYY-MM-DD), negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** How a timeline value is shown: a date, a quantity, a price, a status in words, a yes/no flag, or text as typed. */
export type ChangeValueType = 'date' | 'quantity' | 'price' | 'lineStatus' | 'orderStatus' | 'flag' | 'lines' | 'text';

/**
 * The type of a recorded change's values. `field` is as stored in the timeline: `status`,
 * `promisedDate`, or `<lineNo>.<field>` in a change order; a `status` belongs to a line when the
 * event is about one line (a confirmation, a rejection), to the order otherwise (cancelling).
 */
export function changeValueType(field: string, lineEvent: boolean): ChangeValueType {
  const dot = field.lastIndexOf('.');
  const name = dot >= 0 ? field.slice(dot + 1) : field;
  const inLine = lineEvent || dot >= 0;
  switch (name) {
    case 'status': return inLine ? 'lineStatus' : 'orderStatus';
    case 'orderDate': case 'requiredDate': case 'promisedDate': case 'date': return 'date';
    case 'quantity': case 'received': case 'shipped': return 'quantity';
    case 'unitPrice': return 'price';
    case 'hidePrices': return 'flag';
    case 'lines': return 'lines';
    default: return 'text';
  }
}
