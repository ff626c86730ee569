'use client';

import { FieldError, Form, Submit, useFormResult } from '@/app/_components/form';
import { ImportReportTable } from '@/app/_components/import-report-table';
import { importPeopleAction, type ImportReportView } from './actions';

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
      <ImportReportTable
        rows={r.rows}
        labels={labels.columns}
        rowTestId="import-row"
        minWidth="sm:min-w-[36rem]"
        columns={[
          { label: labels.columns.name, cell: (row) => row.name },
          { label: labels.columns.email, cell: (row) => row.email, className: 'break-all' },
        ]}
      />
    </section>
  );
}
