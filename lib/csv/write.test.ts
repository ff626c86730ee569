import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutraliseFormulas, toCsv } from './write';

const cells = (csv: string) => parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];

describe('CSV for spreadsheets', () => {
  it('quotes every field, BOM and CRLF, and reads back to the same cells', () => {
    const csv = toCsv([['名字', 'a,b', 'x;y', 'say "hi"', '', null, 5], ['line\nbreak', undefined, true, new Date('2026-11-22T08:00:00Z'), { k: 1 }]]);
    expect(csv.startsWith('\uFEFF"名字","a,b","x;y","say ""hi""","","","5"\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(cells(csv)).toEqual([
      ['名字', 'a,b', 'x;y', 'say "hi"', '', '', '5'],
      ['line\nbreak', '', 'true', '2026-11-22T08:00:00.000Z', '{"k":1}'],
    ]);
  });

  it('neutralises formula starts at the start of a value, after spaces, and after any separator', () => {
    for (const bad of ['=1+1', '+1', '-1+2', '@SUM(A1)', '\t=1', '\r=1', '＝1+1', '  =1+1']) {
      const [[cell]] = cells(toCsv([[bad]]));
      expect(cell.trimStart().startsWith("'"), JSON.stringify(bad)).toBe(true);
    }
    // Programs that split on ; or , (ignoring the quotes) must not find a formula either.
    expect(neutraliseFormulas('Mozilla/5.0;=cmd|\' /C calc\'!A0')).toBe("Mozilla/5.0;'=cmd|' /C calc'!A0");
    expect(neutraliseFormulas('a,=HYPERLINK("http://x")')).toBe('a,\'=HYPERLINK("http://x")');
    expect(neutraliseFormulas('x|@y\t-z\n+w')).toBe("x|'@y\t'-z\n'+w");
    expect(neutraliseFormulas('a; =1')).toBe("a; '=1");
    // Harmless text is left alone.
    expect(neutraliseFormulas('王磊 wang.lei@x.example, 5-2=3')).toBe('王磊 wang.lei@x.example, 5-2=3');
  });

  it('numbers stay numbers (a negative number is no formula); JSON is neutralised like text', () => {
    expect(cells(toCsv([[-3, 12]]))).toEqual([['-3', '12']]);
    expect(cells(toCsv([[{ label: '=1+1', n: -1 }]]))[0][0]).toBe('{"label":"=1+1","n":-1}'); // no separator before "=": JSON stays readable
    expect(cells(toCsv([[['a', '=x']]]))[0][0]).toBe('["a","=x"]');
    expect(cells(toCsv([['-3']]))).toEqual([["'-3"]]); // text that looks like a formula is still text
  });
});
