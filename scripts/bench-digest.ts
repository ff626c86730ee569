import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
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
import { lowerWorkerPriority } from '../lib/jobs/priority';
import { runDigests } from '../lib/notifications/digest';
import { resendBatchTransport } from '../lib/notifications/digest-send';
import { startFakeResend } from '../lib/notifications/fake-resend';
import { createBenchSession } from './bench/sessions';

/**
 * `npm run bench:digest`: 50,000 personalised digests to a local Resend-compatible endpoint, on a
 * scratch database, while the web app serves the homepage.
 *   N=50000 RATE429=0 RATE500=0 CACHE=1 npm run bench:digest [-- --keep] [-- --no-web] [-- --port=3400]
 *     [-- --nice=10] [-- --pause=0] [-- --rate=5] [-- --baseline=20]
 * Seeds N employees in 50 units, three announcements to everyone (one must-read) and one to each
 * unit; a quarter of the people have read the canteen notice, every seventh has acknowledged the
 * must-read (so digests differ by unit and by reading). The author's own digest is off, so exactly
 * N people are due. Then:
 * 1. (unless --no-web) starts the production build (`next start`, run `npm run build` first) on the
 *    bench database, signs an employee in with a real database session (scripts/bench/sessions.ts)
 *    and measures the homepage's latency at a steady --rate requests/s for --baseline seconds;
 * 2. runs the digest job once at 08:00 Shanghai on a Tuesday in a WORKER PROCESS of its own, as
 *    the real worker runs it (niced with lowerWorkerPriority, PLAZA_WORKER_NICE / --nice; a pause
 *    after each batch, PLAZA_DIGEST_PAUSE_MS / --pause), through the real Resend SDK (batch
 *    endpoint), while the homepage is measured the same way;
 * 3. measures the homepage once more after the run (how much the machine itself moved).
 * Reports wall time, API calls (= ceil(N/100) without injected errors), the worker's peak memory
 * (RSS from /proc, sampled every 200 ms, and its own high-water mark), homepage median/p99 before,
 * during and after, their ratio, and the load average.
 */
const log = (m: string) => console.log(`[bench:digest] ${m}`);
function opt(name: string): string | undefined {
  const a = process.argv.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  if (!a) return undefined;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : 'true';
}
const NOW = new Date('2026-12-01T00:00:00Z'); // Tuesday 08:00 in Shanghai

/** The worker process: runs the digest job once and prints its figures as one JSON line. */
async function worker() {
  const nice = lowerWorkerPriority(Number(process.env.PLAZA_WORKER_NICE ?? 10));
  const rate429 = Number(process.env.RATE429 ?? 0);
  const rate500 = Number(process.env.RATE500 ?? 0);
  const db = createDb(process.env.DATABASE_URL!, 10);
  const fake = await startFakeResend({ rate429, rate500, retryAfterSeconds: 1, keepBodies: false });
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
  try {
    const r = await runDigests(db, {
      now: NOW,
      transport: resendBatchTransport('re_test', fake.url),
      renderCache: process.env.CACHE !== '0',
      pauseMs: Number(process.env.PLAZA_DIGEST_PAUSE_MS ?? 0),
      afterBatch: () => {
        batches += 1;
        sample();
        if (batches % 50 === 0) log(`  ${batches} batches, ${((performance.now() - t1) / 1000).toFixed(0)} s, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
      },
    });
    const wall = performance.now() - t1;
    clearInterval(timer);
    console.log(`RESULT ${JSON.stringify({
      nice, wallMs: wall, result: r, accepted: fake.accepted.length, distinctRecipients: new Set(fake.accepted.map((m) => m.to)).size, stats: fake.stats,
      peakRssMB: Math.round(peakRss / 1048576), peakHeapMB: Math.round(peakHeap / 1048576), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    })}`);
  } finally {
    await fake.close();
    await db.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// The homepage, measured from outside the worker

type Latency = { requests: number; errors: number; medianMs: number; p99Ms: number; meanMs: number };

/** Requests the page at a steady rate (open loop: a slow answer does not slow the next request) until `until()` says stop. */
async function probe(url: string, cookie: string, ratePerSec: number, until: () => boolean): Promise<Latency> {
  const times: number[] = [];
  let errors = 0;
  let inFlight = 0;
  const pending: Promise<void>[] = [];
  const one = async () => {
    inFlight += 1;
    const t = performance.now();
    try {
      const r = await fetch(url, { headers: { cookie }, redirect: 'manual' });
      await r.arrayBuffer();
      if (r.status === 200) times.push(performance.now() - t);
      else errors += 1;
    } catch {
      errors += 1;
    } finally {
      inFlight -= 1;
    }
  };
  const interval = 1000 / ratePerSec;
  let next = performance.now();
  while (!until()) {
    if (inFlight < 16) pending.push(one());
    else errors += 1; // the server is that far behind: a request we could not even send counts as failed
    next += interval;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  await Promise.all(pending);
  times.sort((a, b) => a - b);
  const q = (p: number) => (times.length ? times[Math.min(times.length - 1, Math.floor(p * times.length))] : NaN);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return { requests: times.length, errors, medianMs: r1(q(0.5)), p99Ms: r1(q(0.99)), meanMs: r1(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length)) };
}

const forSeconds = (s: number) => {
  const end = performance.now() + s * 1000;
  return () => performance.now() >= end;
};

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (s) a process has used so far (utime + stime, /proc, clock ticks of 1/100 s). */
function cpuSec(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}
/** Busy CPU seconds of the whole machine so far (every core, every process: /proc/stat). */
function machineBusySec(): number {
  const [, ...v] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / 100; // user nice system irq softirq steal
}

async function startWeb(root: string, port: number, databaseUrl: string): Promise<ChildProcess> {
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) throw new Error('no production build in .next: run `npm run build` first (or pass --no-web)');
  mkdirSync(path.join(root, '.data'), { recursive: true });
  const logFile = path.join(root, '.data', `bench-digest-web-${port}.log`);
  const out = createWriteStream(logFile);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, AUTH_URL: `http://localhost:${port}`, AUTH_TRUST_HOST: 'true', NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'), PORT: String(port) };
  for (const k of ['RESEND_API_KEY', 'RESEND_BASE_URL', 'SMTP_URL', 'PLAZA_OUTBOX_VIEWER']) delete env[k];
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the web server exited: see ${logFile}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill('SIGKILL');
  throw new Error(`the web server did not answer within 2 minutes: see ${logFile}`);
}

function stop(child: ChildProcess | null): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function main() {
  if (process.argv.includes('--worker')) return worker();
  const N = Number(process.env.N ?? 50_000);
  const rate429 = Number(process.env.RATE429 ?? 0);
  const rate500 = Number(process.env.RATE500 ?? 0);
  const web = !process.argv.includes('--no-web');
  const port = Number(opt('port') ?? 3400);
  const rate = Number(opt('rate') ?? 5);
  const baseline = Number(opt('baseline') ?? 20);
  const nice = opt('nice') ?? process.env.PLAZA_WORKER_NICE ?? '10';
  const pause = opt('pause') ?? process.env.PLAZA_DIGEST_PAUSE_MS ?? '0';
  Object.assign(process.env, {
    AUTH_SECRET: process.env.AUTH_SECRET ?? 'bench-secret-bench-secret-bench-secret-000',
    AUTH_URL: `http://localhost:${port}`,
    // Never contacted: cookie-based requests do not reach the identity provider.
    OIDC_ISSUER: 'http://localhost:9',
    OIDC_CLIENT_ID: 'bench',
    OIDC_CLIENT_SECRET: 'bench',
    PLAZA_DEV_IDP: 'true',
    NEXT_TELEMETRY_DISABLED: '1',
  });
  const keep = process.argv.includes('--keep');
  const adminUrl = await findTestServer();
  const name = `plaza_bench_digest_${process.pid}`;
  const databaseUrl = withDatabase(adminUrl, name);
  process.env.DATABASE_URL = databaseUrl;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const db = createDb(databaseUrl, 4);
  let server: ChildProcess | null = null;
  let workerProc: ChildProcess | null = null;
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
    const commsId = await insertPerson(db, { email: 'comms@bench.example', name: '李娜', unitId: hq, roles: ['comms_officer'] });
    // The author reads her own items: her digest is off, so the N employees are exactly who is due.
    await db.insertInto('notification_preference').values({ person_id: commsId, digest_frequency: 'off' }).execute();
    const comms = (await loadViewer(db, commsId))!;
    const now = NOW;
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
    log(`seeded ${N} employees, 3 announcements to everyone and 50 to units in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    let home: string | null = null;
    let cookie = '';
    let before: Latency | null = null;
    if (web) {
      server = await startWeb(process.cwd(), port, databaseUrl);
      const someone = (await sql<{ id: string }>`select id from person where email = 'e7@bench.example'`.execute(db)).rows[0].id;
      cookie = await createBenchSession(db, someone);
      home = `http://127.0.0.1:${port}/`;
      const first = await fetch(home, { headers: { cookie }, redirect: 'manual' });
      if (first.status !== 200) throw new Error(`the homepage answered ${first.status} ${first.headers.get('location') ?? ''} for the signed-in employee`);
      await probe(home, cookie, rate * 2, forSeconds(5)); // warm-up
      before = await probe(home, cookie, rate, forSeconds(baseline));
      log(`homepage before: median ${before.medianMs} ms, p99 ${before.p99Ms} ms over ${before.requests} requests (load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]})`);
    }

    // The worker: its own process, as in production.
    const load0 = readFileSync('/proc/loadavg', 'utf8').trim();
    let peakRss = 0;
    let output = '';
    workerProc = spawn(process.execPath, [...process.execArgv, process.argv[1], '--worker'], {
      env: { ...process.env, PLAZA_WORKER_NICE: nice, PLAZA_DIGEST_PAUSE_MS: pause, RATE429: String(rate429), RATE500: String(rate500) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const w = workerProc;
    w.stdout!.on('data', (b: Buffer) => {
      output += b.toString();
      for (const line of b.toString().split('\n')) if (line.trim() && !line.startsWith('RESULT ')) console.log(line);
    });
    let workerCpu = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssOf(w.pid!));
      workerCpu = Math.max(workerCpu, cpuSec(w.pid));
    }, 200);
    const webCpu0 = cpuSec(server?.pid);
    const busy0 = machineBusySec();
    const exited = new Promise<number>((resolve) => w.once('exit', (code) => resolve(code ?? 1)));
    let done = false;
    void exited.then(() => (done = true));
    const during = home ? await probe(home, cookie, rate, () => done) : null;
    const code = await exited;
    clearInterval(sampler);
    const load1 = readFileSync('/proc/loadavg', 'utf8').trim();
    // Who used the CPU during the run: the worker, the web server, and everything else on the
    // machine (PostgreSQL included — its backends serve both, and other people's work).
    const cpu = { workerSec: Math.round(workerCpu), webSec: Math.round(cpuSec(server?.pid) - webCpu0), machineSec: Math.round(machineBusySec() - busy0) };
    const line = output.split('\n').find((l) => l.startsWith('RESULT '));
    if (code !== 0 || !line) throw new Error(`the worker failed (exit ${code})`);
    const wr = JSON.parse(line.slice(7)) as { nice: number; wallMs: number; result: unknown; accepted: number; distinctRecipients: number; stats: { calls: number; batchCalls: number; maxBatch: number; status429: number; status500: number }; peakRssMB: number; peakHeapMB: number; maxRssMB: number };
    const after = home ? await probe(home, cookie, rate, forSeconds(baseline)) : null;

    const sent = (await sql<{ n: number }>`select count(*)::int as n from mail_outbox where template = 'digest' and status = 'sent'`.execute(db)).rows[0].n;
    const ratio = (a: number | undefined, b: number | undefined) => (a && b ? Math.round((a / b) * 100) / 100 : null);
    const figures = {
      people: N,
      digestsSent: sent,
      acceptedByProvider: wr.accepted,
      distinctRecipients: wr.distinctRecipients,
      wallSeconds: Number((wr.wallMs / 1000).toFixed(1)),
      perSecond: Math.round(sent / (wr.wallMs / 1000)),
      apiCalls: wr.stats.calls,
      batchCalls: wr.stats.batchCalls,
      maxBatch: wr.stats.maxBatch,
      injected429: wr.stats.status429,
      injected500: wr.stats.status500,
      workerNice: wr.nice,
      pauseMsPerBatch: Number(pause),
      workerPeakRssMB: Math.max(Math.round(peakRss), wr.peakRssMB),
      workerMaxRssMB: wr.maxRssMB,
      workerPeakHeapMB: wr.peakHeapMB,
      homepage: home ? { ratePerSec: rate, before, during, after, medianRatio: ratio(during?.medianMs, before?.medianMs), p99Ratio: ratio(during?.p99Ms, before?.p99Ms) } : 'not measured (--no-web)',
      nodeEnv: process.env.NODE_ENV,
      loadAverage: { beforeRun: load0, afterRun: load1 },
      cpuDuringRun: { ...cpu, othersSec: cpu.machineSec - cpu.workerSec - cpu.webSec },
      result: wr.result,
    };
    console.log(JSON.stringify(figures, null, 2));
    const homepageOk = !home || (figures.homepage as { medianRatio: number | null }).medianRatio! <= 1.2;
    const ok = sent === N && figures.distinctRecipients === N && wr.wallMs < 300_000 && figures.workerPeakRssMB < 600
      && (rate429 + rate500 > 0 || wr.stats.calls === Math.ceil(N / 100)) && homepageOk;
    console.log(ok ? `PASS: ${N} digests once each in ${figures.wallSeconds} s, ${wr.stats.calls} calls, worker ≤ ${figures.workerPeakRssMB} MB${home ? `, homepage median ×${(figures.homepage as { medianRatio: number }).medianRatio}` : ''}` : 'FAIL');
    if (!ok) process.exitCode = 1;
  } finally {
    await stop(workerProc);
    await stop(server);
    await db.destroy();
    if (!keep) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
