'use client';

import Link from 'next/link';
import { FieldError, Form, Submit, useField, useFormResult } from '@/app/_components/form';
import { ImportReportTable } from '@/app/_components/import-report-table';
import { importAction, type KbImportView } from '../../../actions';

export type KbImportLabels = {
  files: string; hint: string; submit: string; report: string; open: string;
  columns: { line: string; outcome: string; path: string; kind: string; reasons: string };
};

/** The upload (ZIP, DOCX, Markdown) and, after a run, the per-file report (in words from the server). */
export function KbImportForm({ spaceId, folderId, labels }: { spaceId: string; folderId: string | null; labels: KbImportLabels }) {
  return (
    <Form action={importAction} className="space-y-6" testId="kb-import-wrap">
      <div className="card space-y-4 p-4" data-testid="kb-import-form">
        <input type="hidden" name="spaceId" value={spaceId} />
        {folderId ? <input type="hidden" name="folderId" value={folderId} /> : null}
        <FilesInput labels={labels} />
        <Submit testId="kb-import-submit">{labels.submit}</Submit>
      </div>
      <Report labels={labels} />
    </Form>
  );
}

function FilesInput({ labels }: { labels: KbImportLabels }) {
  const f = useField('files');
  return (
    <div>
      <label htmlFor={f.id} className="label">{labels.files}</label>
      <input
        id={f.id}
        name="files"
        type="file"
        multiple
        accept=".zip,.docx,.md,.markdown,application/zip,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/markdown"
        required
        aria-invalid={f.error ? true : undefined}
        aria-describedby={f.error ? `${f.id}-err` : `${f.id}-hint`}
        data-testid="kb-import-files"
        className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:text-brand-700"
      />
      <p id={`${f.id}-hint`} className="mt-1 text-xs text-slate-600">{labels.hint}</p>
      <FieldError name="files" />
    </div>
  );
}

function Report({ labels }: { labels: KbImportLabels }) {
  const state = useFormResult<KbImportView>();
  const r = state.ok ? state.data : undefined;
  if (!r) return null;
  return (
    <section aria-labelledby="kb-import-report-h" className="space-y-3" data-testid="kb-import-report">
      <h2 id="kb-import-report-h" className="font-semibold">{labels.report}</h2>
      <p className="font-medium" data-testid="kb-import-summary">{r.summary}</p>
      <ImportReportTable
        rows={r.rows}
        labels={{ line: labels.columns.line, outcome: labels.columns.outcome, reasons: labels.columns.reasons }}
        rowTestId="kb-import-row"
        minWidth="sm:min-w-[40rem]"
        columns={[
          { label: labels.columns.path, cell: (row) => (row.articleId ? <Link href={`/kb/articles/${row.articleId}`} className="break-all text-brand-700 hover:underline">{row.path}</Link> : <span className="break-all">{row.path}</span>) },
          { label: labels.columns.kind, cell: (row) => row.kind, className: 'whitespace-nowrap' },
        ]}
      />
    </section>
  );
}
