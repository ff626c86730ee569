'use server';

import { formAction } from '@/lib/http/action';
import { importPeopleUpload, type RowOutcome } from '@/lib/import/import-people';

export type ImportReportView = {
  heading: string;
  summary: string;
  notes: string[];
  rows: { line: number; outcome: RowOutcome; outcomeLabel: string; name: string; email: string; reasons: string[] }[];
};

export const importPeopleAction = formAction((c) => importPeopleUpload(c.db, c.viewer, c.formData, c.meta), {
  revalidate: ['/admin/people'],
  keepValues: false,
  data: (r, t): ImportReportView => ({
    heading: `${t('admin.import.result')} · ${r.fileName}`,
    summary: t('admin.import.summary', r.counts),
    notes: [
      `${t('admin.import.encodingUsed', { encoding: r.encoding.toUpperCase() })} ${r.counts.created + r.counts.updated > 0 ? t('admin.import.allApplied') : t('admin.import.nothingApplied')}`,
      ...(r.ignoredColumns.length ? [t('admin.import.ignoredColumns', { columns: r.ignoredColumns.join(', ') })] : []),
      ...(r.rows.length < r.totalRows ? [t('admin.import.showing', { shown: r.rows.length, total: r.totalRows })] : []),
    ],
    rows: r.rows.map((row) => ({
      line: row.line,
      outcome: row.outcome,
      outcomeLabel: t(`admin.import.outcomes.${row.outcome}`),
      name: row.name,
      email: row.email,
      reasons: row.reasons.map((m) => `${m.field && isColumn(m.field) ? `${t(`admin.import.columns.${m.field}`)}: ` : ''}${t(m.key, m.params)}`),
    })),
  }),
});

const columns = ['line', 'outcome', 'name', 'email', 'reasons', 'nameEn', 'unitPath', 'position', 'level'] as const;
const isColumn = (f: string): f is (typeof columns)[number] => (columns as readonly string[]).includes(f);
