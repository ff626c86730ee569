import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/node';
import { csvHeaders, neutraliseFormulas, toCsv, type CsvValue } from '@/lib/csv/write';

/**
 * Every table Plaza hands out as a download (audit log, reach, figures, orders) is written here,
 * once, as CSV (lib/csv/write.ts) or XLSX (write-excel-file) — one switch, `?format=xlsx`.
 *
 * - The same formula-injection defence in both formats: text cells go through `neutraliseFormulas`
 *   (an XLSX text cell is not run, but people re-save XLSX as CSV and copy cells around).
 * - Numbers are number cells, booleans boolean cells.
 * - Dates are written in the viewer's time zone (as the screens show them), and the zone is named
 *   in the header of every column that holds dates: `时间 (Asia/Shanghai)`. CSV gets
 *   `2026-11-29 14:03:05`, XLSX a real date cell with that wall-clock time.
 * - Other objects are written as JSON text (then neutralised like text).
 */
export type TabularFormat = 'csv' | 'xlsx';
export type TableCell = CsvValue;
export type Table = { header: string[]; rows: TableCell[][]; sheet?: string };

/** `?format=xlsx` → 'xlsx'; anything else (missing, unknown) → 'csv', today's default. */
export function tabularFormat(value: string | null | undefined): TabularFormat {
  return value === 'xlsx' ? 'xlsx' : 'csv';
}

/** The zone if the runtime knows it, else UTC (a person's stored zone is checked on save, but be safe). */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of `date` in `timeZone`, as a Date whose UTC fields carry it (what XLSX stores). */
export function wallClock(date: Date, timeZone: string): Date {
  const p: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(date)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, date.getUTCMilliseconds()));
}

/** `2026-11-29 14:03:05` in the zone. */
export function formatInZone(date: Date, timeZone: string): string {
  return wallClock(date, timeZone).toISOString().slice(0, 19).replace('T', ' ');
}

function isDate(v: unknown): v is Date {
  return v instanceof Date && !Number.isNaN(v.getTime());
}

/** The header with the zone named on every column that holds a date. */
export function zonedHeader(table: Table, timeZone: string): string[] {
  return table.header.map((h, i) => (table.rows.some((r) => isDate(r[i])) ? `${h} (${timeZone})` : h));
}

export function tableToCsv(table: Table, timeZone: string): string {
  const tz = safeTimeZone(timeZone);
  return toCsv([zonedHeader(table, tz), ...table.rows.map((r) => r.map((v) => (isDate(v) ? formatInZone(v, tz) : v)))]);
}

// Characters XML 1.0 does not allow (an XLSX with them does not open); Excel's cell limit.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const MAX_CELL_CHARS = 32_767;

function textCell(s: string): Cell {
  return { value: neutraliseFormulas(s).replace(XML_INVALID, '').slice(0, MAX_CELL_CHARS), type: String };
}

function xlsxCell(v: TableCell, timeZone: string): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return textCell(v);
  if (typeof v === 'number') return Number.isFinite(v) ? { value: v, type: Number } : null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? { value: Number(v), type: Number } : textCell(String(v));
  if (typeof v === 'boolean') return { value: v, type: Boolean };
  if (v instanceof Date) return isDate(v) ? { value: wallClock(v, timeZone), type: Date, format: 'yyyy-mm-dd hh:mm:ss' } : null;
  return textCell(JSON.stringify(v));
}

export async function tableToXlsx(table: Table, timeZone: string): Promise<Buffer> {
  const tz = safeTimeZone(timeZone);
  const data: SheetData = [
    zonedHeader(table, tz).map((h): Cell => ({ ...(textCell(h) as object), fontWeight: 'bold' }) as Cell),
    ...table.rows.map((r) => r.map((v) => xlsxCell(v, tz))),
  ];
  const width = (i: number) => Math.min(60, Math.max(10, ...[table.header[i] ?? '', ...table.rows.slice(0, 200).map((r) => (isDate(r[i]) ? '2026-01-01 00:00:00' : String(r[i] ?? '')))].map((s) => s.length + 2)));
  return writeXlsxFile(data, {
    sheet: (table.sheet ?? 'Sheet1').replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1',
    stickyRowsCount: 1,
    columns: table.header.map((_, i) => ({ width: width(i) })),
  }).toBuffer();
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The download: `filename` without extension (ASCII; anything else becomes `_`).
 *   return tableResponse(table, { format: tabularFormat(q.get('format')), timeZone: viewer.timezone, filename: 'reach-…' });
 */
export async function tableResponse(table: Table, opts: { format: TabularFormat; timeZone: string; filename: string }): Promise<Response> {
  if (opts.format === 'xlsx') {
    const body = await tableToXlsx(table, opts.timeZone);
    const headers = { ...csvHeaders(`${opts.filename}.xlsx`), 'content-type': XLSX_CONTENT_TYPE };
    return new Response(new Uint8Array(body), { headers });
  }
  return new Response(tableToCsv(table, opts.timeZone), { headers: csvHeaders(`${opts.filename}.csv`) });
}
