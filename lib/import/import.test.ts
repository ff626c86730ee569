import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { importPeopleCsv } from './import-people';
import { readPeopleFile } from './read-csv';

let t: TestDb;
let admin: Viewer;
let employee: Viewer;

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const withBom = (s: string) => new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]));
const gb = (s: string) => new Uint8Array(iconv.encode(s, 'gb18030'));

async function people() {
  return t.db.selectFrom('person').select(['email', 'name', 'name_en', 'unit_id', 'position', 'level', 'origin']).orderBy('email').execute();
}

beforeAll(async () => {
  t = await createTestDb();
  const hq = await insertUnit(t.db, { name: '总部', nameEn: 'Headquarters' });
  const east = await insertUnit(t.db, { name: '华东区', nameEn: 'East China Region', parentId: hq });
  await insertUnit(t.db, { name: '生产部', nameEn: 'Production', parentId: east });
  const it = await insertUnit(t.db, { name: '信息技术部', nameEn: 'IT', parentId: hq });
  admin = (await loadViewer(t.db, await insertPerson(t.db, { email: 'admin@xinghai.example', unitId: it, roles: ['admin'] })))!;
  employee = (await loadViewer(t.db, await insertPerson(t.db, { email: 'emp@xinghai.example', unitId: it })))!;
  await insertPerson(t.db, { email: 'old@xinghai.example', name: '老员工', unitId: it, position: '工程师', level: 'P3' });
  const org = await insertPartnerOrg(t.db, { name: '恒通', type: 'supplier' });
  await insertPerson(t.db, { email: 'chen@hengtong.example', partnerOrgId: org });
});
afterAll(() => t.drop());

describe('reading the file', () => {
  it('reads UTF-8 with and without BOM and GB18030, with Chinese headers', async () => {
    const csv = '姓名,邮箱,部门路径,职位,职级\n张三,zhang.san@x.example,总部/华东区,工程师,P5\n';
    for (const bytes of [utf8(csv), withBom(csv), gb(csv)]) {
      const r = await readPeopleFile(bytes);
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.rows).toEqual([{ line: 2, values: { name: '张三', email: 'zhang.san@x.example', unitPath: '总部/华东区', position: '工程师', level: 'P5' } }]);
    }
    expect(await readPeopleFile(gb(csv))).toMatchObject({ encoding: 'gb18030' });
    expect(await readPeopleFile(withBom(csv))).toMatchObject({ encoding: 'utf-8' });
  });

  it('reads an XLSX workbook with Chinese headers (row numbers as lines)', async () => {
    const { tableToXlsx } = await import('@/lib/tabular/write');
    const xlsx = await tableToXlsx({ header: ['姓名', '邮箱', '部门路径', '职级'], rows: [['张三', 'zhang.san@x.example', '总部/华东区', 5]] }, 'UTC');
    const r = await readPeopleFile(new Uint8Array(xlsx));
    expect(r).toMatchObject({ ok: true, kind: 'xlsx', rows: [{ line: 2, values: { name: '张三', email: 'zhang.san@x.example', unitPath: '总部/华东区', level: '5' } }] });
  });

  it('counts lines like a spreadsheet, across blank lines, CRLF and quoted line breaks', async () => {
    const r = await readPeopleFile(utf8('name,email,unit path\r\na,a@x.example,总部\r\n\r\n"b\nb",b@x.example,总部\r\nc,c@x.example,总部\r\n'));
    expect(r.ok && r.rows.map((x) => x.line)).toEqual([2, 4, 6]);
  });

  it('refuses unreadable files', async () => {
    expect(await readPeopleFile(new Uint8Array())).toMatchObject({ ok: false, reason: 'empty' });
    expect(await readPeopleFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08]))).toMatchObject({ ok: false, reason: 'notDecodable' });
    expect(await readPeopleFile(new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41))).toMatchObject({ ok: false, reason: 'tooLarge' });
    expect(await readPeopleFile(utf8('foo,bar\n1,2\n'))).toMatchObject({ ok: false, reason: 'noHeader' });
    expect(await readPeopleFile(utf8('name,email\nx,x@x.example\n'))).toMatchObject({ ok: false, reason: 'missingColumns' });
    expect(await readPeopleFile(utf8('name,email,unit\n'))).toMatchObject({ ok: false, reason: 'noRows' });
    expect(await readPeopleFile(utf8('name,email,unit\n"a,b@x.example,总部\n'))).toMatchObject({ ok: false, reason: 'malformed' });
    const many = 'name,email,unit\n' + Array.from({ length: 20_001 }, (_, i) => `n${i},n${i}@x.example,总部`).join('\n');
    expect(await readPeopleFile(utf8(many))).toMatchObject({ ok: false, reason: 'tooManyRows' });
  });
});

describe('importing people', () => {
  it('applies nothing for an unreadable file, and is for admins only', async () => {
    const before = await people();
    expect(await importPeopleCsv(t.db, admin, { bytes: new Uint8Array([0xff, 0x00, 0x12, 0x00]) })).toMatchObject({ ok: false });
    expect(await people()).toEqual(before);
    await expect(importPeopleCsv(t.db, employee, { bytes: utf8('name,email,unit\na,a@x.example,总部\n') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('creates, updates and rejects by line number in one go', async () => {
    const csv = [
      'Name,E-mail,Unit path,Position,Level,Name_EN', // 1
      '张三,Zhang.San@X.example,总部/华东区/生产部,工程师,P5,Zhang San', // 2 created (e-mail lowercased)
      '老员工改名,OLD@xinghai.example,Headquarters/East China Region,,P4,', // 3 updated (position kept)
      '李四,li.si@x.example,总部/不存在,,,', // 4 unknown unit
      ',nobody@x.example,总部,,,', // 5 missing name
      '王五,Wang Wu <wang.wu@x.example>,总部,,,', // 6 display-name form
      '赵六,zhao@x.example,总部,,,', // 7 created
      '赵六二,zhao@x.example,总部,,,', // 8 duplicate of line 7
      '陈,chen@hengtong.example,总部,,,', // 9 partner e-mail
      '假,fake＠x.example,总部,,,', // 10 full-width at sign
      '西,xi@xn--x-ex\u0430mple.com,总部,,,', // 11 Cyrillic a
    ].join('\n');
    const r = await importPeopleCsv(t.db, admin, { bytes: utf8(csv), fileName: 'people.csv' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const byLine = Object.fromEntries(r.rows.map((x) => [x.line, x]));
    expect(byLine[2].outcome).toBe('created');
    expect(byLine[3].outcome).toBe('updated');
    expect(byLine[4]).toMatchObject({ outcome: 'rejected', reasons: [{ key: 'admin.import.reasons.unknownUnit' }] });
    expect(byLine[5]).toMatchObject({ outcome: 'rejected', reasons: [{ key: 'errors.validation.required', field: 'name' }] });
    expect(byLine[6]).toMatchObject({ outcome: 'rejected', reasons: [{ key: 'errors.validation.emailInvalid', field: 'email' }] });
    expect(byLine[7].outcome).toBe('created');
    expect(byLine[8]).toMatchObject({ outcome: 'rejected', reasons: [{ key: 'admin.import.reasons.duplicateInFile', params: { line: 7 } }] });
    expect(byLine[9]).toMatchObject({ outcome: 'rejected', reasons: [{ key: 'admin.import.reasons.partnerEmail' }] });
    expect(byLine[10].outcome).toBe('rejected');
    expect(byLine[11].outcome).toBe('rejected');
    expect(r.counts).toEqual({ created: 2, updated: 1, unchanged: 0, rejected: 7 });

    const zhang = await t.db.selectFrom('person').selectAll().where('email', '=', 'zhang.san@x.example').executeTakeFirstOrThrow();
    expect(zhang).toMatchObject({ name: '张三', name_en: 'Zhang San', origin: 'import', kind: 'employee', position: '工程师', level: 'P5' });
    // Pinyin keys are written on import (and on rename below), set-based like the rest.
    expect(zhang).toMatchObject({ name_sort: 'zhang san', name_pinyin: 'zhangsan', name_initials: 'zs' });
    const old = await t.db.selectFrom('person').selectAll().where('email', '=', 'old@xinghai.example').executeTakeFirstOrThrow();
    expect(old).toMatchObject({ name: '老员工改名', position: '工程师', level: 'P4', origin: 'seed', name_pinyin: 'laoyuangonggaiming', name_initials: 'lyggm' });
    const audit = await t.db.selectFrom('audit_log').select(['details']).where('action', '=', 'import.people').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ created: 2, updated: 1, rejected: 7, fileName: 'people.csv' });
  });

  it('imports a GB18030 file from Excel and reports unchanged rows on a second run', async () => {
    const csv = '姓名,邮箱,部门,职位,职级\r\n孙七,sun.qi@x.example,总部/信息技术部,系统工程师,P4\r\n';
    const first = await importPeopleCsv(t.db, admin, { bytes: gb(csv) });
    expect(first).toMatchObject({ ok: true, encoding: 'gb18030', counts: { created: 1 } });
    const second = await importPeopleCsv(t.db, admin, { bytes: gb(csv) });
    expect(second).toMatchObject({ ok: true, counts: { created: 0, unchanged: 1 } });
    const sun = await t.db.selectFrom('person').select(['name', 'position']).where('email', '=', 'sun.qi@x.example').executeTakeFirstOrThrow();
    expect(sun).toEqual({ name: '孙七', position: '系统工程师' });
  });

  it('handles a large file with set-based writes', async () => {
    const n = 3000;
    const csv = 'name,email,unit\n' + Array.from({ length: n }, (_, i) => `员工${i},bulk${i}@x.example,总部/华东区`).join('\n');
    const started = Date.now();
    const r = await importPeopleCsv(t.db, admin, { bytes: utf8(csv) });
    expect(r).toMatchObject({ ok: true, counts: { created: n, rejected: 0 } });
    expect(Date.now() - started).toBeLessThan(10_000);
    const { count } = await t.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('count')).where('email', 'like', 'bulk%').executeTakeFirstOrThrow();
    expect(count).toBe(n);
  });
});

describe('import template', () => {
  it('is for admins only: partners get not found, other employees forbidden', async () => {
    const { importTemplateCsv } = await import('./template');
    const base = { id: 'x', email: 'x@x', name: 'x', nameEn: null, status: 'active' as const, locale: null, timezone: 'UTC', unitId: null, partnerOrgId: null, headOfUnitIds: [] };
    const strings = { header: 'name,email', example: '张三,z@x.example' };
    expect(importTemplateCsv({ ...base, kind: 'employee', roles: ['admin'] }, strings)).toBe('\ufeff"name","email"\r\n"张三","z@x.example"\r\n');
    // The template reads back through the importer's own parser.
    expect(await readPeopleFile(new TextEncoder().encode(importTemplateCsv({ ...base, kind: 'employee', roles: ['admin'] }, { header: 'name,email,unit', example: '张三,z@x.example,总部' })))).toMatchObject({ ok: true });
    expect(() => importTemplateCsv({ ...base, kind: 'employee', roles: [] }, strings)).toThrow(/FORBIDDEN/);
    expect(() => importTemplateCsv({ ...base, kind: 'partner', partnerOrgId: 'o', roles: ['partner_admin'] }, strings)).toThrow(/NOT_FOUND/);
    expect(() => importTemplateCsv(null, strings)).toThrow(/UNAUTHENTICATED/);
  });
});
