import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import { findTestServer, withDatabase } from '../db/testing-server';
import { loadViewer } from '../lib/authz/load-viewer';
import { listMeetings } from '../lib/meetings/queries';

/**
 * The meetings list "by unit" at 50,000 employees and 200,000 meetings (800,000 attendee rows), on
 * a scratch database:  npm run bench:meetings [-- --keep]
 * Median data-layer time of listMeetings (what the page runs) for an admin (every meeting) and an
 * employee (their own), by a team (~100 people), a department (~1,000) and the whole company.
 */
const N_PEOPLE = 50_000;
const N_MEETINGS = 200_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function measure(label: string, runs: number, fn: () => Promise<unknown>) {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  console.log(`${label.padEnd(60)} median ${median(xs).toFixed(1)} ms  (max ${Math.max(...xs).toFixed(1)} ms, ${runs} runs)`);
}

async function main() {
  const keep = process.argv.includes('--keep');
  const adminUrl = await findTestServer();
  const name = `plaza_bench_meetings_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const db = createDb(withDatabase(adminUrl, name), 4);
  try {
    await migrateToLatest(db);
    const t0 = performance.now();
    const root = '00000000-0000-0000-0000-000000000001';
    const dept = (d: number) => `00000000-0000-0000-0001-${String(d).padStart(12, '0')}`;
    const team = (d: number, k: number) => `00000000-0000-0000-0002-${String(d * 100 + k).padStart(12, '0')}`;
    const person = (i: number) => `00000000-0000-0000-0004-${String(i).padStart(12, '0')}`;
    await sql`insert into org_unit (id, name) values (${root}, 'root')`.execute(db);
    await sql`insert into org_unit (id, name, parent_id) select ('00000000-0000-0000-0001-' || lpad(d::text, 12, '0'))::uuid, 'dept ' || d, ${root}::uuid from generate_series(1, 50) d`.execute(db);
    await sql`insert into org_unit (id, name, parent_id) select ('00000000-0000-0000-0002-' || lpad((d * 100 + k)::text, 12, '0'))::uuid, 'team ' || d || '-' || k, ('00000000-0000-0000-0001-' || lpad(d::text, 12, '0'))::uuid from generate_series(1, 50) d, generate_series(1, 10) k`.execute(db);
    await sql`
      insert into org_unit_closure (ancestor_id, descendant_id, depth)
      select id, id, 0 from org_unit
      union all select parent_id, id, 1 from org_unit where parent_id is not null
      union all select ${root}::uuid, id, 2 from org_unit where name like 'team %'
      on conflict do nothing`.execute(db);
    await sql`
      insert into person (id, kind, email, name, unit_id, status, origin)
      select ('00000000-0000-0000-0004-' || lpad(i::text, 12, '0'))::uuid, 'employee', 'p' || i || '@bench.example', 'P' || i,
        ('00000000-0000-0000-0002-' || lpad(((i % 50 + 1) * 100 + i % 10 + 1)::text, 12, '0'))::uuid, 'active', 'seed'
      from generate_series(1, ${N_PEOPLE}) i`.execute(db);
    await sql`insert into person_role (person_id, role) values (${person(1)}, 'admin')`.execute(db);
    // Meetings over two years around today, organised by anyone; every tenth invites a team as a unit.
    await sql`
      insert into meeting (id, title, starts_at, ends_at, timezone, organiser_id)
      select ('00000000-0000-0000-0005-' || lpad(g::text, 12, '0'))::uuid, 'meeting ' || g,
        now() + ((g % 730) - 365) * interval '1 day' + (g % 9) * interval '1 hour',
        now() + ((g % 730) - 365) * interval '1 day' + (g % 9) * interval '1 hour' + interval '1 hour', 'Asia/Shanghai',
        ('00000000-0000-0000-0004-' || lpad((1 + (g * 7919) % ${N_PEOPLE})::text, 12, '0'))::uuid
      from generate_series(1, ${N_MEETINGS}) g`.execute(db);
    await sql`
      insert into meeting_attendee (meeting_id, person_id)
      select m.id, ('00000000-0000-0000-0004-' || lpad((1 + (g * 7919 + k * 104729) % ${N_PEOPLE})::text, 12, '0'))::uuid
      from generate_series(1, ${N_MEETINGS}) g cross join generate_series(0, 3) k
      join lateral (select ('00000000-0000-0000-0005-' || lpad(g::text, 12, '0'))::uuid as id) m on true
      on conflict do nothing`.execute(db);
    await sql`
      insert into meeting_unit (meeting_id, unit_id)
      select ('00000000-0000-0000-0005-' || lpad(g::text, 12, '0'))::uuid, ('00000000-0000-0000-0002-' || lpad(((g % 50 + 1) * 100 + g % 10 + 1)::text, 12, '0'))::uuid
      from generate_series(10, ${N_MEETINGS}, 10) g`.execute(db);
    await sql`analyze`.execute(db);
    console.log(`seeded ${N_PEOPLE} people, ${N_MEETINGS} meetings in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const adminV = (await loadViewer(db, person(1)))!;
    const emp = (await loadViewer(db, person(12345)))!;
    for (const tab of ['upcoming', 'past'] as const) {
      await measure(`admin, ${tab}, by team (~100 people)`, 30, () => listMeetings(db, adminV, { tab, unit: team(7, 3) }));
      await measure(`admin, ${tab}, by department (~1,000 people)`, 30, () => listMeetings(db, adminV, { tab, unit: dept(7) }));
      await measure(`admin, ${tab}, by the whole company`, 30, () => listMeetings(db, adminV, { tab, unit: root }));
      await measure(`employee, ${tab}, own meetings`, 30, () => listMeetings(db, emp, { tab }));
      await measure(`employee, ${tab}, own meetings by department`, 30, () => listMeetings(db, emp, { tab, unit: dept(7) }));
    }
    const p1 = await listMeetings(db, adminV, { tab: 'past', unit: dept(7) });
    await measure('admin, past, by department, page 2 (keyset)', 30, () => listMeetings(db, adminV, { tab: 'past', unit: dept(7), after: p1.next ?? undefined }));
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
