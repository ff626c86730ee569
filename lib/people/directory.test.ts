import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { getOrgChartLevel, ORG_CHART_PAGE } from '@/lib/org/chart';
import { searchPicker } from '@/lib/pickers/queries';
import { createEmployee, saveDirectorySettings, updatePerson } from './mutations';
import { getPersonProfile } from './person-page';
import { pinyinKeys } from './pinyin';
import { searchDirectory } from './queries';
import { PAGE_SIZE } from './schema';

let t: TestDb;
let hq: string;
let prod: string;
let team: string;
const ids: Record<string, string> = {};
let v: Record<'admin' | 'employee' | 'head' | 'partnerA' | 'partnerB', Viewer>;

beforeAll(async () => {
  t = await createTestDb();
  hq = await insertUnit(t.db, { name: '总部', nameEn: 'HQ' });
  prod = await insertUnit(t.db, { name: '生产部', nameEn: 'Production', parentId: hq });
  team = await insertUnit(t.db, { name: '装配一组', nameEn: 'Assembly Team 1', parentId: prod });
  ids.admin = await insertPerson(t.db, { email: 'wang.lei@x.example', name: '王磊', nameEn: 'Wang Lei', unitId: hq, roles: ['admin'] });
  ids.head = await insertPerson(t.db, { email: 'zhang.wei@x.example', name: '张伟', nameEn: 'Zhang Wei', unitId: prod, position: '生产部经理' });
  ids.employee = await insertPerson(t.db, { email: 'liu.yang@x.example', name: '刘洋', nameEn: 'Liu Yang', unitId: team, position: '装配技工', level: 'P3' });
  ids.lixue = await insertPerson(t.db, { email: 'li.xue@x.example', name: '李雪', unitId: team });
  ids.linan = await insertPerson(t.db, { email: 'lin.an@x.example', name: '林安', unitId: team });
  ids.anna = await insertPerson(t.db, { email: 'anna@x.example', name: 'Anna Smith', unitId: team });
  ids.gone = await insertPerson(t.db, { email: 'zhao.min@x.example', name: '赵敏', unitId: team, status: 'deactivated' });
  await t.db.insertInto('unit_head').values({ unit_id: prod, person_id: ids.head }).execute();
  const orgA = await insertPartnerOrg(t.db, { name: '恒通精密', type: 'supplier' });
  const orgB = await insertPartnerOrg(t.db, { name: '华联商贸', type: 'distributor' });
  ids.partnerA = await insertPerson(t.db, { email: 'chen.gang@hengtong.example', name: '陈刚', partnerOrgId: orgA, roles: ['partner_admin'] });
  ids.partnerB = await insertPerson(t.db, { email: 'wu.fang@hualian.example', name: '吴芳', partnerOrgId: orgB });
  const load = async (id: string) => (await loadViewer(t.db, id))!;
  v = { admin: await load(ids.admin), employee: await load(ids.employee), head: await load(ids.head), partnerA: await load(ids.partnerA), partnerB: await load(ids.partnerB) };
});
afterAll(() => t.drop());

const emails = (r: { items: { email: string }[] }) => r.items.map((p) => p.email);

describe('pinyin keys', () => {
  it('reads names as names: surnames, ü as v, Latin words kept', () => {
    expect(pinyinKeys('刘洋')).toEqual({ sort: 'liu yang', full: 'liuyang', initials: 'ly' });
    expect(pinyinKeys('单雄信').full).toBe('shanxiongxin');
    expect(pinyinKeys('吕布').full).toBe('lvbu');
    expect(pinyinKeys('Anna Smith')).toEqual({ sort: 'anna smith', full: 'annasmith', initials: 'as' });
  });
});

describe('directory: pinyin search and order', () => {
  it('finds 刘洋 by full pinyin, spaced pinyin, initials, prefix and given name', async () => {
    for (const q of ['liuyang', 'liu yang', 'LiuYang', 'ly', 'liuy', 'yang', '刘洋', '刘']) {
      expect(emails(await searchDirectory(t.db, v.employee, { q })), q).toContain('liu.yang@x.example');
    }
    expect(emails(await searchDirectory(t.db, v.employee, { q: 'ly' }))).toEqual(['liu.yang@x.example']);
    // Still by e-mail, position, unit and English name.
    expect(emails(await searchDirectory(t.db, v.employee, { q: 'liu.yang@' }))).toEqual(['liu.yang@x.example']);
    expect(emails(await searchDirectory(t.db, v.employee, { q: '装配技工' }))).toEqual(['liu.yang@x.example']);
    expect(emails(await searchDirectory(t.db, v.employee, { q: 'Zhang Wei' }))).toEqual(['zhang.wei@x.example']);
    // Deactivated people are never found.
    expect(emails(await searchDirectory(t.db, v.employee, { q: 'zm' }))).toEqual([]);
  });

  it('sorts in pinyin order (syllable by syllable), Latin names among them', async () => {
    const all = emails(await searchDirectory(t.db, v.employee, {}));
    expect(all).toEqual(['anna@x.example', 'li.xue@x.example', 'lin.an@x.example', 'liu.yang@x.example', 'wang.lei@x.example', 'zhang.wei@x.example']);
  });

  it('keeps the keys when people are created and renamed', async () => {
    const { id } = await createEmployee(t.db, v.admin, { name: '曾小贤', email: 'zeng@x.example', unitId: team });
    expect(emails(await searchDirectory(t.db, v.employee, { q: 'zxx' }))).toEqual(['zeng@x.example']);
    await updatePerson(t.db, v.admin, { personId: id, name: '欧阳娜娜', email: 'zeng@x.example', unitId: team });
    expect(emails(await searchDirectory(t.db, v.employee, { q: 'zxx' }))).toEqual([]);
    expect(emails(await searchDirectory(t.db, v.employee, { q: 'oynn' }))).toEqual(['zeng@x.example']);
    expect(emails(await searchDirectory(t.db, v.employee, { q: 'ouyang' }))).toEqual(['zeng@x.example']);
  });

  it('unfiltered pages read in index order; the next page rests on the rows, not the kept total', async () => {
    const first = await searchDirectory(t.db, v.employee, {});
    // The same order as a filtered list (which sorts its matches instead of reading the index).
    expect(emails(first)).toEqual(emails(await searchDirectory(t.db, v.employee, { unitId: hq })));
    // Enough new people for a second page, while the first call's total is still kept (30 s).
    for (let i = 0; i < PAGE_SIZE; i++) await insertPerson(t.db, { email: `bulk${i}@x.example`, name: `批量${i}`, unitId: team });
    const again = await searchDirectory(t.db, v.employee, {});
    expect(again.items).toHaveLength(PAGE_SIZE);
    expect(again.hasNext).toBe(true);
    expect(again.total).toBeGreaterThan(PAGE_SIZE);
    const second = await searchDirectory(t.db, v.employee, { page: '2' });
    expect(second.items.length).toBeGreaterThan(0);
    expect(second.items.map((i) => i.id)).not.toContain(again.items[0].id);
    await t.db.deleteFrom('person').where('email', 'like', 'bulk%@x.example').execute();
  });

  it('an unfiltered page is read through the order index (EXPLAIN, sequential scans off)', async () => {
    await t.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      await sql`set local enable_sort = off`.execute(trx);
      const { personOrderSql } = await import('./search-sql');
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain select id from person p where p.kind = 'employee' and p.status = 'active' order by ${personOrderSql} limit 26`.execute(trx);
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/person_directory_order_idx/);
    });
  });

  it('the people picker finds by pinyin too', async () => {
    expect((await searchPicker(t.db, v.employee, 'person', { q: 'ly' }, 'zh-CN')).map((o) => o.id)).toEqual([ids.employee]);
    expect((await searchPicker(t.db, v.employee, 'person', { q: 'liu yang' }, 'en')).map((o) => o.id)).toEqual([ids.employee]);
  });

  it('search is served by indexes (EXPLAIN, sequential scans off as at scale)', async () => {
    await t.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      for (const q of ['ly', 'liuyang', '刘洋']) {
        const { rows } = await sql<{ 'QUERY PLAN': string }>`explain select id from person p where ${(await import('./search-sql')).personSearchSql(q)}`.execute(trx);
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan, q).not.toMatch(/Seq Scan on person/);
      }
    });
  });
});

describe('person page: who may see it', () => {
  // Rows: viewer × person → outcome. Partners (both organisations) never reach internal pages.
  const rows: [string, keyof typeof v, string, 'ok' | 'NOT_FOUND'][] = [
    ['employee sees a colleague', 'employee', 'head', 'ok'],
    ['employee sees themself', 'employee', 'employee', 'ok'],
    ['employee: deactivated person unknown', 'employee', 'gone', 'NOT_FOUND'],
    ['admin sees a deactivated person', 'admin', 'gone', 'ok'],
    ['employee: partner person has no page', 'employee', 'partnerA', 'NOT_FOUND'],
    ['admin: partner person has no page here', 'admin', 'partnerB', 'NOT_FOUND'],
    ['partner A: internal person', 'partnerA', 'employee', 'NOT_FOUND'],
    ['partner A: own organisation', 'partnerA', 'partnerA', 'NOT_FOUND'],
    ['partner B: internal person', 'partnerB', 'head', 'NOT_FOUND'],
  ];
  it.each(rows)('%s', async (_label, viewer, person, outcome) => {
    const p = getPersonProfile(t.db, v[viewer], ids[person]);
    if (outcome === 'ok') await expect(p).resolves.toMatchObject({ id: ids[person] });
    else await expect(p).rejects.toMatchObject({ code: outcome });
  });

  it('unknown, malformed and anonymous', async () => {
    await expect(getPersonProfile(t.db, v.employee, '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPersonProfile(t.db, v.employee, 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPersonProfile(t.db, null, ids.head)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('shows unit path, heads and the contact fields the company chose', async () => {
    const p = await getPersonProfile(t.db, v.head, ids.employee);
    expect(p.unitPath.map((u) => u.name)).toEqual(['总部', '生产部', '装配一组']);
    expect(p.heads.map((h) => h.name)).toEqual(['张伟']);
    expect(p.contact).toEqual({ email: 'liu.yang@x.example', level: null, timezone: null });
    expect(p.can).toEqual({ view: true, administer: false });
    // The head's own page names no head (nobody above has one) and lists the unit headed.
    const h = await getPersonProfile(t.db, v.employee, ids.head);
    expect(h.heads).toEqual([]);
    expect(h.headOf.map((u) => u.name)).toEqual(['生产部']);

    await expect(saveDirectorySettings(t.db, v.employee, { contactFields: ['email'] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(saveDirectorySettings(t.db, v.partnerA, { contactFields: ['email'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(saveDirectorySettings(t.db, v.admin, { contactFields: ['phone'] })).rejects.toMatchObject({ code: 'INVALID' });
    await saveDirectorySettings(t.db, v.admin, { contactFields: ['level', 'timezone'] });
    expect((await getPersonProfile(t.db, v.head, ids.employee)).contact).toEqual({ email: null, level: 'P3', timezone: 'Asia/Shanghai' });
    expect(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'directory.contact_fields').execute()).toHaveLength(1);
    await saveDirectorySettings(t.db, v.admin, { contactFields: 'email' });
  });
});

describe('org chart: level by level', () => {
  it('opens the top level, then a unit: heads, head counts, sub-units', async () => {
    const top = await getOrgChartLevel(t.db, v.employee, {});
    expect(top.unit).toBeNull();
    expect(top.children.map((u) => [u.name, u.headCount, u.childCount])).toEqual([['总部', 7, 1]]);
    const level = await getOrgChartLevel(t.db, v.employee, { unit: prod });
    expect(level.path.map((u) => u.name)).toEqual(['总部', '生产部']);
    expect(level.unit).toMatchObject({ name: '生产部', headCount: 6, directCount: 1, heads: [{ name: '张伟' }] });
    expect(level.children.map((u) => [u.name, u.headCount])).toEqual([['装配一组', 5]]);
  });

  it('pages a wide level by keyset and searches it', async () => {
    const wide = await insertUnit(t.db, { name: '宽层', parentId: hq });
    await sql`insert into org_unit (parent_id, name, sort_order) select ${wide}::uuid, '分组' || lpad(i::text, 4, '0'), 0 from generate_series(1, 120) i`.execute(t.db);
    await sql`insert into org_unit_closure (ancestor_id, descendant_id, depth)
      select c.ancestor_id, u.id, c.depth + 1 from org_unit u join org_unit_closure c on c.descendant_id = u.parent_id where u.parent_id = ${wide}::uuid
      union all select u.id, u.id, 0 from org_unit u where u.parent_id = ${wide}::uuid`.execute(t.db);
    const p1 = await getOrgChartLevel(t.db, v.employee, { unit: wide });
    expect(p1.children).toHaveLength(ORG_CHART_PAGE);
    const p2 = await getOrgChartLevel(t.db, v.employee, { unit: wide, after: p1.next! });
    const p3 = await getOrgChartLevel(t.db, v.employee, { unit: wide, after: p2.next! });
    expect(p3.next).toBeNull();
    const names = [...p1.children, ...p2.children, ...p3.children].map((u) => u.name);
    expect(names).toHaveLength(120);
    expect(new Set(names).size).toBe(120);
    expect(names[0]).toBe('分组0001');
    expect((await getOrgChartLevel(t.db, v.employee, { unit: wide, q: '0077' })).children.map((u) => u.name)).toEqual(['分组0077']);
  });

  it('is for employees: partners A and B NOT_FOUND, anonymous signs in, unknown unit NOT_FOUND', async () => {
    await expect(getOrgChartLevel(t.db, v.partnerA, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getOrgChartLevel(t.db, v.partnerB, { unit: prod })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getOrgChartLevel(t.db, null, {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(getOrgChartLevel(t.db, v.employee, { unit: '00000000-0000-0000-0000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getOrgChartLevel(t.db, v.employee, { unit: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
