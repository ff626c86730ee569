import { stringify } from 'csv-stringify/sync';

/**
 * Every CSV Plaza hands out (audit log, reach, the people-import template) is written here, once.
 *
 * - UTF-8 with a byte-order mark and CRLF line ends, so Excel shows Chinese and rows correctly.
 * - Every field is quoted (csv-stringify): a separator inside a value never starts a new cell,
 *   whether the spreadsheet splits on `,` or, as in many locales, on `;`.
 * - Spreadsheet formula injection (CWE-1236): a text value that a spreadsheet would run as a
 *   formula gets a leading apostrophe, which spreadsheets show as text. That is checked at the
 *   start of the value and again after every character some program may treat as a cell
 *   separator (`,` `;` tab `|` CR LF) — in case quoting is ignored — and leading spaces do not
 *   hide a formula. Formula starts: = + - @ tab CR and their full-width forms.
 *
 * Numbers are written as numbers (a negative number is not a formula); dates as ISO 8601; other
 * objects as JSON (then neutralised like text).
 */
export type CsvValue = string | number | bigint | boolean | Date | null | undefined | Record<string, unknown> | unknown[];

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
const SEPARATORS = new Set([',', ';', '\t', '|', '\r', '\n']);

/** Puts an apostrophe before every formula start at the beginning of a cell or after a separator. */
export function neutraliseFormulas(text: string): string {
  let out = '';
  let cellStart = true;
  for (const ch of text) {
    if (cellStart && FORMULA_START.has(ch)) out += "'";
    out += ch;
    if (SEPARATORS.has(ch)) cellStart = true;
    else if (ch !== ' ' && ch !== '\u3000') cellStart = false;
  }
  return out;
}

export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  const body = stringify(rows as unknown[][], {
    bom: true,
    record_delimiter: '\r\n',
    quoted: true,
    quoted_empty: true,
    cast: {
      string: (v) => neutraliseFormulas(v),
      number: (v) => String(v),
      bigint: (v) => String(v),
      boolean: (v) => (v ? 'true' : 'false'),
      date: (v) => v.toISOString(),
      object: (v) => neutraliseFormulas(JSON.stringify(v)),
    },
  });
  return body;
}

/** The Response headers of a CSV download. `filename` is ASCII (it goes into a quoted header value). */
export function csvHeaders(filename: string): Record<string, string> {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${safe}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}
