import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { readSheet } from 'read-excel-file/node';

/**
 * Every uploaded table (people import, order lines) is read here, once: CSV in UTF-8 (± BOM),
 * GB18030/GBK (Excel on Chinese Windows) or UTF-16 with BOM, or XLSX (first sheet, read-excel-file).
 * Pure (no database): a file that cannot be read yields `{ ok: false, reason }`.
 *
 * `readTable(bytes, spec)` maps the header row to fields through aliases (compared after trimming,
 * lowercasing and removing spaces, `_`, `-` and brackets) and returns each data row with the line
 * number a spreadsheet shows for it (CSV: the line the record starts on; XLSX: the row number).
 */

export type Encoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
export type SourceKind = 'csv' | 'xlsx';
export type UnreadableReason = 'empty' | 'tooLarge' | 'binary' | 'notDecodable' | 'malformed' | 'noHeader' | 'missingColumns' | 'tooManyRows' | 'noRows';
export type Unreadable = { ok: false; reason: UnreadableReason; params?: Record<string, string | number> };

/** One record of the file: its cells as text, and the line/row number it starts on. */
export type RawRecord = { line: number; cells: string[] };
export type RecordsResult = { ok: true; kind: SourceKind; encoding: Encoding; records: RawRecord[] } | Unreadable;

export type TableSpec<F extends string> = {
  aliases: Record<F, readonly string[]>;
  required: readonly F[];
  maxBytes: number;
  maxRows: number;
};
export type RawRow<F extends string> = { line: number; values: Partial<Record<F, string>> };
export type TableResult<F extends string> =
  | { ok: true; kind: SourceKind; encoding: Encoding; rows: RawRow<F>[]; ignoredColumns: string[] }
  | Unreadable;

export function decodeBytes(bytes: Uint8Array): { encoding: Encoding; text: string } | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf-16le', text: iconv.decode(buf.subarray(2), 'utf-16le') };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf-16be', text: iconv.decode(buf.subarray(2), 'utf-16be') };
  // NUL bytes never occur in UTF-8 or GB18030 text: this is a binary file (image, …).
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

/**
 * Header names compare without case, spaces, `_`, `-` and brackets, and without the zone our own
 * exports add to date columns (`交期 (Asia/Shanghai)`), so an export reads back.
 */
export function normaliseHeader(h: string): string {
  return h
    .replace(/^\ufeff/, '')
    .replace(/\s*\((?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)\)\s*$/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_\-（）()]/g, '');
}

/** Files of mostly control characters are not CSV, whatever they decode to. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  if (!sample) return false;
  const controls = sample.match(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g)?.length ?? 0;
  return controls > 0 && controls / sample.length > 0.01;
}

/** A ZIP local-file header: XLSX (and other Office Open XML files) start with it. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function readCsvRecords(bytes: Uint8Array, maxRows: number): RecordsResult {
  const decoded = decodeBytes(bytes);
  if (!decoded) return { ok: false, reason: 'notDecodable' };
  // One kind of line ending makes csv-parse's line counts match what a spreadsheet shows.
  const text = decoded.text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  if (looksBinary(text)) return { ok: false, reason: 'binary' };
  if (!text.trim()) return { ok: false, reason: 'empty' };

  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  // Excel's "Unicode text" export is tab-separated; European Excel uses ';'; everything else ','.
  const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : firstLine.includes(',') ? ',' : firstLine.includes(';') ? ';' : ',';

  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      max_record_size: 64 * 1024,
      // Stop reading well past the limit: we only need to know the file is too long.
      to: maxRows + 2,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return { ok: false, reason: 'malformed', params: { line: typeof line === 'number' ? line : 0 } };
  }
  const records = parsed.map(({ record, info }) => {
    // info.lines is the line a record ends on; quoted fields may span lines.
    const innerNewlines = record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    return { line: info.lines - innerNewlines, cells: record };
  });
  return { ok: true, kind: 'csv', encoding: decoded.encoding, records };
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** An XLSX cell as the text a person typed: dates as `2026-12-01` (or with the time when it has one). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    // Serial numbers are fractions of days: round to the second before reading the clock.
    const d = new Date(Math.round(v.getTime() / 1000) * 1000);
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const time = d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds() ? ` ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` : '';
    return day + time;
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

async function readXlsxRecords(bytes: Uint8Array, maxRows: number): Promise<RecordsResult> {
  let data: unknown[][];
  try {
    // Numbers stay the text the file holds (no float rounding of quantities and prices).
    data = (await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { parseNumber: (s: string) => s, trim: false })) as unknown[][];
  } catch {
    return { ok: false, reason: 'notDecodable' };
  }
  const records: RawRecord[] = [];
  for (let i = 0; i < data.length && records.length <= maxRows + 1; i++) {
    const cells = (data[i] ?? []).map(cellText);
    if (cells.every((c) => c.trim() === '')) continue;
    records.push({ line: i + 1, cells });
  }
  if (records.length === 0) return { ok: false, reason: 'empty' };
  return { ok: true, kind: 'xlsx', encoding: 'utf-8', records };
}

/** The file's records (header included), CSV or XLSX by content (an XLSX is a ZIP archive). */
export async function readRecords(bytes: Uint8Array, opts: { maxBytes: number; maxRows: number }): Promise<RecordsResult> {
  if (bytes.byteLength === 0) return { ok: false, reason: 'empty' };
  if (bytes.byteLength > opts.maxBytes) return { ok: false, reason: 'tooLarge', params: { maxMb: Math.round((opts.maxBytes / 1024 / 1024) * 10) / 10 } };
  return isZip(bytes) ? readXlsxRecords(bytes, opts.maxRows) : readCsvRecords(bytes, opts.maxRows);
}

/** Reads a file and maps its header row to fields; rows keyed by field with their line numbers. */
export async function readTable<F extends string>(bytes: Uint8Array, spec: TableSpec<F>): Promise<TableResult<F>> {
  const read = await readRecords(bytes, spec);
  if (!read.ok) return read;
  const { records } = read;
  if (records.length === 0) return { ok: false, reason: 'noHeader' };

  const aliasToField = new Map<string, F>();
  for (const [field, aliases] of Object.entries(spec.aliases) as [F, readonly string[]][]) {
    for (const a of aliases) aliasToField.set(normaliseHeader(a), field);
  }
  const headerCells = records[0].cells;
  const columns = new Map<F, number>();
  const ignoredColumns: string[] = [];
  headerCells.map(normaliseHeader).forEach((h, i) => {
    const field = aliasToField.get(h);
    if (field && !columns.has(field)) columns.set(field, i);
    else if (h) ignoredColumns.push(headerCells[i].trim());
  });
  if (columns.size === 0) return { ok: false, reason: 'noHeader' };
  const missing = spec.required.filter((f) => !columns.has(f));
  if (missing.length) return { ok: false, reason: 'missingColumns', params: { columns: missing.join(', ') } };

  const data = records.slice(1);
  if (data.length > spec.maxRows) return { ok: false, reason: 'tooManyRows', params: { max: spec.maxRows } };
  if (data.length === 0) return { ok: false, reason: 'noRows' };

  const rows = data.map(({ cells, line }) => {
    const values: Partial<Record<F, string>> = {};
    for (const [field, i] of columns) values[field] = cells[i] ?? '';
    return { line, values };
  });
  return { ok: true, kind: read.kind, encoding: read.encoding, rows, ignoredColumns };
}
