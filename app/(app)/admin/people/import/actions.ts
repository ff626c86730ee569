'use server';

import { revalidatePath } from 'next/cache';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { isAppError } from '@/lib/errors';
import { requestMeta } from '@/lib/http/request-meta';
import { importPeopleCsv, type RowReport } from '@/lib/import/import-people';
import type { ImportState } from './import-state';

/** Rows sent back to the browser: every rejected row first, then the rest, up to this many. */
const REPORT_ROWS = 500;

export async function importPeopleAction(prev: ImportState, formData: FormData): Promise<ImportState> {
  const seq = prev.seq + 1;
  const file = formData.get('file');
  if (!(file instanceof File) || (file.size === 0 && !file.name)) return { seq, error: { key: 'import.errors.noFile' } };
  let result;
  try {
    result = await importPeopleCsv(db(), await getViewer(), { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name }, await requestMeta());
  } catch (e) {
    if (isAppError(e)) return { seq, error: { key: `errors.${e.code}` } };
    throw e;
  }
  if (!result.ok) return { seq, error: { key: `import.unreadable.${result.reason}`, params: result.params }, fileName: file.name };
  revalidatePath('/admin/people');
  const order: Record<RowReport['outcome'], number> = { rejected: 0, created: 1, updated: 2, unchanged: 3 };
  const rows = [...result.rows].sort((a, b) => order[a.outcome] - order[b.outcome] || a.line - b.line).slice(0, REPORT_ROWS);
  return {
    seq,
    fileName: file.name,
    result: { counts: result.counts, encoding: result.encoding, ignoredColumns: result.ignoredColumns, rows, totalRows: result.rows.length },
  };
}
