import iconv from 'iconv-lite';
import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { readRecords, readTable } from './read';
import { formatInZone, safeTimeZone, tableResponse, tableToCsv, tableToXlsx, tabularFormat, XLSX_CONTENT_TYPE, type Table } from './write';

const at = new Date('2026-11-29T18:30:05Z'); // 2026-11-30 02:30:05 in Shanghai, 13:30:05 in New York

const table: Table = {
  header: ['名称', '时间', '数量', '是否', '详情'],
  rows: [
    ['=HYPERLINK("http://x")', at, 12.5, true, { a: '=1' }],
    ['  +cmd|calc', null, -3, false, null],
    ['a;@SUM(A1)', at, 10n, null, ['x']],
  ],
};

describe('the format switch', () => {
  it('is xlsx only when asked, csv otherwise', () => {
    expect(tabularFormat('xlsx')).toBe('xlsx');
    expect(tabularFormat(null)).toBe('csv');
    expect(tabularFormat('XLS')).toBe('csv');
  });
});

describe('time zones', () => {
  it('writes wall-clock time in the zone, and unknown zones as UTC', () => {
    expect(formatInZone(at, 'Asia/Shanghai')).toBe('2026-11-30 02:30:05');
    expect(formatInZone(at, 'America/New_York')).toBe('2026-11-29 13:30:05');
    expect(safeTimeZone('Mars/Olympus')).toBe('UTC');
    expect(safeTimeZone(undefined)).toBe('UTC');
  });
});

describe('CSV', () => {
  it('names the zone on date columns, writes dates in it, neutralises formulas, keeps numbers', () => {
    const csv = tableToCsv(table, 'Asia/Shanghai');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\ufeff"名称","时间 (Asia/Shanghai)","数量","是否","详情"');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://x"")","2026-11-30 02:30:05","12.5","true","{""a"":""=1""}"`);
    expect(lines[2]).toBe(`"  '+cmd|calc","","-3","false",""`);
    expect(lines[3]).toContain(`"a;'@SUM(A1)"`);
    expect(tableToCsv(table, 'America/New_York')).toContain('"2026-11-29 13:30:05"');
  });
});

describe('XLSX', () => {
  it('writes number, boolean and real date cells in the zone, formulas as neutralised text, and reads back', async () => {
    const buf = await tableToXlsx(table, 'Asia/Shanghai');
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    const rows = await readSheet(buf, { trim: false });
    expect(rows[0]).toEqual(['名称', '时间 (Asia/Shanghai)', '数量', '是否', '详情']);
    expect(rows[1][0]).toBe(`'=HYPERLINK("http://x")`);
    expect(rows[1][1]).toBeInstanceOf(Date);
    // The wall clock Excel shows (serial numbers are fractions of days: compare to the second).
    expect(Math.round((rows[1][1] as unknown as Date).getTime() / 1000)).toBe(Date.UTC(2026, 10, 30, 2, 30, 5) / 1000);
    expect(rows[1][2]).toBe(12.5);
    expect(rows[1][3]).toBe(true);
    expect(rows[2][0]).toBe("  '+cmd|calc");
    expect(rows[2][2]).toBe(-3);
    expect(rows[3][0]).toBe("a;'@SUM(A1)");
    expect(rows[3][2]).toBe(10);
    // No cell holds a formula: the sheet XML has no <f> element.
    const { unzipSync, strFromU8 } = await import('fflate');
    const files = unzipSync(new Uint8Array(buf));
    const sheet = Object.entries(files).find(([name]) => name.startsWith('xl/worksheets/'))!;
    expect(strFromU8(sheet[1])).not.toMatch(/<f[ >]/);
  });

  it('drops characters XML cannot hold instead of writing a broken file', async () => {
    const buf = await tableToXlsx({ header: ['x'], rows: [['a\u0001b\u0008c']] }, 'UTC');
    expect((await readSheet(buf))[1][0]).toBe('abc');
  });

  it('answers with the right type and file name', async () => {
    const x = await tableResponse(table, { format: 'xlsx', timeZone: 'UTC', filename: 'reach-1' });
    expect(x.headers.get('content-type')).toBe(XLSX_CONTENT_TYPE);
    expect(x.headers.get('content-disposition')).toBe('attachment; filename="reach-1.xlsx"');
    const c = await tableResponse(table, { format: 'csv', timeZone: 'UTC', filename: 'reach-1' });
    expect(c.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await c.text()).toContain('"时间 (UTC)"');
  });
});

describe('reading', () => {
  const spec = { aliases: { name: ['name', '名称'], qty: ['qty', '数量'], due: ['due', '交期'] }, required: ['name', 'qty'] as const, maxBytes: 1 << 20, maxRows: 100 };

  it('reads CSV in UTF-8 with and without BOM and in GB18030 with Chinese headers', async () => {
    const csv = '名称,数量,交期,备注\n螺栓,10,2026-12-01,x\n';
    for (const bytes of [Buffer.from(csv), Buffer.from('\ufeff' + csv), iconv.encode(csv, 'gb18030')]) {
      const r = await readTable(new Uint8Array(bytes), spec);
      expect(r).toMatchObject({ ok: true, kind: 'csv', ignoredColumns: ['备注'], rows: [{ line: 2, values: { name: '螺栓', qty: '10', due: '2026-12-01' } }] });
    }
    expect(await readTable(new Uint8Array(iconv.encode(csv, 'gb18030')), spec)).toMatchObject({ encoding: 'gb18030' });
  });

  it('reads XLSX: numbers as written, dates as days, row numbers as lines, blank rows skipped', async () => {
    const buf = await tableToXlsx({ header: ['Name', 'QTY', 'Due'], rows: [['螺栓', 1.1, new Date('2026-12-01T00:00:00Z')], [null, null, null], ['=垫片', 3, null]] }, 'UTC');
    const r = await readTable(new Uint8Array(buf), spec);
    expect(r).toMatchObject({
      ok: true,
      kind: 'xlsx',
      rows: [
        { line: 2, values: { name: '螺栓', qty: '1.1', due: '2026-12-01' } },
        { line: 4, values: { name: "'=垫片", qty: '3', due: '' } },
      ],
    });
  });

  it('refuses what it cannot read', async () => {
    expect(await readRecords(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), spec)).toMatchObject({ ok: false, reason: 'notDecodable' });
    expect(await readRecords(new Uint8Array(2 << 20), spec)).toMatchObject({ ok: false, reason: 'tooLarge' });
    expect(await readTable(new Uint8Array(Buffer.from('名称\nx\n')), spec)).toMatchObject({ ok: false, reason: 'missingColumns', params: { columns: 'qty' } });
    const empty = await tableToXlsx({ header: ['名称', '数量'], rows: [] }, 'UTC');
    expect(await readTable(new Uint8Array(empty), spec)).toMatchObject({ ok: false, reason: 'noRows' });
  });
});
