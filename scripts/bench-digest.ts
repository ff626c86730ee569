import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import { findTestServer, withDatabase } from '../db/testing-server';
import { insertPerson, insertUnit } from '../db/seed/factories';
import { loadViewer } from '../lib/authz/load-viewer';
import type { Deps } from '../lib/announcements/deps';
import { saveAnnouncement } from '../lib/announcements/mutations';
import { runDigests } from '../lib/notifications/digest';
import { resendBatchTransport } from '../lib/notifications/digest-send';
import { startFakeResend } from '../lib/notifications/fake-resend';

/**
 * `npm run bench:digest`: 50,000 digests to a local Resend-compatible endpoint, on a scratch database.
 *   N=50000 RATE429=0 RATE500=0 CACHE=1 npm run bench:digest [-- --keep]
 * Seeds N employees in 50 units, three announcements to everyone (one must-read) and one to each
 * unit; a quarter of the people have read the canteen notice, every seventh has acknowledged the
 * must-read (so digests differ by unit and by reading); then runs
 * the digest job once at 08:00 Shanghai on a Tuesday through the real Resend SDK (batch endpoint).
 * Reports wall time, API calls (≤ N/100 without injected errors), per-phase times and the
 * worker's peak memory (RSS and heap, sampled after every batch).
 */
async function main() {
  const N = Number(process.env.N ?? 50_000);
  const rate429 = Number(process.env.RATE429 ?? 0);
  const rate500 = Number(process.env.RATE500 ?? 0);
  Object.assign(process.env, {
    AUTH_SECRET: process.env.AUTH_SECRET ?? 'bench-secret-bench-secret-bench-secret-000',
    AUTH_URL: process.env.AUTH_URL ?? 'http://localhost:3000',
    OIDC_ISSUER: process.env.OIDC_ISSUER ?? 'http://localhost:3001',
    OIDC_CLIENT_ID: 'bench',
    OIDC_CLIENT_SECRET: 'bench',
    PLAZA_DEV_IDP: 'true',
  });
  const keep = process.argv.includes('--keep');
  const adminUrl = await findTestServer();
  const name = `plaza_bench_digest_${process.pid}`;
  process.env.DATABASE_URL = withDatabase(adminUrl, name);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const db = createDb(withDatabase(adminUrl, name), 10);
  const fake = await startFakeResend({ rate429, rate500, retryAfterSeconds: 1, keepBodies: false });
  try {
    await migrateToLatest(db);
    const t0 = performance.now();
    const hq = await insertUnit(db, { name: '总部' });
    await sql`insert into org_unit (name, parent_id) select '部门' || g, ${hq}::uuid from generate_series(1, 50) g`.execute(db);
    await sql`insert into org_unit_closure (ancestor_id, descendant_id, depth) select ${hq}::uuid, id, 1 from org_unit where parent_id = ${hq}::uuid`.execute(db).catch(() => {});
    await sql`insert into org_unit_closure (ancestor_id, descendant_id, depth) select id, id, 0 from org_unit where parent_id = ${hq}::uuid on conflict do nothing`.execute(db).catch(() => {});
    await sql`insert into person (kind, email, name, name_en, unit_id, origin, locale)
      select 'employee', 'e' || g || '@bench.example', '员工' || g, 'Employee ' || g,
        (select id from org_unit where parent_id = ${hq}::uuid order by id offset (g % 50) limit 1), 'seed',
        case when g % 3 = 0 then 'en' else 'zh-CN' end
      from generate_series(1, ${N}) g`.execute(db);
    const comms = (await loadViewer(db, await insertPerson(db, { email: 'comms@bench.example', name: '李娜', unitId: hq, roles: ['comms_officer'] })))!;
    const now = new Date('2026-12-01T00:00:00Z'); // Tuesday 08:00 in Shanghai
    const deps: Deps = { enqueue: async () => {}, now: () => new Date(now.getTime() - 3600_000) };
    const base = { kind: 'notice' as const, urgency: 'normal' as const, bodyMd: '正文', publishAt: null, pinnedUntil: null, expiresAt: null, targetReach: 0.95, reachDeadline: null };
    const everyone = { everyone: true, units: [], roles: [], peopleEmails: [], partnerOrgs: [] };
    await saveAnnouncement(db, comms, { ...base, title: '安全规程更新（必读）', ackRequired: true, audience: everyone }, 'send', { deps });
    await saveAnnouncement(db, comms, { ...base, title: '年度体检安排', ackRequired: false, audience: everyone }, 'send', { deps });
    await saveAnnouncement(db, comms, { ...base, title: '食堂菜单调整', ackRequired: false, audience: everyone }, 'send', { deps });
    for (let u = 0; u < 50; u++) {
      const unitId = (await sql<{ id: string }>`select id from org_unit where parent_id = ${hq}::uuid order by id offset ${u} limit 1`.execute(db)).rows[0].id;
      await saveAnnouncement(db, comms, { ...base, title: `部门通知 ${u + 1}`, ackRequired: false, audience: { ...everyone, everyone: false, units: [{ unitId, includeSubUnits: true }] } }, 'send', { deps });
    }
    await sql`update announcement_recipient r set read_at = now() from announcement a, person p
      where a.id = r.announcement_id and p.id = r.person_id and a.title = '食堂菜单调整' and p.email ~ '^e[0-9]*[048]@'`.execute(db);
    await sql`update announcement_recipient r set acked_version = a.version, read_at = now() from announcement a, person p
      where a.id = r.announcement_id and p.id = r.person_id and a.ack_required and (substring(p.email from '^e([0-9]+)@')::int % 7) = 0`.execute(db);
    await sql`analyze`.execute(db); // as autovacuum would have, on a real database
    const seeded = performance.now() - t0;
    console.log(`seeded ${N} employees, 3 announcements to everyone and 50 to units in ${(seeded / 1000).toFixed(1)} s`);

    let peakRss = 0;
    let peakHeap = 0;
    const sample = () => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    };
    const timer = setInterval(sample, 200);
    const t1 = performance.now();
    let batches = 0;
    const r = await runDigests(db, {
      now,
      transport: resendBatchTransport('re_test', fake.url),
      renderCache: process.env.CACHE !== '0',
      afterBatch: () => {
        batches += 1;
        sample();
        if (batches % 50 === 0) console.log(`  ${batches} batches, ${((performance.now() - t1) / 1000).toFixed(0)} s, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
      },
    });
    const wall = performance.now() - t1;
    clearInterval(timer);
    const sent = (await sql<{ n: number }>`select count(*)::int as n from mail_outbox where template = 'digest' and status = 'sent'`.execute(db)).rows[0].n;
    const figures = {
      people: N,
      digestsSent: sent,
      acceptedByProvider: fake.accepted.length,
      distinctRecipients: new Set(fake.accepted.map((m) => m.to)).size,
      wallSeconds: Number((wall / 1000).toFixed(1)),
      perSecond: Math.round(sent / (wall / 1000)),
      apiCalls: fake.stats.calls,
      batchCalls: fake.stats.batchCalls,
      maxBatch: fake.stats.maxBatch,
      injected429: fake.stats.status429,
      injected500: fake.stats.status500,
      peakRssMB: Math.round(peakRss / 1048576),
      peakHeapMB: Math.round(peakHeap / 1048576),
      nodeEnv: process.env.NODE_ENV,
      loadAverage: (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim(),
      result: r,
    };
    console.log(JSON.stringify(figures, null, 2));
    // N employees plus the communications officer who wrote the items.
    const ok = sent === N + 1 && figures.distinctRecipients === N + 1 && wall < 300_000 && (rate429 + rate500 > 0 || fake.stats.calls <= Math.ceil((N + 1) / 100));
    console.log(ok ? 'PASS: every digest once, under 5 minutes, ≤ N/100 calls' : 'FAIL');
    if (!ok) process.exitCode = 1;
  } finally {
    await fake.close();
    await db.destroy();
    if (!keep) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
