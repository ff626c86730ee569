import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { headerAliases, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, requiredFields, type ImportField } from './schema';

/**
 * Turns uploaded bytes into rows keyed by field, with the line number each record starts on.
 * Pure (no database): a file that cannot be read yields `{ ok: false, reason }` and nothing is applied.
 */

export type Encoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
export type RawRow = { line: number; values: Partial<Record<ImportField, string>> };
export type ReadResult =
  | { ok: true; encoding: Encoding; rows: RawRow[]; ignoredColumns: string[] }
  | { ok: false; reason: UnreadableReason; params?: Record<string, string | number> };
export type UnreadableReason = 'empty' | 'tooLarge' | 'binary' | 'notDecodable' | 'malformed' | 'noHeader' | 'missingColumns' | 'tooManyRows' | 'noRows';

export function decodeBytes(bytes: Uint8Array): { encoding: Encoding; text: string } | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf-16le', text: iconv.decode(buf.subarray(2), 'utf-16le') };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf-16be', text: iconv.decode(buf.subarray(2), 'utf-16be') };
  // NUL bytes never occur in UTF-8 or GB18030 text: this is a binary file (xlsx, image, …).
  if (buf.includes(0)) return null;
  const body = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  try {
    return { encoding: 'utf-8', text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    // Not valid UTF-8: Excel on Chinese Windows saves CSV as GBK, which GB18030 contains.
    const text = iconv.decode(body, 'gb18030');
    if (text.includes('\ufffd')) return null;
    return { encoding: 'gb18030', text };
  }
}

function normaliseHeader(h: string): string {
  return h.replace(/^\ufeff/, '').trim().toLowerCase().replace(/[\s_\-（）()]/g, '');
}

const aliasToField = new Map<string, ImportField>();
for (const [field, aliases] of Object.entries(headerAliases) as [ImportField, string[]][]) {
  for (const a of aliases) aliasToField.set(normaliseHeader(a), field);
}

/** Files of mostly control characters are not CSV, whatever they decode to. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  if (!sample) return false;
  const controls = sample.match(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g)?.length ?? 0;
  return controls > 0 && controls / sample.length > 0.01;
}

export function readPeopleCsv(bytes: Uint8Array): ReadResult {
  if (bytes.byteLength === 0) return { ok: false, reason: 'empty' };
  if (bytes.byteLength > MAX_IMPORT_BYTES) return { ok: false, reason: 'tooLarge', params: { maxMb: MAX_IMPORT_BYTES / 1024 / 1024 } };
  const decoded = decodeBytes(bytes);
  if (!decoded) return { ok: false, reason: 'notDecodable' };
  // One kind of line ending makes csv-parse's line counts match what a spreadsheet shows.
  const text = decoded.text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  if (looksBinary(text)) return { ok: false, reason: 'binary' };
  if (!text.trim()) return { ok: false, reason: 'empty' };

  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  // Excel's "Unicode text" export is tab-separated; everything else here is comma-separated.
  const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : firstLine.includes(',') ? ',' : firstLine.includes(';') ? ';' : ',';

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      max_record_size: 64 * 1024,
      // Stop reading well past the limit: we only need to know the file is too long.
      to: MAX_IMPORT_ROWS + 2,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return { ok: false, reason: 'malformed', params: { line: typeof line === 'number' ? line : 0 } };
  }
  if (records.length === 0) return { ok: false, reason: 'noHeader' };

  const header = records[0].record.map(normaliseHeader);
  const columns = new Map<ImportField, number>();
  const ignoredColumns: string[] = [];
  header.forEach((h, i) => {
    const field = aliasToField.get(h);
    if (field && !columns.has(field)) columns.set(field, i);
    else if (h) ignoredColumns.push(records[0].record[i].trim());
  });
  if (columns.size === 0) return { ok: false, reason: 'noHeader' };
  const missing = requiredFields.filter((f) => !columns.has(f));
  if (missing.length) return { ok: false, reason: 'missingColumns', params: { columns: missing.join(', ') } };

  const data = records.slice(1);
  if (data.length > MAX_IMPORT_ROWS) return { ok: false, reason: 'tooManyRows', params: { max: MAX_IMPORT_ROWS } };
  if (data.length === 0) return { ok: false, reason: 'noRows' };

  const rows: RawRow[] = data.map(({ record, info }) => {
    // info.lines is the line a record ends on; quoted fields may span lines.
    const innerNewlines = record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    const values: Partial<Record<ImportField, string>> = {};
    for (const [field, i] of columns) values[field] = record[i] ?? '';
    return { line: info.lines - innerNewlines, values };
  });
  return { ok: true, encoding: decoded.encoding, rows, ignoredColumns };
}

/** Splits a unit path like `总部/华东区/生产部` (also full-width ／ or ' > '). */
export function splitUnitPath(path: string): string[] {
  return path
    .split(/\s*(?:\/|／|>)\s*/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}
