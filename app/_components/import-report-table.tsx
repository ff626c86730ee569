'use client';

import type { ReactNode } from 'react';

/** One row of an import's report (people, orders): the file's line, what happened, and why not. */
export type ImportReportRow = { line: number; outcome: string; outcomeLabel: string; reasons: string[] };

const outcomeStyle: Record<string, string> = {
  created: 'bg-emerald-50 text-emerald-700',
  updated: 'bg-brand-50 text-brand-700',
  changed: 'bg-amber-50 text-amber-800',
  unchanged: 'bg-slate-100 text-slate-600',
  rejected: 'bg-red-50 text-red-700',
};

/**
 * The per-row report every import shows: line, outcome, the columns that identify the row
 * (`columns`, in order), reasons. Stacks into cards on phones.
 */
export function ImportReportTable<R extends ImportReportRow>({ rows, labels, columns, rowTestId, minWidth }: {
  rows: R[];
  labels: { line: string; outcome: string; reasons: string };
  columns: { label: string; cell: (row: R) => ReactNode; className?: string }[];
  rowTestId: string;
  minWidth: string;
}) {
  return (
    <div className="card overflow-x-auto">
      <table className={`table table-stack ${minWidth}`}>
        <thead>
          <tr>
            <th scope="col">{labels.line}</th>
            <th scope="col">{labels.outcome}</th>
            {columns.map((c) => <th key={c.label} scope="col">{c.label}</th>)}
            <th scope="col">{labels.reasons}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.line} data-testid={rowTestId} data-line={row.line} data-outcome={row.outcome}>
              <td data-label={labels.line} className="tabular-nums">{row.line}</td>
              <td data-label={labels.outcome}><span className={`badge whitespace-nowrap ${outcomeStyle[row.outcome] ?? ''}`}>{row.outcomeLabel}</span></td>
              {columns.map((c) => <td key={c.label} data-label={c.label} className={c.className}>{c.cell(row)}</td>)}
              <td data-label={labels.reasons}>{row.reasons.map((reason, i) => <div key={i}>{reason}</div>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
