import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { createDb } from '../db/client';
import type { DB } from '../db/types';
import { migrateToLatest } from '../db/migrate';
import { findTestServer, withDatabase } from '../db/testing-server';
import { loadViewer } from '../lib/authz/load-viewer';
import { loadDefaultCalendar } from '../lib/requests/calendar-store';
import { getRequest, listPartnerRequests, listQueue } from '../lib/requests/queries';
import { recomputeOpenDueTimes } from '../lib/requests/recompute';
import { scanRequestSla } from '../lib/requests/sla-scan';
import { slaSchedule } from '../lib/requests/sla';

/**
 * Customer requests at the size, on a scratch database:
 *   npm run bench:requests [-- --keep] [-- --db=NAME]
 * --keep leaves the scratch database (its name is printed); --db=NAME reuses one kept earlier
 * (migrated to the latest schema, its SLA state reset so the scan again finds DUE_NOW requests).
 * 2,000 customer organisations (3 people each), 100 handling units, 500,000 requests, 3,000,000
 * messages. Targets (issue 13): a unit queue and a customer's request list under 50 ms median
 * server time; the SLA scan under 1 s through an index; due-time computation across a year of
 * calendar under 1 ms per request. Times are the data layer's (what a page runs), median of many runs.
 */
const N_ORGS = 2_000;
const N_REQUESTS = 500_000;
const MESSAGES_PER_REQUEST = 6;
const N_UNITS = 100;
const DUE_NOW = 300;

const uid = (group: number, i: number) => `00000000-0000-0000-${String(group).padStart(4, '0')}-${String(i).padStart(12, '0')}`;

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

async function main() {
  const reuse = process.argv.find((a) => a.startsWith('--db='))?.slice(5) ?? null;
  if (reuse !== null && !/^[a-z0-9_]+$/.test(reuse)) throw new Error('--db= takes a database name');
  const keep = process.argv.includes('--keep') || reuse !== null;
  const adminUrl = await findTestServer();
  const name = reuse ?? `plaza_bench_requests_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (!reuse) await admin.query(`create database ${name}`);
  console.log(`database ${name}${reuse ? ' (reused)' : ''}`);
  const db = createDb(withDatabase(adminUrl, name), 10);
  try {
    await migrateToLatest(db);
    if (reuse) await resetSla(db);
    else await seed(db);
    await run(db);
  } finally {
    await db.destroy();
    if (!keep) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function seed(db: Kysely<DB>) {
  const t0 = performance.now();
  // Org: root, 20 departments, 5 handling teams each (100 units); 5 employees per team, a head per department.
  await sql`insert into org_unit (id, name) values (${uid(1, 0)}::uuid, 'root')`.execute(db);
  await sql`insert into org_unit (id, name, parent_id) select ('00000000-0000-0000-0001-' || lpad(d::text, 12, '0'))::uuid, 'dept ' || d, ${uid(1, 0)}::uuid from generate_series(1, 20) d`.execute(db);
  await sql`insert into org_unit (id, name, parent_id) select ('00000000-0000-0000-0002-' || lpad(k::text, 12, '0'))::uuid, 'team ' || k, ('00000000-0000-0000-0001-' || lpad((1 + (k - 1) / 5)::text, 12, '0'))::uuid from generate_series(1, ${N_UNITS}) k`.execute(db);
  await sql`
    insert into org_unit_closure (ancestor_id, descendant_id, depth)
    select id, id, 0 from org_unit
    union all select parent_id, id, 1 from org_unit where parent_id is not null
    union all select ${uid(1, 0)}::uuid, id, 2 from org_unit where name like 'team %'
    on conflict do nothing`.execute(db);
  await sql`
    insert into person (id, kind, email, name, unit_id, status, origin)
    select ('00000000-0000-0000-0004-' || lpad(i::text, 12, '0'))::uuid, 'employee', 'e' || i || '@bench.example', 'E' || i,
      ('00000000-0000-0000-0002-' || lpad((1 + (i - 1) % ${N_UNITS})::text, 12, '0'))::uuid, 'active', 'seed'
    from generate_series(1, ${N_UNITS * 5}) i`.execute(db);
  await sql`insert into person (id, kind, email, name, unit_id, status, origin) values (${uid(4, 9999)}::uuid, 'employee', 'head@bench.example', 'Head', ${uid(1, 1)}::uuid, 'active', 'seed')`.execute(db);
  await sql`insert into unit_head (unit_id, person_id) values (${uid(1, 1)}::uuid, ${uid(4, 9999)}::uuid)`.execute(db);
  await sql`insert into partner_org (id, name, type, status) select ('00000000-0000-0000-0003-' || lpad(o::text, 12, '0'))::uuid, 'customer ' || o, 'customer', 'active' from generate_series(1, ${N_ORGS}) o`.execute(db);
  await sql`
    insert into person (id, kind, email, name, partner_org_id, status, origin)
    select ('00000000-0000-0000-0005-' || lpad(i::text, 12, '0'))::uuid, 'partner', 'c' || i || '@bench.example', 'C' || i,
      ('00000000-0000-0000-0003-' || lpad((1 + (i - 1) / 3)::text, 12, '0'))::uuid, 'active', 'seed'
    from generate_series(1, ${N_ORGS * 3}) i`.execute(db);
  await sql`insert into person_role (person_id, role) select ('00000000-0000-0000-0005-' || lpad(i::text, 12, '0'))::uuid, 'partner_admin' from generate_series(1, ${N_ORGS * 3}, 3) i`.execute(db);
  // 500,000 requests over the last year: 70 % closed, 10 % resolved, 20 % running (new / open / waiting).
  await sql`
    insert into request (partner_org_id, requester_id, request_type, topic, suggested_priority, priority, subject, description_md, shared_with_org,
      status, unit_id, assignee_id, created_at, updated_at, first_target_min, resolve_target_min, resolve_consumed_min, resolve_running_since,
      first_response_at, first_response_min, first_due_at, resolve_due_at, sla_next_at, resolved_at, closed_at, resolution_min)
    select
      ('00000000-0000-0000-0003-' || lpad((1 + g % ${N_ORGS})::text, 12, '0'))::uuid,
      ('00000000-0000-0000-0005-' || lpad((1 + (g % ${N_ORGS}) * 3 + (g / ${N_ORGS}) % 3)::text, 12, '0'))::uuid,
      (array['feedback','complaint','support','order','other'])[1 + g % 5], 'topic ' || (g % 50),
      (array['low','normal','high','urgent'])[1 + g % 4], (array['low','normal','high','urgent'])[1 + g % 4],
      'Request ' || g, 'Description of request ' || g, g % 4 = 0,
      s.status,
      ('00000000-0000-0000-0002-' || lpad((1 + g % ${N_UNITS})::text, 12, '0'))::uuid,
      ('00000000-0000-0000-0004-' || lpad((1 + g % ${N_UNITS * 5})::text, 12, '0'))::uuid,
      c.created, c.created + interval '2 hours', 480, 2880, 60,
      case when s.status in ('new','open') then c.created end,
      case when s.status <> 'new' then c.created + interval '1 hour' end, case when s.status <> 'new' then 60 end,
      c.created + interval '1 day', c.created + interval '5 days',
      case when s.status in ('new','open') then now() + ((g % 1000) + 10) * interval '1 minute' end,
      case when s.status in ('resolved','closed') then c.created + interval '1 day' end,
      case when s.status = 'closed' then c.created + interval '2 days' end,
      case when s.status in ('resolved','closed') then 300 end
    from generate_series(1, ${N_REQUESTS}) g
    cross join lateral (select (array['closed','closed','closed','closed','closed','closed','closed','resolved','open','waiting'])[1 + (g * 7) % 10] as status) s0
    cross join lateral (select case when s0.status = 'open' and g % 3 = 0 then 'new' else s0.status end as status) s
    cross join lateral (select now() - ((${N_REQUESTS} - g) * interval '63 seconds') as created) c`.execute(db);
  // A few hundred alerts due right now (the scan's first run finds them); the rest lie in the future.
  await sql`update request set sla_next_at = now() - interval '1 minute' where id in (select id from request where sla_next_at is not null order by number limit ${DUE_NOW})`.execute(db);
  await sql`
    insert into request_message (request_id, author_id, visibility, body_md, created_at)
    select r.id, case when m % 2 = 0 then r.requester_id else r.assignee_id end, case when m = 3 then 'internal' else 'public' end,
      'Message ' || m || ' on request ' || r.number, r.created_at + m * interval '10 minutes'
    from request r, generate_series(1, ${MESSAGES_PER_REQUEST}) m`.execute(db);
  await sql`analyze`.execute(db);
  const counts = await sql<{ r: string; m: string }>`select (select count(*) from request) r, (select count(*) from request_message) m`.execute(db);
  console.log(`seeded ${N_ORGS} organisations, ${counts.rows[0].r} requests, ${counts.rows[0].m} messages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** A reused database: pending alerts move to the future again, DUE_NOW are due now, no alert sent yet. */
async function resetSla(db: Kysely<DB>) {
  await sql`delete from request_sla_alert`.execute(db);
  await sql`delete from notification_event where dedupe_key like 'request.sla:%'`.execute(db);
  await sql`update request set sla_next_at = null where status not in ('new','open') and sla_next_at is not null`.execute(db);
  await sql`update request set sla_next_at = now() + ((number % 1000) + 10) * interval '1 minute' where status in ('new','open')`.execute(db);
  await sql`update request set sla_next_at = now() - interval '1 minute' where id in (select id from request where sla_next_at is not null order by number limit ${DUE_NOW})`.execute(db);
  await sql`vacuum analyze request`.execute(db);
  await sql`vacuum analyze request_sla_alert`.execute(db);
  await sql`vacuum analyze notification_event`.execute(db);
  await sql`vacuum analyze notification`.execute(db);
}

async function run(db: Kysely<DB>) {

  const member = (await loadViewer(db, uid(4, 7)))!;
  const head = (await loadViewer(db, uid(4, 9999)))!;
  const customer = (await loadViewer(db, uid(5, 2)))!;
  const partnerAdmin = (await loadViewer(db, uid(5, 1)))!;
  const some = await sql<{ id: string }>`select id from request where unit_id = ${member.unitId} order by number desc limit 20`.execute(db);
  const results = {
    queue: await measure('unit queue, page 1 (5,000 requests in the unit)', 30, () => listQueue(db, member, {})),
    queueOpen: await measure('unit queue, status open', 30, () => listQueue(db, member, { status: 'open' })),
    queuePage: await measure('unit queue, page 20', 30, () => listQueue(db, member, { page: '20' })),
    mine: await measure('assigned to me', 30, () => listQueue(db, member, { scope: 'mine' })),
    head: await measure("head's queue (5 units, 25,000 requests)", 30, () => listQueue(db, head, {})),
    customer: await measure("customer's list (own + shared)", 30, () => listPartnerRequests(db, customer, {})),
    partnerAdmin: await measure("partner admin's list (all 250 of the organisation)", 30, () => listPartnerRequests(db, partnerAdmin, {})),
    detail: await measure('one request page (staff, 6 messages)', 20, (i) => getRequest(db, member, some.rows[i % some.rows.length].id)),
  };

  // SLA scan: the first run finds the due ones through request_sla_next_idx; the steady state finds nothing.
  const plan = await sql<{ 'QUERY PLAN': string }>`explain select id from request where sla_next_at <= now() order by sla_next_at limit 200 for update skip locked`.execute(db);
  console.log('scan plan:', plan.rows.map((r) => r['QUERY PLAN'].trim()).filter((l) => /Index|Scan/.test(l)).join(' | '));
  const enqueueDeliver = async () => {};
  const s0 = performance.now();
  const first = await scanRequestSla(db, { enqueueDeliver });
  const scanFirst = performance.now() - s0;
  console.log(`SLA scan, first run (${first.checked} due, ${first.alerts} alerts)`.padEnd(56), `${scanFirst.toFixed(1)} ms`);
  const steady = await measure('SLA scan, steady state (nothing due)', 10, () => scanRequestSla(db, { enqueueDeliver }));

  // Due times across a year of the shipped calendar (2025–2026 with holidays and make-up days).
  const cal = await loadDefaultCalendar(db);
  const N = 20_000;
  const start = Date.parse('2025-01-01T00:00:00Z');
  const d0 = performance.now();
  for (let i = 0; i < N; i++) {
    const created = new Date(start + ((i * 7_919_000) % (365 * 86_400_000)));
    slaSchedule({ createdAt: created, status: 'open', firstTargetMin: 1440, firstResponseAt: null, resolveTargetMin: 4800, resolveConsumedMin: 0, resolveRunningSince: created }, cal);
  }
  const perRequest = (performance.now() - d0) / N;
  console.log(`due-time computation (both clocks, both alerts), ${N} requests`.padEnd(56), `${(perRequest * 1000).toFixed(1)} µs per request`);

  const c0 = performance.now();
  const rec = await recomputeOpenDueTimes(db);
  console.log(`recompute all open due times (${rec.checked} open, ${rec.changed} changed)`.padEnd(56), `${((performance.now() - c0) / 1000).toFixed(1)} s`);

  const ok = results.queue < 50 && results.customer < 50 && results.partnerAdmin < 50 && scanFirst < 1000 && steady < 1000 && perRequest < 1;
  console.log(ok ? 'targets met' : 'TARGETS MISSED');
  if (!ok) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
