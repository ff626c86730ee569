import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { DB } from '../db/types';
import pg from 'pg';
import { createDb } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import { findTestServer, withDatabase } from '../db/testing-server';
import { insertPartnerOrg, insertPerson, insertUnit } from '../db/seed/factories';
import { createAudience } from '../lib/audience/queries';
import { loadViewer } from '../lib/authz/load-viewer';
import type { Viewer } from '../lib/authz/viewer';
import { search, type CandidatePlan } from '../lib/search/search';
import { buildTsQuery } from '../lib/search/tokens';

/**
 * Search over 100,000 mixed Chinese/English knowledge articles (plus their permissions), on a
 * scratch database:  npm run bench:search [-- --n=100000] [--keep] [--db=<name>]
 * Articles are 150–350 words drawn with a Zipf-like skew from a 400-word zh/en vocabulary (common
 * words are in a large share of articles, rare ones in few), in 40 spaces with 10 folders each:
 * most open to every employee, some to one department, one shared with a partner organisation.
 * Times are lib/search's search() as a page calls it (SQL, permission filter, ranking, snippets).
 */

const zh = ('设备 故障 报销 流程 采购 合同 质量 检验 安全 培训 生产 计划 库存 物料 供应商 客户 订单 交付 发票 财务 审批 预算 人事 招聘 考勤 请假 出差 会议 纪要 项目 进度 风险 ' +
  '维护 保养 巡检 仓库 物流 运输 包装 标签 系统 账号 密码 网络 服务器 数据库 备份 恢复 升级 版本 测试 发布 文档 规范 制度 标准 操作 手册 指南 说明 申请 提交 确认 ' +
  '部门 经理 主管 员工 工资 绩效 考核 奖金 福利 保险 合规 审计 风控 法务 知识 产权 专利 研发 设计 图纸 工艺 工序 装配 焊接 喷涂 注塑 模具 刀具 量具 校准 ' +
  '不良 返工 报废 投诉 退货 换货 索赔 整改 预防 纠正 措施 原因 分析 报告 统计 数据 指标 目标 年度 季度 月度 周报 日报 通知 公告 会签 盖章 归档 借阅 ' +
  '消防 演练 应急 预案 疏散 急救 防护 劳保 用品 车间 厂区 门禁 访客 停车 食堂 宿舍 班车 快递 印章 用印 电脑 打印机 投影 邮箱 权限 开通 注销 变更 迁移 ' +
  '上线 下线 故障单 工单 优先级 响应 时限 升级单 值班 交接 巡视 点检 润滑 更换 备件 领用 归还 盘点 差异 调拨 入库 出库 质检 抽样 判定 放行 隔离 追溯 批次').split(' ');
const en = ('erp invoice policy procedure maintenance quality safety training server network backup password reimbursement expense travel purchase contract supplier ' +
  'customer order delivery inventory warehouse logistics audit compliance budget approval finance payroll leave attendance meeting minutes project schedule risk ' +
  'release version testing deployment database migration upgrade account access permission security incident response escalation ticket priority handover ' +
  'calibration inspection sampling defect rework scrap complaint return claim corrective preventive action root cause analysis report metric target annual ' +
  'quarterly monthly weekly daily notice announcement archive handbook guideline standard operation manual checklist template form request submit confirm ' +
  'department manager supervisor employee salary performance bonus benefit insurance legal patent design drawing process assembly welding painting molding ' +
  'tooling gauge fire drill emergency evacuation first aid protective equipment workshop plant gate visitor parking canteen dormitory shuttle courier seal ' +
  'computer printer projector mailbox onboarding offboarding vpn wifi laptop monitor license renewal vendor sourcing tender bid quotation shipment customs').split(' ');

type Timing = { label: string; median: number; p95: number; p99: number; runs: number; hits: number };
const results: Timing[] = [];

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(s.length * p))];
  return { median: q(0.5), p95: q(0.95), p99: q(0.99) };
}

const describe = (p: CandidatePlan) => (p.kind === 'walk' ? 'walk' : p.keys ? 'keys≥cut-off' : p.exact ? 'words≥cut-off' : p.since ? 'index≥cut-off' : 'index');

async function main() {
  const n = Number(process.argv.find((a) => a.startsWith('--n='))?.slice(4) ?? 100_000);
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
  const reuse = process.argv.find((a) => a.startsWith('--db='))?.slice(5);
  const keep = process.argv.includes('--keep') || !!reuse;
  const adminUrl = await findTestServer();
  const name = reuse ?? `plaza_bench_search_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // --db=<name>: reuse that database when it exists, else create, seed and keep it.
  const exists = reuse ? (await admin.query('select 1 from pg_database where datname = $1', [reuse])).rowCount === 1 : false;
  const seed = !exists;
  if (seed) await admin.query(`create database ${name}`);
  const db = createDb(withDatabase(adminUrl, name), 8);
  try {
    await migrateToLatest(db);
    if (seed) {
      console.log(`Seeding ${n.toLocaleString()} articles into ${name}…`);
      const t0 = performance.now();
      const hq = await insertUnit(db, { name: '总部' });
      const it = await insertUnit(db, { name: '信息技术部', parentId: hq });
      const prod = await insertUnit(db, { name: '生产部', parentId: hq });
      const org = await insertPartnerOrg(db, { name: '恒通', type: 'supplier' });
      const owner = await insertPerson(db, { email: 'owner@bench.example', unitId: it });
      await insertPerson(db, { email: 'admin@bench.example', unitId: hq, roles: ['admin'] });
      await insertPerson(db, { email: 'worker@bench.example', unitId: prod });
      await insertPerson(db, { email: 'partner@bench.example', partnerOrgId: org });
      const everyone = await createAudience(db, { everyone: true });
      const itOnly = await createAudience(db, { units: [{ unitId: it, includeSubUnits: true }] });
      const shared = await createAudience(db, { everyone: true, partnerOrgs: [org] });
      const spaces: string[] = [];
      for (let i = 0; i < 40; i++) {
        const view = i === 0 ? shared : i % 5 === 1 ? itOnly : everyone;
        const { id } = await db.insertInto('kb_space').values({ name: `空间 ${i}`, view_audience_id: view, edit_audience_id: itOnly, created_by: owner }).returning('id').executeTakeFirstOrThrow();
        spaces.push(id);
        for (let j = 0; j < 10; j++) {
          const fv = j === 9 ? itOnly : null;
          const f = await db.insertInto('kb_folder').values({ space_id: id, name: `文件夹 ${j}`, view_audience_id: fv, eff_view_audience_id: fv ?? view, eff_edit_audience_id: itOnly }).returning('id').executeTakeFirstOrThrow();
          await db.insertInto('kb_folder_closure').values({ ancestor_id: f.id, descendant_id: f.id, depth: 0 }).execute();
        }
      }
      // Zipf-like word choice: index = floor(len · r³) makes the head common and the tail rare.
      await sql`
        with v as (select ${zh}::text[] as zh, ${en}::text[] as en),
        folders as (select f.id, f.space_id, row_number() over (order by f.space_id, f.name) - 1 as k from kb_folder f),
        gen as (
          select g, (select array_to_string(array(
                    select case when random() < 0.7 then v.zh[1 + floor(array_length(v.zh, 1) * power(random(), 3))::int]
                                else ' ' || v.en[1 + floor(array_length(v.en, 1) * power(random(), 3))::int] || ' ' end
                           || case when random() < 0.08 then '。' else '' end
                    from generate_series(1, 150 + (g % 200))), '')) as body,
                 (select array_to_string(array(select case when random() < 0.7 then v.zh[1 + floor(array_length(v.zh, 1) * power(random(), 2))::int]
                                         else ' ' || v.en[1 + floor(array_length(v.en, 1) * power(random(), 2))::int] || ' ' end
                  from generate_series(1, 3 + (g % 4))), '')) as title
          from generate_series(1, ${n}) g cross join v
        )
        insert into kb_article (space_id, folder_id, title, body_md, created_by, updated_by, updated_at)
        select f.space_id, case when g % 4 = 0 then null else f.id end, left(trim(gen.title), 200), gen.body, ${owner}::uuid, ${owner}::uuid, now() - (g % 1000) * interval '1 hour'
        from gen join folders f on f.k = gen.g % 400`.execute(db);
      const t1 = performance.now();
      // Bulk load: the text indexes are built once after the rows are in (far cheaper than a GIN
      // insert per row), then re-created from their own definitions, so the schema stays the migrations'.
      const { rows: idx } = await sql<{ name: string; def: string }>`
        select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
        from pg_index i where i.indrelid = 'search_document'::regclass and not i.indisprimary`.execute(db);
      for (const i of idx) await sql.raw(`drop index ${i.name}`).execute(db);
      await sql`
        insert into search_document (kind, item_id, title, body, scope_id, updated_at, read_keys)
        select 'kb.article', a.id, a.title, a.body_md, a.space_id, a.updated_at,
               array_remove(array[coalesce(f.eff_view_audience_id, s.view_audience_id), coalesce(f.eff_edit_audience_id, s.edit_audience_id)], null)
        from kb_article a join kb_space s on s.id = a.space_id left join kb_folder f on f.id = a.folder_id`.execute(db);
      await db.connection().execute(async (c) => {
        await sql`set maintenance_work_mem = '256MB'`.execute(c);
        for (const i of idx) await sql.raw(i.def).execute(c);
      });
      await sql`analyze`.execute(db);
      const t2 = performance.now();
      const size = (await sql<{ s: string }>`select pg_size_pretty(pg_total_relation_size('search_document')) as s`.execute(db)).rows[0].s;
      console.log(`Articles generated in ${((t1 - t0) / 1000).toFixed(1)} s; indexed in ${((t2 - t1) / 1000).toFixed(1)} s (${((t2 - t1) / n).toFixed(2)} ms per article); index table ${size}.`);
    }
    if (process.argv.includes('--seed-only')) return;
    const who = async (email: string) => (await loadViewer(db, (await db.selectFrom('person').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id))!;
    const viewers: [string, Viewer][] = [
      ['employee', await who('worker@bench.example')],
      ['it-employee', await who('owner@bench.example')],
      ['admin', await who('admin@bench.example')],
      ['partner', await who('partner@bench.example')],
    ];
    // Common, mid-frequency and rare words and phrases, Chinese, English and mixed; each query's
    // class is its measured share of documents (printed), not a guess.
    const queries = ['报销', '故障', '设备故障', 'ERP 报销流程', '供应商 质量', '备份', '考勤', '合同审批', '追溯', 'invoice', 'main', 'policy', 'vpn', 'quality audit', 'calib',
      '消防 演练', 'root cause', '批次', '批次追溯', 'customs', 'vpn wifi', '润滑更换', '不良 返工 报废', 'shuttle courier'];
    // How busy this machine is: a plain count over the 100,000 articles (≈ 10 ms on an idle 2-core box).
    const tc = performance.now();
    await sql`select count(*) from kb_article`.execute(db);
    console.log(`baseline: count(*) over kb_article took ${(performance.now() - tc).toFixed(1)} ms`);
    const total = (await sql<{ n: number }>`select count(*)::int as n from search_document`.execute(db)).rows[0].n;
    const classOf = new Map<string, string>();
    console.log(`\nQuery mix over ${total.toLocaleString()} documents (share of documents whose text matches; class):`);
    for (const q of queries) {
      const tq = buildTsQuery(q)!.all;
      const { rows } = await sql<{ n: number; t: number }>`select count(*)::int as n, count(*) filter (where title_tsv @@ to_tsquery('simple', ${tq}))::int as t
        from search_document where tsv @@ to_tsquery('simple', ${tq})`.execute(db);
      const share = rows[0].n / total;
      const cls = `${share >= 0.2 ? 'common' : share >= 0.01 ? 'mid' : 'rare'} ${/[a-z]/i.test(q) ? (/[^\x00-\x7f]/.test(q) ? 'mixed' : 'en') : 'zh'}`;
      classOf.set(q, cls);
      console.log(`  ${q.padEnd(16)} ${(share * 100).toFixed(2).padStart(6)} %  (${rows[0].n} docs, ${rows[0].t} by title)  ${cls}`);
    }
    // --explain=<viewer>:<query> (repeatable): EXPLAIN (ANALYZE, BUFFERS) of the statements that search sends.
    const explain = process.argv.filter((a) => a.startsWith('--explain=')).map((a) => a.slice(10));
    if (explain.length) {
      const seen: { sql: string; parameters: readonly unknown[] }[] = [];
      const logged = new Kysely<DB>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: withDatabase(adminUrl, name), max: 2 }) }),
        log: (e) => { if (e.level === 'query') seen.push({ sql: e.query.sql, parameters: e.query.parameters }); },
      });
      try {
        for (const spec of explain) {
          const [label, q] = [spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1)];
          const viewer = viewers.find(([l]) => l === label)![1];
          await search(logged, viewer, { q });
          seen.length = 0;
          console.log(`\n=== ${spec}`);
          await search(logged, viewer, { q }, { onPlan: (p) => console.log(`plan ${describe(p.plan.title)}/${describe(p.plan.body)}, ${p.statements} statement(s)`) });
          for (const st of seen.filter((x) => x.sql.includes('title_hits'))) {
            const c = new pg.Client({ connectionString: withDatabase(adminUrl, name) });
            await c.connect();
            for (const x of seen.filter((y) => /^set local /.test(y.sql))) await c.query(x.sql.replace(/^set local /, 'set '));
            const r = await c.query(`explain (analyze, buffers) ${st.sql}`, st.parameters as unknown[]);
            await c.end();
            console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
          }
        }
      } finally {
        await logged.destroy();
      }
      return;
    }
    // Warm up.
    for (const q of queries) await search(db, viewers[0][1], { q });
    const all: number[] = [];
    const byClass = new Map<string, number[]>();
    const add = (k: string, xs: number[]) => byClass.set(k, [...(byClass.get(k) ?? []), ...xs]);
    const worst: { label: string; ms: number }[] = [];
    for (const [label, v] of viewers) {
      for (const q of queries) {
        const samples: number[] = [];
        let hits = 0;
        let plan = '';
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          const r = await search(db, v, { q }, { onPlan: (p) => (plan = `${describe(p.plan.title)}/${describe(p.plan.body)}${p.statements > 1 ? ' (read again)' : ''}${p.estimate ? ` est ${Math.round(p.estimate.titleMatches)}/${Math.round(p.estimate.bodyMatches)}` : ''}`) });
          samples.push(performance.now() - t);
          hits = r.hits.length;
        }
        all.push(...samples);
        add(classOf.get(q)!.split(' ')[0], samples);
        add(classOf.get(q)!.split(' ')[1], samples);
        add(`viewer ${label}`, samples);
        const r = { label: `${label} "${q}"`, runs: samples.length, hits, ...stats(samples) };
        results.push(r);
        worst.push({ label: r.label, ms: r.p95 });
        console.log(`${r.label.padEnd(34)} median ${r.median.toFixed(1).padStart(7)}  p95 ${r.p95.toFixed(1).padStart(7)}  hits on page ${String(r.hits).padStart(2)}  plan ${plan}`);
      }
    }
    const filtered: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      await search(db, viewers[0][1], { q, from: '2026-01-01' });
      filtered.push(performance.now() - t);
    }
    console.log(`\nSearch over ${total.toLocaleString()} documents (ms):`);
    const line = (k: string, xs: number[]) => {
      const o = stats(xs);
      console.log(`  ${k.padEnd(22)} n=${String(xs.length).padStart(4)}  median ${o.median.toFixed(1).padStart(6)}  p95 ${o.p95.toFixed(1).padStart(6)}  p99 ${o.p99.toFixed(1).padStart(6)}`);
    };
    for (const k of [...byClass.keys()].sort()) line(k, byClass.get(k)!);
    line('with a date filter', filtered);
    line('ALL', all);
    console.log(`  slowest (p95): ${worst.sort((a, b) => b.ms - a.ms).slice(0, 3).map((w) => `${w.label} ${w.ms.toFixed(1)}`).join('; ')}`);
    const o = stats(all);
    console.log(`\nALL ${all.length} searches: median ${o.median.toFixed(1)} ms, p95 ${o.p95.toFixed(1)} ms, p99 ${o.p99.toFixed(1)} ms (targets at 100,000: median < 30, p95 < 50; at 1,000,000: p95 < 150)`);
  } finally {
    await db.destroy();
    if (!keep) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
