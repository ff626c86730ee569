import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import { findTestServer, withDatabase } from '../db/testing-server';
import { audienceMembersSql, audiencesOfViewerSql, countAudienceMembers, createAudience, isInAudience } from '../lib/audience/queries';
import { loadViewer } from '../lib/authz/load-viewer';

/**
 * Audience resolution at 50,000 employees: `npm run bench:audience` (scratch database, dropped after).
 * Org: 1 HQ → 6 regions → 48 departments → 240 teams; 50,000 employees in teams and departments;
 * 20,000 stored audiences of mixed kinds.
 */
async function main() {
  const adminUrl = await findTestServer();
  const name = `plaza_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const db = createDb(withDatabase(adminUrl, name), 4);
  const timings: [string, number][] = [];
  const time = async <T>(label: string, fn: () => Promise<T>, runs = 1): Promise<T> => {
    let result!: T;
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      result = await fn();
      samples.push(performance.now() - s);
    }
    samples.sort((a, b) => a - b);
    timings.push([label, samples[Math.floor(samples.length / 2)]]);
    return result;
  };
  try {
    await migrateToLatest(db);
    await time('seed org tree + 50,000 employees', async () => {
      await sql`insert into org_unit (id, name, name_en) values ('00000000-0000-4000-8000-000000000001', '总部', 'HQ')`.execute(db);
      await sql`insert into org_unit (id, parent_id, name) select ('00000000-0000-4000-8001-' || lpad(r::text, 12, '0'))::uuid, '00000000-0000-4000-8000-000000000001', '区域' || r from generate_series(1, 6) r`.execute(db);
      await sql`insert into org_unit (id, parent_id, name) select ('00000000-0000-4000-8002-' || lpad(d::text, 12, '0'))::uuid, ('00000000-0000-4000-8001-' || lpad((1 + d % 6)::text, 12, '0'))::uuid, '部门' || d from generate_series(1, 48) d`.execute(db);
      await sql`insert into org_unit (id, parent_id, name) select ('00000000-0000-4000-8003-' || lpad(t::text, 12, '0'))::uuid, ('00000000-0000-4000-8002-' || lpad((1 + t % 48)::text, 12, '0'))::uuid, '小组' || t from generate_series(1, 240) t`.execute(db);
      await sql`
        with recursive tree as (
          select id as ancestor_id, id as descendant_id, 0 as depth from org_unit
          union all
          select t.ancestor_id, u.id, t.depth + 1 from tree t join org_unit u on u.parent_id = t.descendant_id)
        insert into org_unit_closure select * from tree`.execute(db);
      await sql`
        insert into person (kind, email, name, unit_id, origin)
        select 'employee', 'p' || i || '@bench.example', '员工' || i,
          case when i % 5 = 0 then ('00000000-0000-4000-8002-' || lpad((1 + i % 48)::text, 12, '0'))::uuid
               else ('00000000-0000-4000-8003-' || lpad((1 + i % 240)::text, 12, '0'))::uuid end, 'seed'
        from generate_series(1, 50000) i`.execute(db);
      await sql`insert into unit_head (unit_id, person_id) select p.unit_id, min(p.id::text)::uuid from person p group by p.unit_id`.execute(db);
      await sql`insert into person_role (person_id, role) select id, 'comms_officer' from person where email like 'p1_@bench.example'`.execute(db);
      await sql`analyze`.execute(db);
    });
    const everyone = await createAudience(db, { everyone: true });
    const region = await createAudience(db, { units: [{ unitId: '00000000-0000-4000-8001-000000000001', includeSubUnits: true }] });
    const mixed = await createAudience(db, {
      units: [{ unitId: '00000000-0000-4000-8002-000000000003', includeSubUnits: true }, { unitId: '00000000-0000-4000-8003-000000000100', includeSubUnits: false }],
      roles: ['unit_head', 'comms_officer'],
    });
    await time('seed 20,000 stored audiences', async () => {
      for (let i = 0; i < 200; i++) {
        await db.transaction().execute(async (trx) => {
          for (let j = 0; j < 100; j++) {
            const n = i * 100 + j;
            await createAudience(trx, n % 3 === 0 ? { units: [{ unitId: `00000000-0000-4000-8003-${String(1 + (n % 240)).padStart(12, '0')}`, includeSubUnits: true }] } : n % 3 === 1 ? { units: [{ unitId: `00000000-0000-4000-8002-${String(1 + (n % 48)).padStart(12, '0')}`, includeSubUnits: true }] } : { everyone: true });
          }
        });
      }
      await sql`analyze`.execute(db);
    });

    const everyoneCount = await time('count members: everyone (50,000)', () => countAudienceMembers(db, everyone), 5);
    const regionCount = await time('count members: one region subtree', () => countAudienceMembers(db, region), 5);
    await time('count members: mixed units + roles', () => countAudienceMembers(db, mixed), 5);
    await sql`create table fanout (audience_id uuid, person_id uuid, primary key (audience_id, person_id))`.execute(db);
    await time('fan-out insert … select to 50,000', async () => {
      await sql`delete from fanout`.execute(db);
      await sql`insert into fanout (audience_id, person_id) select ${everyone}::uuid, person_id from (${audienceMembersSql(everyone)}) m`.execute(db);
    }, 3);
    const someone = await db.selectFrom('person').select('id').where('email', '=', 'p12345@bench.example').executeTakeFirstOrThrow();
    const viewer = (await loadViewer(db, someone.id))!;
    await time('load viewer', () => loadViewer(db, someone.id), 20);
    await time('is viewer in audience', () => isInAudience(db, mixed, viewer), 20);
    const mine = await time('list audiences of a viewer (of 20,000)', async () => (await sql`${audiencesOfViewerSql(viewer)}`.execute(db)).rows.length, 20);

    console.log(`\nAudience benchmark — 50,000 employees, 295 units, 20,003 audiences (everyone = ${everyoneCount}, region = ${regionCount}, viewer is in ${mine})`);
    for (const [label, ms] of timings) console.log(`  ${label.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms (median)`);
  } finally {
    await db.destroy();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
