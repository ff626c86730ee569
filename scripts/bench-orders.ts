import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import { findTestServer, withDatabase } from '../db/testing-server';
import { loadViewer } from '../lib/authz/load-viewer';
import { getSupplierHome, listAtRisk, listOrders } from '../lib/orders/queries';

/**
 * Supplier orders at 5,000 suppliers and 1,000,000 order lines (200,000 orders × 5), on a
 * scratch database:   npm run bench:orders [-- --keep] [-- --db=NAME]
 * `--db=NAME` reuses that database when it already holds the seeded data (new migrations are applied
 * and it is analysed again), else seeds it and keeps it for the next run.
 * Targets (issue 12): the supplier home and the internal orders list under 50 ms median; the
 * "late and at risk" view under 200 ms. Times are the data layer's (what the page runs).
 */
const N_SUPPLIERS = 5_000;
const N_ORDERS = 200_000;
const LINES_PER_ORDER = 5;

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
async function measure(label: string, runs: number, fn: (i: number) => Promise<unknown>) {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    xs.push(performance.now() - t);
  }
  console.log(`${label.padEnd(56)} median ${median(xs).toFixed(1)} ms  (max ${Math.max(...xs).toFixed(1)} ms, ${runs} runs)`);
  return median(xs);
}
const uid = (block: string, i: number | string) => sql.raw(`('00000000-0000-0000-${block}-' || lpad((${i})::text, 12, '0'))::uuid`);

async function main() {
  const dbArg = process.argv.find((a) => a.startsWith('--db='))?.slice(5);
  if (dbArg !== undefined && !/^[a-z_][a-z0-9_]*$/.test(dbArg)) throw new Error('--db= takes a plain database name');
  const keep = process.argv.includes('--keep') || dbArg !== undefined;
  const adminUrl = await findTestServer();
  const name = dbArg ?? `plaza_bench_orders_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
  if (!exists) await admin.query(`create database ${name}`);
  const db = createDb(withDatabase(adminUrl, name), 10);
  try {
    await migrateToLatest(db);
    const seeded = exists && Number((await sql<{ n: string }>`select count(*) as n from purchase_order_line`.execute(db)).rows[0].n) >= N_ORDERS * LINES_PER_ORDER;
    if (seeded) {
      await sql`analyze`.execute(db);
      console.log(`reusing ${name}`);
    } else await seed();
    async function seed() {
      const t0 = performance.now();
      await sql`insert into org_unit (id, name) values ('00000000-0000-0000-0000-000000000001', '采购部'), ('00000000-0000-0000-0000-000000000002', '计划部')`.execute(db);
      await sql`insert into org_unit_closure (ancestor_id, descendant_id, depth) select id, id, 0 from org_unit`.execute(db);
      // 1 admin, 100 buyers (50 suppliers each), 100 planners (same split).
      await sql`insert into person (id, kind, email, name, unit_id, origin) select ${uid('0004', 'i')}, 'employee', 'e' || i || '@bench.example', 'E' || i,
        case when i <= 101 then '00000000-0000-0000-0000-000000000001'::uuid else '00000000-0000-0000-0000-000000000002'::uuid end, 'seed' from generate_series(1, 201) i`.execute(db);
      await sql`insert into person_role (person_id, role) values (${uid('0004', 1)}, 'admin')`.execute(db);
      await sql`insert into partner_org (id, name, type) select ${uid('0005', 's')}, '供应商 ' || s, 'supplier' from generate_series(1, ${N_SUPPLIERS}) s`.execute(db);
      await sql`insert into person (id, kind, email, name, partner_org_id, origin) select ${uid('0006', 's')}, 'partner', 's' || s || '@sup.example', 'S' || s, ${uid('0005', 's')}, 'seed' from generate_series(1, ${N_SUPPLIERS}) s`.execute(db);
      await sql`insert into supplier_owner (partner_org_id, role, person_id) select ${uid('0005', 's')}, 'buyer', ${uid('0004', '2 + (s - 1) / 50')} from generate_series(1, ${N_SUPPLIERS}) s`.execute(db);
      await sql`insert into supplier_owner (partner_org_id, role, person_id) select ${uid('0005', 's')}, 'planner', ${uid('0004', '102 + (s - 1) / 50')} from generate_series(1, ${N_SUPPLIERS}) s`.execute(db);
      // Orders spread over two years; statuses as a steady state would have them.
      await sql`
        insert into purchase_order (id, partner_org_id, order_number, status, order_date, buyer_id, created_by, created_at, updated_at, sent_at)
        select ${uid('0007', 'o')}, ${uid('0005', '1 + o % ' + N_SUPPLIERS)}, 'PO-' || o,
          (array['sent','confirmed','confirmed','confirmed','proposed','closed','closed','closed'])[1 + o % 8],
          (now() - ((${N_ORDERS} - o) * interval '5 minutes'))::date, ${uid('0004', '2 + (o % ' + N_SUPPLIERS + ') / 50')}, ${uid('0004', 1)},
          now() - ((${N_ORDERS} - o) * interval '5 minutes'), now() - ((${N_ORDERS} - o) * interval '5 minutes'), now() - ((${N_ORDERS} - o) * interval '5 minutes')
        from generate_series(1, ${N_ORDERS}) o`.execute(db);
      await sql`
        insert into purchase_order_line (order_id, partner_org_id, line_no, item_code, description, quantity, unit, unit_price, required_date, status, promised_date, awaiting_since)
        select o.id, o.partner_org_id, k * 10, 'IT-' || (k + o.seq % 997), '零件', 10 + k, 'pcs', 12.5, o.order_date + 20 + k,
          s.st,
          case when s.st in ('confirmed','proposed','closed') then o.order_date + 20 + k + case when (o.seq + k) % 40 = 0 then 3 + k else 0 end end,
          case when s.st = 'open' then o.created_at end
        from (select id, partner_org_id, order_date, created_at, status, row_number() over (order by id) as seq from purchase_order) o
        cross join generate_series(1, ${LINES_PER_ORDER}) k
        cross join lateral (select case o.status when 'sent' then 'open' when 'proposed' then (case when k = 1 then 'proposed' else 'confirmed' end) when 'closed' then 'closed' else 'confirmed' end as st) s`.execute(db);
      await sql`
        update purchase_order o set line_count = c.total, open_lines = c.open, proposed_lines = c.proposed, late_lines = c.late, total_amount = c.amount
        from (select order_id, count(*)::int as total, count(*) filter (where status = 'open')::int as open, count(*) filter (where status = 'proposed')::int as proposed,
                     count(*) filter (where status in ('confirmed','proposed') and promised_date > required_date)::int as late, sum(quantity * unit_price) as amount
              from purchase_order_line group by order_id) c
        where c.order_id = o.id`.execute(db);
      await sql`vacuum analyze`.execute(db);
      const counts = await sql<{ lines: string; late: string; waiting: string }>`select count(*) as lines, count(*) filter (where status in ('confirmed','proposed') and promised_date > required_date) as late, count(*) filter (where status = 'open') as waiting from purchase_order_line`.execute(db);
      console.log(`seeded ${N_SUPPLIERS} suppliers, ${N_ORDERS} orders, ${counts.rows[0].lines} lines (${counts.rows[0].late} late, ${counts.rows[0].waiting} waiting) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }

    const adminV = (await loadViewer(db, '00000000-0000-0000-0004-000000000001'))!;
    const buyer = (await loadViewer(db, '00000000-0000-0000-0004-000000000010'))!;
    const planner = (await loadViewer(db, '00000000-0000-0000-0004-000000000110'))!;
    const supplier = (await loadViewer(db, '00000000-0000-0000-0006-000000001234'))!;
    const firstPage = await listOrders(db, adminV, {});
    const results = {
      home: await measure('supplier home (needs your action)', 50, () => getSupplierHome(db, supplier)),
      partnerList: await measure('supplier orders list, page 1', 50, () => listOrders(db, supplier, {})),
      adminList: await measure('internal list, admin, page 1', 50, () => listOrders(db, adminV, {})),
      adminPage2: await measure('internal list, admin, next page (keyset)', 50, () => listOrders(db, adminV, { after: firstPage.next ?? undefined })),
      buyerList: await measure('internal list, buyer of 50 suppliers, page 1', 50, () => listOrders(db, buyer, {})),
      buyerLate: await measure('internal list, buyer, late lines filter', 50, () => listOrders(db, buyer, { late: 'on' })),
      buyerStatus: await measure('internal list, buyer, status = proposed', 50, () => listOrders(db, buyer, { status: 'proposed' })),
      adminLate: await measure('internal list, admin, late lines filter', 50, () => listOrders(db, adminV, { late: 'on' })),
      supplierFilter: await measure('internal list, admin, one supplier', 50, () => listOrders(db, adminV, { supplier: '00000000-0000-0000-0005-000000000777' })),
      riskPlanner: await measure('late and at risk, planner of 50 suppliers', 30, () => listAtRisk(db, planner)),
      riskAdmin: await measure('late and at risk, admin (all suppliers)', 30, () => listAtRisk(db, adminV)),
    };
    const load = readFileSync('/proc/loadavg', 'utf8').trim();
    console.log(`load average: ${load}`);
    const ok = results.home < 50 && results.adminList < 50 && results.buyerList < 50 && results.riskPlanner < 200 && results.riskAdmin < 200;
    console.log(ok ? 'targets met' : 'TARGETS MISSED');
    if (!ok) process.exitCode = 1;
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
