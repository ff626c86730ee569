'use client';

import { FieldError, Form, Submit, useFormResult } from '@/app/_components/form';
import { ImportReportTable } from '@/app/_components/import-report-table';
import { importOrdersAction, type OrderImportView } from './actions';

export type OrderImportLabels = { file: string; send: string; submit: string; columns: { line: string; outcome: string; supplier: string; order: string; lineNo: string; reasons: string } };

/** The upload form and, after a run, the per-row report (in words from the server). */
export function OrderImportForm({ labels }: { labels: OrderImportLabels }) {
  return (
    <Form action={importOrdersAction} className="space-y-6" testId="order-import-wrap">
      <div className="card space-y-4 p-4" data-testid="order-import-form">
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
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="send" defaultChecked className="h-4 w-4" data-testid="order-import-send" />
          {labels.send}
        </label>
        <Submit testId="order-import-submit">{labels.submit}</Submit>
      </div>
      <Report labels={labels} />
    </Form>
  );
}

function Report({ labels }: { labels: OrderImportLabels }) {
  const state = useFormResult<OrderImportView>();
  const r = state.ok ? state.data : undefined;
  if (!r) return null;
  return (
    <section aria-label={r.summary} className="space-y-3" data-testid="order-import-report">
      <p className="font-medium" data-testid="order-import-summary">{r.summary}</p>
      {r.notes.map((n) => <p key={n} className="text-sm text-slate-600">{n}</p>)}
      <ImportReportTable
        rows={r.rows}
        labels={labels.columns}
        rowTestId="order-import-row"
        minWidth="sm:min-w-[40rem]"
        columns={[
          { label: labels.columns.supplier, cell: (row) => row.supplier },
          { label: labels.columns.order, cell: (row) => row.orderNumber },
          { label: labels.columns.lineNo, cell: (row) => row.lineNo, className: 'tabular-nums' },
        ]}
      />
    </section>
  );
}
