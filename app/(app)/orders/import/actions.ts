'use server';

import { formAction } from '@/lib/http/action';
import { importOrdersUpload, orderHeaderAliases, type ImportOutcome, type OrderImportField } from '@/lib/orders/import';

export type OrderImportView = {
  summary: string;
  notes: string[];
  rows: { line: number; outcome: ImportOutcome; outcomeLabel: string; supplier: string; orderNumber: string; lineNo: string; reasons: string[] }[];
};

const isField = (f: string): f is OrderImportField => f in orderHeaderAliases;

/** The buyer's ERP file (lib/orders/import.ts decides who may and what happens); the per-row report in words. */
export const importOrdersAction = formAction((c) => importOrdersUpload(c.db, c.viewer, c.formData, { meta: c.meta }), {
  revalidate: ['/orders'],
  keepValues: false,
  data: (r, t): OrderImportView => ({
    summary: t('integrations.import.result', { total: r.totalRows, ...r.counts, ordersCreated: r.orders.created, ordersRevised: r.orders.revised }),
    notes: [
      t('integrations.import.encoding', { kind: r.kind.toUpperCase(), encoding: r.encoding.toUpperCase() }),
      ...(r.ignoredColumns.length ? [t('integrations.import.ignoredColumns', { columns: r.ignoredColumns.join(', ') })] : []),
      ...(r.rows.length < r.totalRows ? [t('integrations.import.showing', { shown: r.rows.length, total: r.totalRows })] : []),
    ],
    rows: r.rows.map((row) => ({
      line: row.line, outcome: row.outcome, outcomeLabel: t(`integrations.import.outcomes.${row.outcome}`), supplier: row.supplier, orderNumber: row.orderNumber, lineNo: row.lineNo,
      reasons: row.reasons.map((m) => `${m.field && isField(m.field) ? `${t(`integrations.import.fields.${m.field}`)}: ` : ''}${t(m.key, m.params)}`),
    })),
  }),
});
