import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import { findTestServer, withDatabase } from '../db/testing-server';
import { loadViewer } from '../lib/authz/load-viewer';
import type { Viewer } from '../lib/authz/viewer';
import type { Deps } from '../lib/announcements/deps';
import { markRead, recordRead, saveAnnouncement } from '../lib/announcements/mutations';
import { getAnnouncement, getHome, getReach, listAnnouncements } from '../lib/announcements/queries';
import type { ComposeInput } from '../lib/announcements/schema';
import { N_ANN, seedBenchCompany } from './bench/company';

/**
 * Announcements at 50,000 employees and 200,000 announcements, on a scratch database:
 *   node --import tsx --import ./scripts/hooks/register.mjs scripts/bench-announcements.ts [--keep]
 * The company is scripts/bench/company.ts (also used by `bench:http`): 2,111 units, 200,000
 * announcements, ≈ 12.8 M receipts, ≈ 70 % read.
 * Times are the data layer's (the queries a page runs), measured from Node, median of many runs.
 */

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
      receipts = await seedBenchCompany(db);
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
