import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import { findTestServer, withDatabase } from '../db/testing-server';
import { loadViewer } from '../lib/authz/load-viewer';
import { getBoard, listTasks } from '../lib/tasks/queries';
import { sendTaskReminders } from '../lib/tasks/reminders';

/**
 * Tasks at 1,000,000 rows and 50,000 employees, on a scratch database:
 *   npm run bench:tasks [-- --keep]
 * Targets (issue 10): "my tasks" and a 2,000-task unit board under 100 ms median; the reminder
 * scan under 1 s, by index. Times are the data layer's (what a page runs), median of many runs.
 */
const N_PEOPLE = 50_000;
const N_TASKS = 1_000_000;

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
  console.log(`${label.padEnd(52)} median ${median(xs).toFixed(1)} ms  (max ${Math.max(...xs).toFixed(1)} ms, ${runs} runs)`);
  return median(xs);
}

async function main() {
  const keep = process.argv.includes('--keep');
  const adminUrl = await findTestServer();
  const name = `plaza_bench_tasks_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const db = createDb(withDatabase(adminUrl, name), 10);
  try {
    await migrateToLatest(db);
    const t0 = performance.now();
    // 1 root, 50 departments, 10 teams each; one "board" unit whose 40 people hold exactly 2,000 tasks.
    await sql`insert into org_unit (id, name) values ('00000000-0000-0000-0000-000000000001', 'root')`.execute(db);
    await sql`insert into org_unit (id, name, parent_id) select ('00000000-0000-0000-0001-' || lpad(d::text, 12, '0'))::uuid, 'dept ' || d, '00000000-0000-0000-0000-000000000001' from generate_series(1, 50) d`.execute(db);
    await sql`insert into org_unit (id, name, parent_id) select ('00000000-0000-0000-0002-' || lpad((d * 100 + k)::text, 12, '0'))::uuid, 'team ' || d || '-' || k, ('00000000-0000-0000-0001-' || lpad(d::text, 12, '0'))::uuid from generate_series(1, 50) d, generate_series(1, 10) k`.execute(db);
    await sql`insert into org_unit (id, name, parent_id) values ('00000000-0000-0000-0003-000000000001', 'board unit', '00000000-0000-0000-0000-000000000001')`.execute(db);
    await sql`
      insert into org_unit_closure (ancestor_id, descendant_id, depth)
      select id, id, 0 from org_unit
      union all select parent_id, id, 1 from org_unit where parent_id is not null
      union all select '00000000-0000-0000-0000-000000000001', id, 2 from org_unit where name like 'team %'
      on conflict do nothing`.execute(db);
    await sql`
      insert into person (id, kind, email, name, unit_id, status, origin)
      select ('00000000-0000-0000-0004-' || lpad(i::text, 12, '0'))::uuid, 'employee', 'p' || i || '@bench.example', 'P' || i,
        case when i <= 40 then '00000000-0000-0000-0003-000000000001'::uuid else ('00000000-0000-0000-0002-' || lpad(((i % 50 + 1) * 100 + i % 10 + 1)::text, 12, '0'))::uuid end,
        'active', 'seed'
      from generate_series(1, ${N_PEOPLE}) i`.execute(db);
    await sql`insert into unit_head (unit_id, person_id) values ('00000000-0000-0000-0003-000000000001', '00000000-0000-0000-0004-000000000001')`.execute(db);
    // 2,000 tasks for the board unit's 40 people, the rest spread over everyone else.
    await sql`
      insert into task (title, creator_id, owner_id, owner_unit_id, priority, status, due_on, due_at, tags, created_at, completed_at)
      select 'task ' || g, o.id, o.id, o.unit_id,
        (array['high','medium','low'])[1 + g % 3], s.status,
        d::date, (d::date + 1)::timestamp at time zone 'Asia/Shanghai', array['t' || (g % 20)], now() - interval '60 days',
        case when s.status = 'done' then now() - (g % 60) * interval '1 day' end
      from generate_series(1, ${N_TASKS}) g
      cross join lateral (select ('00000000-0000-0000-0004-' || lpad((case when g <= 2000 then 1 + g % 40 else 41 + g % (${N_PEOPLE} - 40) end)::text, 12, '0'))::uuid as pid) x
      join person o on o.id = x.pid
      cross join lateral (select (array['todo','in_progress','in_review','done','done'])[1 + g % 5] as status) s
      cross join lateral (select current_date + ((g % 120) - 60) as d) dd`.execute(db);
    // Reminders already sent for everything in the past (a steady state), so the scan reads only what is new.
    await sql`update task set reminded_day_at = now(), reminded_hour_at = now(), overdue_notified_at = now() where due_at < now()`.execute(db);
    await sql`analyze`.execute(db);
    console.log(`seeded ${N_PEOPLE} people, ${N_TASKS} tasks in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const owner = (await loadViewer(db, '00000000-0000-0000-0004-000000012345'))!;
    const head = (await loadViewer(db, '00000000-0000-0000-0004-000000000001'))!;
    const results = {
      mine: await measure('my tasks (open, page 1)', 30, () => listTasks(db, owner, {})),
      mineOverdue: await measure('my tasks (overdue tab)', 30, () => listTasks(db, owner, { tab: 'overdue' })),
      board: await measure('unit board, 2,000 tasks (head)', 30, () => getBoard(db, head, { kind: 'unit', id: '00000000-0000-0000-0003-000000000001' })),
      team: await measure("head's team list (open, page 1)", 30, () => listTasks(db, head, { scope: 'team' })),
    };
    let mailJobs = 0;
    const enqueueMail = async () => void (mailJobs += 1);
    const scanNow = new Date();
    const r0 = performance.now();
    const counts = await sendTaskReminders(db, { now: scanNow, enqueueMail });
    const firstSweep = performance.now() - r0;
    const notified = await sql<{ n: number }>`select count(*)::int as n from notification`.execute(db);
    console.log(`reminder sweep (first run: ${JSON.stringify(counts)})`.padEnd(52), `${firstSweep.toFixed(1)} ms  (${notified.rows[0].n} notifications, ${mailJobs} mail jobs)`);
    const steady = await measure('reminder sweep, steady state (nothing new)', 10, () => sendTaskReminders(db, { now: scanNow, enqueueMail }));
    const ok = results.mine < 100 && results.board < 100 && steady < 1000 && firstSweep < 10_000;
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
