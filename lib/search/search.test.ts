import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { saveFolder, saveSpace } from '@/lib/kb/mutations';
import { choosePlan, cutoff, exactRows, keysRows, phraseFactor, rankDate, search, WINDOW, type SearchPlan, type SearchPlanReport } from './search';
import { buildTsQuery } from './tokens';

/**
 * The two ways of reading search candidates (decision 2200) — walking by date and filtering, or the
 * words' index first and then sorting, with or without a cut-off date — must give exactly the same
 * page for the same query, viewer and filters. 900 indexed documents with many equal update times
 * (ties decided by kind and id), words common and rare, Chinese, English and mixed, three audiences.
 */
describe('search plans', () => {
  let t: TestDb;
  const v: Record<string, Viewer> = {};
  const spaces: Record<string, string> = {};
  const total = 900;

  beforeAll(async () => {
    t = await createTestDb();
    const db = t.db;
    const hq = await insertUnit(db, { name: '总部' });
    const it = await insertUnit(db, { name: '信息技术部', parentId: hq });
    const prod = await insertUnit(db, { name: '生产部', parentId: hq });
    const org = await insertPartnerOrg(db, { name: '恒通', type: 'supplier' });
    const other = await insertPartnerOrg(db, { name: '华联', type: 'distributor' });
    const ids = {
      admin: await insertPerson(db, { email: 'admin@x.example', unitId: hq, roles: ['admin'] }),
      owner: await insertPerson(db, { email: 'owner@x.example', unitId: it }),
      prodWorker: await insertPerson(db, { email: 'prod@x.example', unitId: prod }),
      partner: await insertPerson(db, { email: 'a@a.example', partnerOrgId: org }),
      otherPartner: await insertPerson(db, { email: 'b@b.example', partnerOrgId: other }),
    };
    for (const [k, id] of Object.entries(ids)) v[k] = (await loadViewer(db, id))!;
    // Open to every employee; IT only; and a folder shared with one partner organisation.
    spaces.open = (await saveSpace(db, v.owner, { name: '设备维护', viewEveryone: 'on', editUnits: [it] })).id;
    spaces.it = (await saveSpace(db, v.owner, { name: '内部', viewUnits: [it], editUnits: [it] })).id;
    const shared = (await saveFolder(db, v.owner, { spaceId: spaces.open, name: '供应商', viewPartnerOrgs: [org], viewEveryone: 'on', editInherit: 'on' })).id;
    const keys = await db.selectFrom('kb_folder').select(['eff_view_audience_id as view', 'eff_edit_audience_id as edit']).where('id', '=', shared).executeTakeFirstOrThrow();
    const space = (id: string) => db.selectFrom('kb_space').select(['view_audience_id as view', 'edit_audience_id as edit']).where('id', '=', id).executeTakeFirstOrThrow();
    const open = await space(spaces.open);
    const itOnly = await space(spaces.it);
    // Documents: 报销 in most, 故障 in half, ERP 报销流程 in a fifth, 消防演练 in few, audit in titles
    // of some; 30 distinct update times only (ties), three audiences by g % 3.
    await sql`
      insert into search_document (kind, item_id, title, body, scope_id, updated_at, read_keys)
      select 'kb.article', gen_random_uuid(),
        case when g % 7 = 0 then 'ERP 报销流程 ' || g else '手册 ' || g end || case when g % 11 = 0 then ' audit' else '' end,
        case when g % 10 < 8 then '报销申请' else '请假' end || case when g % 2 = 0 then ' 设备故障处理' else '' end
          || case when g % 5 = 0 then ' 在 ERP 中提交报销流程' else '' end || case when g % 97 = 0 then ' 消防演练 evacuation' else '' end
          || ' auditing policy ' || g,
        case when g % 3 = 1 then ${spaces.it}::uuid else ${spaces.open}::uuid end,
        timestamptz '2026-11-01 00:00Z' + (g % 30) * interval '1 hour',
        case g % 3 when 0 then array[${open.view}::uuid, ${open.edit}::uuid]
                   when 1 then array[${itOnly.view}::uuid, ${itOnly.edit}::uuid]
                   else array[${keys.view}::uuid, ${keys.edit}::uuid] end
      from generate_series(1, ${total}) g`.execute(db);
    await sql`analyze search_document`.execute(db);
  });
  afterAll(() => t.drop());

  const walk: SearchPlan = { title: { kind: 'walk' }, body: { kind: 'walk' } };
  const index: SearchPlan = { title: { kind: 'index', since: null }, body: { kind: 'index', since: null } };
  const mixed: SearchPlan = { title: { kind: 'walk' }, body: { kind: 'index', since: null } };
  const at = (h: number) => new Date(Date.UTC(2026, 10, 1, h));
  // By permission: read_keys and a cut-off choose the rows, the words are tested on them.
  // Whole words by the index, the prefix tested on the rows (a query of both; otherwise the plain index).
  const wholeWords: SearchPlan = { title: { kind: 'index', since: at(20), exact: true }, body: { kind: 'index', since: at(3), exact: true } };
  const byKeys: SearchPlan = { title: { kind: 'index', since: at(25), keys: true }, body: { kind: 'index', since: at(27), keys: true } };

  it('walking by date and reading the index first return the same pages (every viewer, filter and page)', async () => {
    const queries = ['报销', '故障', '设备故障', 'ERP 报销流程', 'erp', 'audit', 'audi', '消防 演练', 'evac', '请假', '手册', '没有的词', 'auditing polic', 'policy audi'];
    const filters: Record<string, string>[] = [{}, { space: '' }, { from: '2026-11-01', to: '2026-11-01' }, { page: '2' }, { page: '3' }];
    let compared = 0;
    for (const who of Object.keys(v)) {
      for (const q of queries) {
        for (const raw of filters) {
          const input = { q, ...raw, ...(raw.space === '' ? { space: spaces.open } : {}) };
          const byWalk = await search(t.db, v[who], input, { plan: walk });
          for (const plan of [index, mixed, { title: { kind: 'index', since: at(20) }, body: { kind: 'index', since: at(3) } } as SearchPlan, byKeys, wholeWords, undefined]) {
            const other = await search(t.db, v[who], input, { plan });
            expect(other, `${who} ${JSON.stringify(input)} ${JSON.stringify(plan)}`).toEqual(byWalk);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(Object.keys(v).length * queries.length * filters.length * 6);
    // The comparison is not vacuous: common words fill the window, and pages differ.
    expect((await search(t.db, v.admin, { q: '报销' }, { plan: walk })).hasNext).toBe(true);
    expect((await search(t.db, v.admin, { q: '报销', page: 3 }, { plan: index })).hits).toHaveLength(20);
  });

  it('a cut-off date that leaves fewer than WINDOW matches reads the set again without it; one that keeps enough does not', async () => {
    const reports: SearchPlanReport[] = [];
    const onPlan = (r: SearchPlanReport) => reports.push(r);
    // By permission with a cut-off that keeps too few: read again by the words' index, without one.
    const keysLate = await search(t.db, v.partner, { q: '报销' }, { plan: { title: { kind: 'index', since: at(29), keys: true }, body: { kind: 'index', since: at(29), keys: true } }, onPlan });
    expect(reports.pop()).toMatchObject({ statements: 2, plan: { body: { kind: 'index', since: null } } });
    expect(keysLate).toEqual(await search(t.db, v.partner, { q: '报销' }, { plan: walk }));
    const late = await search(t.db, v.admin, { q: '报销' }, { plan: { title: { kind: 'index', since: null }, body: { kind: 'index', since: at(29) } }, onPlan });
    expect(reports[0].statements).toBe(2);
    expect(reports[0].plan.body).toMatchObject({ kind: 'index', since: null });
    // 报销 is in 4 of 5 bodies: the newest 15 hours hold about 300 such documents, more than WINDOW.
    const early = await search(t.db, v.admin, { q: '报销' }, { plan: { title: { kind: 'index', since: null }, body: { kind: 'index', since: at(15) } }, onPlan });
    expect(reports[1].statements).toBe(1);
    expect(early).toEqual(late);
    expect(early).toEqual(await search(t.db, v.admin, { q: '报销' }, { plan: walk }));
  });

  it('every plan keeps the permission filter: partners see only their organisation’s folder, other partners nothing', async () => {
    for (const plan of [walk, index, byKeys, undefined]) {
      const mine = await search(t.db, v.partner, { q: '报销' }, { plan });
      expect(mine.hits.length).toBe(20);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from search_document d join kb_folder f on f.name = '供应商'
        where d.item_id = any(${mine.hits.map((h) => h.id)}::uuid[]) and d.read_keys @> array[f.eff_view_audience_id]`.execute(t.db);
      expect(rows[0].n).toBe(20);
      expect((await search(t.db, v.otherPartner, { q: '报销' }, { plan })).hits).toEqual([]);
      // An employee outside IT never gets an IT-only document.
      const prod = await search(t.db, v.prodWorker, { q: '报销 设备故障' }, { plan });
      expect(prod.hits.length).toBe(20);
      expect(prod.hits.every((h) => h.scopeId === spaces.open)).toBe(true);
    }
  });

  it('the choice follows the frequency: walk for common words, the index with a cut-off for mid-frequency, the index alone for rare', () => {
    const bounds = Array.from({ length: 101 }, (_, i) => at(i));
    const e = { scanned: 1_000_000, total: 1_000_000 };
    expect(choosePlan(500_000, 500_000, e, { bounds }, false)).toEqual({ kind: 'walk' });
    const mid = choosePlan(14_000, 14_000, e, { bounds }, false);
    expect(mid.kind === 'index' && mid.since instanceof Date).toBe(true);
    expect(choosePlan(14_000, 14_000, e, { bounds }, true)).toEqual({ kind: 'index', since: null });
    expect(choosePlan(50, 50, e, { bounds }, false)).toEqual({ kind: 'index', since: null });
    // The cut-off keeps at least the share asked for; none when it would keep half or more.
    expect(cutoff(bounds, 0.05)).toEqual(at(95));
    expect(cutoff(bounds, 0.6)).toBeNull();
    expect(cutoff([], 0.01)).toBeNull();
    expect(WINDOW).toBe(200);
    // A phrase is as frequent as its rarest bigram (a bigram missing from ANALYZE's list counts as its least frequency).
    const stats = { lexemes: new Map([['合同', 0.9], ['审批', 0.7]]), minFreq: 0.03 };
    expect(phraseFactor(['合同', '同审', '审批'], stats)).toBeCloseTo(0.03 / (0.9 * 0.005 * 0.7));
    expect(phraseFactor(['合同', '审批'], stats)).toBeCloseTo(0.7 / (0.9 * 0.7));
    expect(phraseFactor(['合同'], { lexemes: new Map(), minFreq: 0 })).toBe(1);
    // By permission: a viewer reading 2 % of 1,000,000 documents and a word in 60 % of them reads
    // ≈ 1,000 of their own newest; not an employee who reads most, not for a rare word.
    expect(keysRows(12_000, 20_000, 600_000, 1_000_000)).toBe(1000);
    expect(keysRows(300_000, 500_000, 600_000, 1_000_000)).toBeNull();
    expect(keysRows(300, 20_000, 3_000, 1_000_000)).toBeNull();
    const ranks = new Map([[1, at(29)], [2, at(28)], [4, at(20)], [1024, at(3)]]);
    expect(rankDate(ranks, 1000)).toEqual(at(3));
    expect(rankDate(ranks, 3)).toEqual(at(20));
    expect(rankDate(ranks, 2000)).toBeNull();
    // Whole words first when the cut-off's rows holding them cost less than the prefix's partial match.
    expect(exactRows(0.013, 250_000, 66_000)).toBe(true);
    expect(exactRows(0.5, 250_000, 66_000)).toBe(false);
  });

  it('as you type: only the last Latin word is a prefix, earlier ones are whole words', async () => {
    expect(buildTsQuery('root cause')?.all).toBe('root & cause:*');
    expect(buildTsQuery('reimburse')?.all).toBe('reimburse:*');
    expect(buildTsQuery('cause root cause')?.all).toBe('cause:* & root');
    expect(buildTsQuery('ERP 报销流程')?.all).toBe('erp & (报销 <-> 销流 <-> 流程)');
    expect(buildTsQuery('报 evac')?.all).toBe('报:* & evac:*');
    expect(buildTsQuery('root cause')?.exact).toBe('root');
    expect(buildTsQuery('cause')?.exact).toBeNull();
    expect(buildTsQuery('故障 root')?.exact).toBe('故障');
    expect(buildTsQuery('root 故障')?.exact).toBeNull();
    const n = async (q: string) => (await search(t.db, v.admin, { q }, { plan: walk })).hits.length;
    // Bodies hold 'auditing policy': the last word typed may be unfinished, an earlier one may not.
    expect(await n('auditing polic')).toBe(20);
    expect(await n('polic auditing')).toBe(0);
    expect(await n('policy audi')).toBe(20);
  });
});
