'use client';

import { FieldError, Form, Submit, useFormResult } from '@/app/_components/form';
import { importPeopleAction, type ImportReportView } from './actions';

const outcomeStyle: Record<string, string> = {
  created: 'bg-emerald-50 text-emerald-700',
  updated: 'bg-brand-50 text-brand-700',
  unchanged: 'bg-slate-100 text-slate-600',
  rejected: 'bg-red-50 text-red-700',
};

export type ImportLabels = { file: string; submit: string; columns: { line: string; outcome: string; name: string; email: string; reasons: string } };

/** The upload form and, after a run, the per-row report (in words from the server). */
export function ImportForm({ labels }: { labels: ImportLabels }) {
  return (
    <Form action={importPeopleAction} className="space-y-6" testId="import-form-wrap">
      <div className="card space-y-4 p-4" data-testid="import-form">
        <div>
          <label htmlFor="file" className="label">{labels.file}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
            aria-describedby="f-file-err"
            className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:text-brand-700"
          />
          <FieldError name="file" />
        </div>
        <Submit>{labels.submit}</Submit>
      </div>
      <Report labels={labels} />
    </Form>
  );
}

function Report({ labels }: { labels: ImportLabels }) {
  const state = useFormResult<ImportReportView>();
  const r = state.ok ? state.data : undefined;
  if (!r) return null;
  return (
    <section aria-labelledby="result-h" className="space-y-3" data-testid="import-report">
      <h2 id="result-h" className="text-lg font-semibold">{r.heading}</h2>
      <p className="font-medium" data-testid="import-summary">{r.summary}</p>
      {r.notes.map((n) => <p key={n} className="text-sm text-slate-600">{n}</p>)}
      <div className="card overflow-x-auto">
        <table className="table table-stack sm:min-w-[36rem]">
          <thead>
            <tr>
              <th scope="col">{labels.columns.line}</th>
              <th scope="col">{labels.columns.outcome}</th>
              <th scope="col">{labels.columns.name}</th>
              <th scope="col">{labels.columns.email}</th>
              <th scope="col">{labels.columns.reasons}</th>
            </tr>
          </thead>
          <tbody>
            {r.rows.map((row) => (
              <tr key={row.line} data-testid="import-row" data-line={row.line} data-outcome={row.outcome}>
                <td data-label={labels.columns.line} className="tabular-nums">{row.line}</td>
                <td data-label={labels.columns.outcome}><span className={`badge ${outcomeStyle[row.outcome]}`}>{row.outcomeLabel}</span></td>
                <td data-label={labels.columns.name}>{row.name}</td>
                <td data-label={labels.columns.email} className="break-all">{row.email}</td>
                <td data-label={labels.columns.reasons}>{row.reasons.map((reason, i) => <div key={i}>{reason}</div>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
