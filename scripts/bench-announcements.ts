import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { createDb } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import { findTestServer, withDatabase } from '../db/testing-server';
import type { DB } from '../db/types';
import { loadViewer } from '../lib/authz/load-viewer';
import type { Viewer } from '../lib/authz/viewer';
import type { Deps } from '../lib/announcements/deps';
import { markRead, recordRead, saveAnnouncement } from '../lib/announcements/mutations';
import { getAnnouncement, getHome, getReach, listAnnouncements } from '../lib/announcements/queries';
import type { ComposeInput } from '../lib/announcements/schema';

/**
 * Announcements at 50,000 employees and 200,000 announcements, on a scratch database:
 *   node --import tsx --import ./scripts/hooks/register.mjs scripts/bench-announcements.ts [--keep]
 * Org: HQ → 10 regions → 100 departments → 2,000 teams of 25. Announcements: 60 company-wide,
 * 400 per region, 6,000 per department, the rest per team (≈ 12.8 M receipts, ≈ 70 % read).
 * Times are the data layer's (the queries a page runs), measured from Node, median of many runs.
 */
const N_ANN = 200_000;
const EVERYONE = 60;
const REGION = 400;
const DEPT = 6_000;

type Timing = { label: string; median: number; p95: number; runs: number; note?: string };
const results: Timing[] = [];

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
}

async function measure(label: string, runs: number, fn: (i: number) => Promise<unknown>, note?: string) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  results.push({ label, runs, note, ...stats(samples) });
}

const uid = (prefix: string, n: string) => sql.raw(`('${prefix}-' || lpad((${n})::text, 12, '0'))::uuid`);

async function seed(db: Kysely<DB>) {
  const log = (m: string) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${m}`);
  log('org tree and 50,000 employees');
  await sql`insert into org_unit (id, name, name_en) values ('00000000-0000-4000-8000-000000000001', '总部', 'HQ')`.execute(db);
  await sql`insert into org_unit (id, parent_id, name, name_en) select ${uid('00000000-0000-4000-8001', 'r')}, '00000000-0000-4000-8000-000000000001', '区域' || r, 'Region ' || r from generate_series(1, 10) r`.execute(db);
  await sql`insert into org_unit (id, parent_id, name, name_en) select ${uid('00000000-0000-4000-8002', 'd')}, ${uid('00000000-0000-4000-8001', '1 + (d - 1) / 10')}, '部门' || d, 'Department ' || d from generate_series(1, 100) d`.execute(db);
  await sql`insert into org_unit (id, parent_id, name, name_en) select ${uid('00000000-0000-4000-8003', 't')}, ${uid('00000000-0000-4000-8002', '1 + (t - 1) / 20')}, '小组' || t, 'Team ' || t from generate_series(1, 2000) t`.execute(db);
  await sql`
    insert into org_unit_closure (ancestor_id, descendant_id, depth)
    with recursive c as (
      select id as ancestor_id, id as descendant_id, 0 as depth from org_unit
      union all
      select c.ancestor_id, u.id, c.depth + 1 from c join org_unit u on u.parent_id = c.descendant_id
    ) select * from c`.execute(db);
  await sql`
    insert into person (id, kind, email, name, unit_id, origin, locale)
    select ${uid('00000000-0000-4000-9000', 'i')}, 'employee', 'e' || i || '@bench.example', '员工' || i, ${uid('00000000-0000-4000-8003', '1 + (i - 1) / 25')}, 'seed',
      case when i % 3 = 0 then 'en' else 'zh-CN' end
    from generate_series(1, 50000) i`.execute(db);
  // Heads: the first person of each team heads it; a few people head departments and regions.
  await sql`insert into unit_head (unit_id, person_id) select ${uid('00000000-0000-4000-8003', 't')}, ${uid('00000000-0000-4000-9000', '(t - 1) * 25 + 1')} from generate_series(1, 2000) t`.execute(db);
  await sql`insert into unit_head (unit_id, person_id) select ${uid('00000000-0000-4000-8002', 'd')}, ${uid('00000000-0000-4000-9000', '(d - 1) * 500 + 2')} from generate_series(1, 100) d`.execute(db);
  await sql`insert into unit_head (unit_id, person_id) select ${uid('00000000-0000-4000-8001', 'r')}, ${uid('00000000-0000-4000-9000', '(r - 1) * 5000 + 3')} from generate_series(1, 10) r`.execute(db);
  await sql`insert into person_role (person_id, role) values ('00000000-0000-4000-9000-000000000004', 'comms_officer')`.execute(db);

  log('200,000 announcements with their audiences');
  // i ≤ 60: everyone; ≤ 460: a region; ≤ 6460: a department; the rest: a team.
  const target = sql.raw(`case
      when i <= ${EVERYONE} then null
      when i <= ${EVERYONE + REGION} then ('00000000-0000-4000-8001-' || lpad((1 + i % 10)::text, 12, '0'))::uuid
      when i <= ${EVERYONE + REGION + DEPT} then ('00000000-0000-4000-8002-' || lpad((1 + i % 100)::text, 12, '0'))::uuid
      else ('00000000-0000-4000-8003-' || lpad((1 + i % 2000)::text, 12, '0'))::uuid end`);
  await sql`insert into audience (id) select ${uid('00000000-0000-4000-a000', 'i')} from generate_series(1, ${N_ANN}) i`.execute(db);
  await sql`
    insert into audience_rule (audience_id, kind, unit_id, include_sub_units)
    select ${uid('00000000-0000-4000-a000', 'i')}, case when i <= ${EVERYONE} then 'everyone' else 'unit' end, ${target}, true
    from generate_series(1, ${N_ANN}) i`.execute(db);
  await sql`
    insert into announcement (id, kind, urgency, title, body_md, origin_unit_id, author_id, audience_id, ack_required, status, published_at, created_at, updated_at, pinned_until)
    select ${uid('00000000-0000-4000-b000', 'i')},
      (array['notice','collab_request','decision','feedback_request'])[1 + i % 4],
      case when i % 50 = 0 then 'urgent' else 'normal' end,
      '公告 ' || i, '## 事由' || chr(10) || chr(10) || '第 ' || i || ' 条公告的内容。',
      coalesce(${target}, '00000000-0000-4000-8000-000000000001'::uuid),
      '00000000-0000-4000-9000-000000000004', ${uid('00000000-0000-4000-a000', 'i')},
      i % 5 = 0, 'published',
      now() - (i * interval '5 minutes'), now() - (i * interval '5 minutes'), now() - (i * interval '5 minutes'),
      case when i % 2000 = 0 then now() + interval '7 days' end
    from generate_series(1, ${N_ANN}) i`.execute(db);

  log('receipts (fan-out of every announcement), about 70 % read');
  await sql`alter table announcement_recipient drop constraint announcement_recipient_pk`.execute(db);
  await sql`drop index announcement_recipient_unread_idx`.execute(db);
  await sql`drop index announcement_recipient_unit_idx`.execute(db);
  const receipt = sql`a.id, p.id, p.unit_id, a.published_at, a.published_at,
      case when r < 0.7 then a.published_at + (r * r * 200000) * interval '1 second' end,
      case when r < 0.7 then (case when r < 0.5 then 'web' else 'mail' end) end,
      case when a.ack_required and r < 0.6 then a.published_at + (r * r * 250000) * interval '1 second' end,
      case when a.ack_required and r < 0.6 then 1 end`;
  const cols = sql`(announcement_id, person_id, unit_id, delivered_at, mailed_at, read_at, read_channel, acked_at, acked_version)`;
  await sql`insert into announcement_recipient ${cols}
    select ${receipt} from announcement a cross join lateral (select p.*, random() as r from person p where p.kind = 'employee') p
    where a.id <= '00000000-0000-4000-b000-000000000060'::uuid`.execute(db);
  await sql`insert into announcement_recipient ${cols}
    select ${receipt} from announcement a
    join audience_rule ru on ru.audience_id = a.audience_id and ru.kind = 'unit'
    join org_unit_closure c on c.ancestor_id = ru.unit_id
    cross join lateral (select p.*, random() as r from person p where p.unit_id = c.descendant_id) p`.execute(db);
  log('indexes');
  await sql`alter table announcement_recipient add constraint announcement_recipient_pk primary key (announcement_id, person_id)`.execute(db);
  await sql`create index announcement_recipient_unread_idx on announcement_recipient (person_id) where read_at is null`.execute(db);
  await sql`create index announcement_recipient_unit_idx on announcement_recipient (announcement_id, unit_id)`.execute(db);
  await sql`update announcement a set audience_size = (select count(*) from announcement_recipient r where r.announcement_id = a.id)`.execute(db);
  await sql`vacuum analyze`.execute(db);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from announcement_recipient`.execute(db);
  log(`${rows[0].n.toLocaleString()} receipts`);
  return rows[0].n;
}

async function main() {
  // --db=<name>: measure again on a database kept by an earlier --keep run (no seeding).
  const reuse = process.argv.find((a) => a.startsWith('--db='))?.slice(5);
  const keep = process.argv.includes('--keep') || !!reuse;
  const adminUrl = await findTestServer();
  const name = reuse ?? `plaza_bench_ann_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (!reuse) await admin.query(`create database ${name}`);
  const db = createDb(withDatabase(adminUrl, name), 20);
  const deps: Deps = { enqueue: async () => {} }; // mails are the worker's job; publishing is measured
  try {
    let receipts: number;
    if (reuse) {
      await migrateToLatest(db);
      receipts = (await sql<{ n: number }>`select count(*)::int as n from announcement_recipient`.execute(db)).rows[0].n;
    } else {
      await migrateToLatest(db);
      console.log(`Seeding ${name}…`);
      const t0 = performance.now();
      receipts = await seed(db);
      console.log(`  seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    }

    const comms = (await loadViewer(db, '00000000-0000-4000-9000-000000000004'))!;
    const sampleIds = (await sql<{ id: string }>`select id from person where kind = 'employee' order by md5(id::text) limit 200`.execute(db)).rows.map((r) => r.id);
    const viewers: Viewer[] = [];
    for (const id of sampleIds) viewers.push((await loadViewer(db, id))!);

    // 1. Publishing to everyone (50,000): audience, check, fan-out (one insert … select), events.
    const input: ComposeInput = {
      kind: 'notice', urgency: 'urgent', title: '基准测试', bodyMd: '## 事由\n\n全员通知。', ackRequired: true,
      audience: { everyone: true, units: [], roles: [], peopleEmails: [], partnerOrgs: [] },
      publishAt: null, pinnedUntil: null, expiresAt: null, targetReach: 0.95, reachDeadline: null,
    };
    const published: string[] = [];
    await measure('publish to 50,000 (targeting + fan-out)', 5, async () => {
      published.push((await saveAnnouncement(db, comms, input, 'send', { deps })).id);
    });

    // 2. Reads: concurrent, as many web requests would do them.
    const people = (await sql<{ id: string; unit_id: string }>`select id, unit_id from person where kind = 'employee' order by id`.execute(db)).rows;
    async function readRate(label: string, annId: string, list: typeof people, concurrency: number, full: boolean) {
      let next = 0;
      const t = performance.now();
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < list.length) {
          const p = list[next++];
          const v = { id: p.id, unitId: p.unit_id, partnerOrgId: null };
          if (full) await markRead(db, { ...viewers[0], ...v, headOfUnitIds: [], roles: [] }, annId, 'web');
          else await recordRead(db, annId, v, 'web');
        }
      }));
      const secs = (performance.now() - t) / 1000;
      results.push({ label, runs: list.length, median: NaN, p95: NaN, note: `${Math.round(list.length / secs).toLocaleString()} reads/s (${list.length.toLocaleString()} reads, ${concurrency} concurrent)` });
    }
    await readRate('record reads: the upsert', published[0], people.slice(0, 30000), 16, false);
    await readRate('record reads: markRead (visibility check + upsert)', published[1], people.slice(0, 20000), 16, true);

    // Make one 50,000-person item realistic for the reach page: most have read, many acknowledged.
    await sql`update announcement_recipient set read_at = delivered_at + (random() * random() * 20000) * interval '1 second', read_channel = 'web',
      acked_at = case when random() < 0.8 then delivered_at + interval '1 hour' end, acked_version = case when random() < 0.8 then 1 end
      where announcement_id = ${published[2]} and random() < 0.9`.execute(db);
    await sql`analyze announcement_recipient`.execute(db);

    // 3. Pages' data: homepage and list, per employee.
    await measure('homepage (getHome)', viewers.length, (i) => getHome(db, viewers[i]));
    await measure('announcement list, page 1 (listAnnouncements)', viewers.length, (i) => listAnnouncements(db, viewers[i], {}));
    await measure('announcement list, unread + kind filter', viewers.length, (i) => listAnnouncements(db, viewers[i], { read: 'unread', kind: 'notice' }));
    await measure('announcement list, page 5', viewers.length, (i) => listAnnouncements(db, viewers[i], { page: 5 }));
    await measure('announcement list, communications officer (all 200,000)', 50, () => listAnnouncements(db, comms, {}));
    await measure('announcement detail (getAnnouncement)', viewers.length, (i) => getAnnouncement(db, viewers[i], published[2]));
    // 4. Reach of a 50,000-person item.
    await measure('reach page of a 50,000-person item (getReach)', 20, () => getReach(db, comms, published[2]));
    const head = (await loadViewer(db, '00000000-0000-4000-9000-000000000003'))!; // a region head: own tree only
    await measure('reach page, region head (own tree, 5,000)', 20, () => getReach(db, head, published[2]));

    console.log(`Plaza announcements benchmark — 50,000 employees, ${N_ANN.toLocaleString()} announcements, ${receipts.toLocaleString()} receipts`);
    console.log('─'.repeat(100));
    for (const r of results) {
      const time = Number.isNaN(r.median) ? '' : `median ${r.median.toFixed(1)} ms · p95 ${r.p95.toFixed(1)} ms · ${r.runs} runs`;
      console.log(`${r.label.padEnd(58)} ${time}${r.note ?? ''}`);
    }
  } finally {
    await db.destroy();
    if (!keep) await admin.query(`drop database if exists ${name} with (force)`);
    else console.log(`kept database ${name}`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
