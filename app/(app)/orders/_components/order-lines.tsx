'use client';

import { TextField, useFormResult } from '@/app/_components/form';
import type { LineRowsData } from '@/lib/orders/form-rows';

export type LineDefaults = {
  lineNo: number; itemCode?: string; description?: string; quantity?: string; unit?: string; unitPrice?: string | null; requiredDate?: string; deliverySite?: string;
};

type Labels = {
  /** "Line {n}" with `{n}` left in, filled here with the row's position. */
  line: string; removeLine: string; addLine: string;
  lineNo: string; itemCode: string; description: string; quantity: string; unit: string; unitPrice: string; requiredDate: string; deliverySite: string;
};

const nums = (v: string | string[] | undefined) => ([] as string[]).concat(v ?? []).map(Number).filter((n) => Number.isInteger(n) && n >= 0);

/**
 * The order form's line rows. Which rows exist comes from the last answer of the form's action:
 * after "add line" / "remove line" its new list (`data.rows`), after a refusal the rows that were
 * sent (`lineRow`), else the rows the page started with. The buttons are submit buttons of the
 * form (names `lineRows`), so they work the same with JavaScript off.
 */
export function OrderLines({ initialRows, defaults, labels }: { initialRows: number[]; defaults: Record<number, LineDefaults>; labels: Labels }) {
  const r = useFormResult<LineRowsData>();
  const sent = r.values ? nums(r.values.lineRow) : [];
  const rows = r.data?.rows ?? (sent.length ? sent : initialRows);
  const n = (s: string, i: number) => s.replace('{n}', String(i + 1));
  return (
    <>
      {rows.map((row, i) => {
        const l: LineDefaults = defaults[row] ?? { lineNo: (row + 1) * 10 };
        return (
          <fieldset key={row} className="card grid grid-cols-2 gap-2 p-3 sm:grid-cols-8" data-testid={`line-row-${row}`}>
            <legend className="px-1 text-sm font-medium text-slate-600">{n(labels.line, i)}</legend>
            <input type="hidden" name="lineRow" value={row} />
            <TextField name={`lines.${row}.lineNo`} label={labels.lineNo} inputMode="numeric" defaultValue={l.lineNo} testId={`line-${row}-no`} />
            <TextField name={`lines.${row}.itemCode`} label={labels.itemCode} maxLength={60} defaultValue={l.itemCode} testId={`line-${row}-item`} />
            <TextField name={`lines.${row}.description`} label={labels.description} maxLength={500} defaultValue={l.description} testId={`line-${row}-description`} className="col-span-2" />
            <TextField name={`lines.${row}.quantity`} label={labels.quantity} inputMode="decimal" defaultValue={l.quantity} testId={`line-${row}-qty`} />
            <TextField name={`lines.${row}.unit`} label={labels.unit} maxLength={20} defaultValue={l.unit ?? 'pcs'} testId={`line-${row}-unit`} />
            <TextField name={`lines.${row}.unitPrice`} label={labels.unitPrice} inputMode="decimal" defaultValue={l.unitPrice} testId={`line-${row}-price`} />
            <TextField name={`lines.${row}.requiredDate`} type="date" label={labels.requiredDate} defaultValue={l.requiredDate} testId={`line-${row}-date`} />
            <TextField name={`lines.${row}.deliverySite`} label={labels.deliverySite} maxLength={200} defaultValue={l.deliverySite} testId={`line-${row}-site`} className="col-span-2 sm:col-span-6" />
            {rows.length > 1 ? (
              <div className="col-span-2 flex items-end justify-end">
                <button type="submit" name="lineRows" value={`remove:${row}`} className="btn-secondary text-sm" data-testid={`line-${row}-remove`}>{n(labels.removeLine, i)}</button>
              </div>
            ) : null}
          </fieldset>
        );
      })}
      <button type="submit" name="lineRows" value="add" className="btn-secondary" data-testid="line-add">+ {labels.addLine}</button>
    </>
  );
}
