import { readTable, type Encoding, type RawRow as TableRow, type SourceKind, type TableResult, type UnreadableReason } from '@/lib/tabular/read';
import { headerAliases, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, requiredFields, type ImportField } from './schema';

/**
 * Turns uploaded bytes — CSV (UTF-8 ± BOM, GB18030/GBK, UTF-16) or XLSX — into rows keyed by field,
 * with the line number each record starts on (lib/tabular/read.ts does the reading).
 * Pure (no database): a file that cannot be read yields `{ ok: false, reason }` and nothing is applied.
 */
export type { Encoding, SourceKind, UnreadableReason };
export type RawRow = TableRow<ImportField>;
export type ReadResult = TableResult<ImportField>;

export function readPeopleFile(bytes: Uint8Array): Promise<ReadResult> {
  return readTable(bytes, { aliases: headerAliases, required: requiredFields, maxBytes: MAX_IMPORT_BYTES, maxRows: MAX_IMPORT_ROWS });
}

/** Splits a unit path like `总部/华东区/生产部` (also full-width ／ or ' > '). */
export function splitUnitPath(path: string): string[] {
  return path
    .split(/\s*(?:\/|／|>)\s*/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}
