import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb, type Database } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import { findTestServer, stopTestServer, withDatabase } from '../db/testing-server';
import {
  addHttpBenchExtras, BENCH_ADMIN, BENCH_OFFICER, benchAnnouncementId, benchPartnerPersonId, benchPersonId, seedBenchCompany,
} from './bench/company';
import { formatProfileSummary, summarizeCpuProfile, type ProfileSummary } from './bench/cpu-profile';
import { createBenchSession } from './bench/sessions';
import { locateWrk, mergeWrk, runWrk, type WrkResult } from './bench/wrk';

/**
 * `npm run bench:http` — Plaza's pages under load, measured from outside (issue 8).
 *
 *   npm run bench:http -- [--duration=15] [--warmup=3] [--connections=50] [--processes=1]
 *                         [--pages=/,/announcements] [--db=plaza_bench_http] [--fresh]
 *                         [--json=path] [--profile[=dir]] [--build | --no-build] [--port=3400]
 *                         [--timeout=5] [--threads=2] [--node-options="--max-semi-space-size=64"]
 *                         [--static-duration=15]  (a run of 60 s or more also samples RSS every 30 s)
 *                         [--compare=docs/perf/bench-http-before.json]
 *
 * 1. Database: `--db` (default plaza_bench_http) on the PostgreSQL the tests use (PLAZA_TEST_PG_URL,
 *    else 127.0.0.1:5432, else an embedded one). Reused when it already holds the 50,000-employee
 *    company (also one kept by `bench:announcements --keep`), seeded otherwise (scripts/bench/
 *    company.ts: 2,111 units, 200,000 announcements, ≈ 12.8 M receipts; 4–5 min), and KEPT for
 *    the next run. `--fresh` drops and seeds it again. Only plaza_bench* databases are ever dropped.
 *    Drop it by hand: `dropdb -h 127.0.0.1 -U postgres plaza_bench_http`.
 * 2. Build: `next build` when .next is missing or older than the sources (`--build` forces it,
 *    `--no-build` never builds).
 * 3. Web processes: `--processes=N` production servers (`next start`, as the README's scale-out
 *    section runs them) on ports 3400… on 127.0.0.1, with nothing in front: the load generator
 *    spreads the connections over them and the results are merged. No worker runs (pages do not
 *    need one). OIDC_* point at a port where nothing listens: cookie-based requests never reach
 *    the identity provider.
 * 4. Real database sessions (scripts/bench/sessions.ts) for 23 employees of different units, a
 *    department head, the communications officer, an admin and a partner member; deleted at exit.
 * 5. Per page: one plain fetch (status, HTML and inline RSC payload size), a warm-up, a wait until
 *    the server is idle, then wrk for `--duration` seconds over `--connections` connections,
 *    cookies rotating per request; then the web process's RSS, its CPU time per request (until
 *    idle again) and the database transactions per request. `/robots.txt` (a file in public/, served by the same server) runs first
 *    as the stack's ceiling, and every page's requests/s is also shown as a share of it: the
 *    ratio holds on a noisy machine better than the absolute figure.
 * `--profile` runs the web process(es) under `node --cpu-prof` and prints where the CPU went during
 * the measured windows (self and inclusive time, by function and by area); the .cpuprofile files
 * stay in the folder named (default .data/bench-http/profile) for Chrome DevTools.
 *
 * The load generator is wrk (`apt-get install -y wrk`; installed automatically when running as
 * root on Debian). The benchmark is not a test: `npm test` does not run it.
 */

type Who = 'anonymous' | 'employees' | 'officer' | 'admin' | 'partner';
type PageSpec = { pattern: string; path: string; who: Who };

const STATIC_PATH = '/robots.txt';
const HTML_BUDGET = 100 * 1024;

const PAGES: PageSpec[] = [
  { pattern: 'static', path: STATIC_PATH, who: 'anonymous' },
  { pattern: '/', path: '/', who: 'employees' },
  { pattern: '/announcements', path: '/announcements', who: 'employees' },
  { pattern: '/announcements/[id]', path: `/announcements/${benchAnnouncementId(1)}`, who: 'employees' },
  { pattern: '/announcements/[id]/reach', path: `/announcements/${benchAnnouncementId(1)}/reach`, who: 'officer' },
  { pattern: '/announcements/new', path: '/announcements/new', who: 'officer' },
  { pattern: '/directory', path: '/directory', who: 'employees' },
  { pattern: '/admin/org', path: '/admin/org', who: 'admin' },
  { pattern: '/admin/people', path: '/admin/people', who: 'admin' },
  { pattern: '/admin/audit', path: '/admin/audit', who: 'admin' },
  { pattern: '/profile', path: '/profile', who: 'employees' },
  { pattern: '/emergency', path: '/emergency', who: 'officer' },
  { pattern: '/partner', path: '/partner', who: 'partner' },
  { pattern: '/sign-in', path: '/sign-in', who: 'anonymous' },
  { pattern: '/api/health', path: '/api/health', who: 'anonymous' },
];

// ---------------------------------------------------------------------------------------------
// Options

function opt(name: string): string | undefined {
  const a = process.argv.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  if (!a) return undefined;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : 'true';
}
function num(name: string, dflt: number): number {
  const v = opt(name);
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
}

const root = process.cwd();
const options = {
  duration: num('duration', 15),
  /** The static ceiling settles in seconds: it runs at most 15 s even in a long (memory) run. */
  staticDuration: num('static-duration', Math.min(15, num('duration', 15))),
  warmup: opt('warmup') === '0' ? 0 : num('warmup', 3),
  connections: num('connections', 50),
  processes: Math.round(num('processes', 1)),
  threads: Math.round(num('threads', 2)),
  timeout: num('timeout', 5),
  port: Math.round(num('port', 3400)),
  db: opt('db') ?? 'plaza_bench_http',
  fresh: opt('fresh') === 'true',
  json: opt('json'),
  build: opt('build') === 'true' ? 'always' : opt('no-build') === 'true' ? 'never' : 'auto',
  profile: opt('profile') === undefined ? null : opt('profile') === 'true' ? path.join(root, '.data', 'bench-http', 'profile') : path.resolve(opt('profile')!),
  pages: opt('pages')?.split(',').map((s) => s.trim()).filter(Boolean),
  /** A JSON file of an earlier run (--json) to print this run against. */
  compare: opt('compare'),
  /** Extra Node options for the web processes, e.g. --node-options="--max-semi-space-size=64". */
  nodeOptions: opt('node-options')?.split(/\s+/).filter(Boolean) ?? [],
};
if (!/^[a-z_][a-z0-9_]*$/.test(options.db)) throw new Error('--db must be a plain database name (letters, digits, _)');

const workDir = path.join(root, '.data', 'bench-http');
const log = (m: string) => console.log(`[bench:http] ${m}`);

// ---------------------------------------------------------------------------------------------
// 1. Database

async function prepareDatabase(): Promise<string> {
  const adminUrl = await findTestServer();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const url = withDatabase(adminUrl, options.db);
  // Only databases named like the benchmark's own are ever dropped: --db may name any database.
  const ours = options.db.startsWith('plaza_bench');
  try {
    if (options.fresh) {
      if (!ours) throw new Error(`--fresh drops the database: only for names starting with plaza_bench (not ${options.db})`);
      await admin.query(`drop database if exists ${options.db} with (force)`);
    }
    let exists = (await admin.query('select 1 from pg_database where datname = $1', [options.db])).rowCount === 1;
    if (exists) {
      const probe = createDb(url, 1);
      try {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from person where email like '%@bench.example' and kind = 'employee'`.execute(probe);
        exists = rows[0].n >= 50_000;
      } catch {
        exists = false;
      } finally {
        await probe.destroy();
      }
      if (!exists && !ours) throw new Error(`database ${options.db} exists but does not hold the benchmark company; name another --db`);
      if (!exists) {
        log(`${options.db} exists but does not hold the whole benchmark company (an interrupted seeding?): seeding it again`);
        await admin.query(`drop database if exists ${options.db} with (force)`);
      }
    }
    if (!exists) await admin.query(`create database ${options.db}`);
    const db = createDb(url, 4);
    try {
      await migrateToLatest(db);
      if (!exists) {
        log(`seeding ${options.db}: 50,000 employees, 2,111 units, 200,000 announcements (takes several minutes)…`);
        const t = performance.now();
        await seedBenchCompany(db);
        log(`seeded in ${((performance.now() - t) / 1000).toFixed(0)} s (kept for the next run)`);
      } else log(`reusing database ${options.db}`);
      await addHttpBenchExtras(db);
    } finally {
      await db.destroy();
    }
  } finally {
    await admin.end();
  }
  return url;
}

// ---------------------------------------------------------------------------------------------
// 2. Build

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(p)) if (e !== 'node_modules' && !e.startsWith('.')) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

function buildIfNeeded() {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  const sources = ['app', 'lib', 'emails', 'messages', 'db', 'public', 'next.config.js', 'package-lock.json', 'proxy.ts'].map((p) => newestMtime(path.join(root, p)));
  const stale = !existsSync(buildId) || Math.max(...sources) > statSync(buildId).mtimeMs;
  if (options.build === 'never' || (options.build === 'auto' && !stale)) {
    if (!existsSync(buildId)) throw new Error('no production build in .next: run without --no-build');
    if (stale) log('warning: .next is older than the sources (--no-build)');
    return;
  }
  log('building the web app (next build)…');
  const r = spawnSync(process.execPath, [nextBin(), 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) throw new Error('next build failed');
}

const nextBin = () => path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

// ---------------------------------------------------------------------------------------------
// 3. Web processes

type Server = { port: number; child: ChildProcess; logFile: string };

function serverEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    AUTH_URL: `http://localhost:${options.port}`,
    AUTH_SECRET: randomBytes(32).toString('base64'),
    AUTH_TRUST_HOST: 'true',
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // Never contacted by cookie-based requests; lib/env.ts wants an issuer, and a local one in
    // production only with PLAZA_DEV_IDP (which changes nothing else).
    OIDC_ISSUER: 'http://localhost:9',
    OIDC_CLIENT_ID: 'plaza-bench',
    OIDC_CLIENT_SECRET: 'plaza-bench',
    PLAZA_DEV_IDP: 'true',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  for (const k of ['RESEND_API_KEY', 'RESEND_BASE_URL', 'PLAZA_SELF_REGISTRATION', 'PLAZA_OUTBOX_VIEWER', 'OIDC_DISPLAY_NAME']) delete e[k];
  return e;
}

async function startServers(env: NodeJS.ProcessEnv): Promise<Server[]> {
  const servers: Server[] = [];
  for (let i = 0; i < options.processes; i++) {
    const port = options.port + i;
    const logFile = path.join(workDir, `web-${port}.log`);
    const out = createWriteStream(logFile);
    const nodeArgs = [...options.nodeOptions, ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${options.profile}`, `--cpu-prof-name=web-${port}.cpuprofile`] : [])];
    const child = spawn(process.execPath, [...nodeArgs, nextBin(), 'start', '-p', String(port), '-H', '127.0.0.1'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    servers.push({ port, child, logFile });
  }
  await Promise.all(servers.map(waitReady));
  return servers;
}

async function waitReady(s: Server) {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    if (s.child.exitCode !== null) throw new Error(`web process on ${s.port} exited:\n${readFileSync(s.logFile, 'utf8').slice(-2000)}`);
    try {
      const r = await fetch(`http://127.0.0.1:${s.port}/api/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`web process on ${s.port} did not answer /api/health within 2 minutes (log: ${s.logFile})`);
}

async function stopServers(servers: Server[]) {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
          const kill = setTimeout(() => s.child.kill('SIGKILL'), 15_000);
          s.child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          s.child.kill('SIGTERM');
        }),
    ),
  );
}

/** CPU time (ms) a process has used so far, from /proc (Linux). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return 0;
  }
}

/**
 * Waits until the web processes are idle: a stopped wrk leaves its last requests in the server,
 * still rendering, and they would eat into the next run. Idle = under 5 % of a core for 0.5 s.
 */
async function waitIdle(servers: Server[], maxMs = 180_000) {
  const until = Date.now() + maxMs;
  while (Date.now() < until) {
    const before = servers.map((s) => cpuMs(s.child.pid!));
    await new Promise((r) => setTimeout(r, 500));
    const used = servers.map((s, i) => cpuMs(s.child.pid!) - before[i]);
    if (used.every((u) => u < 25)) return;
  }
}

/** Resident memory (MB) of a process and of its descendants, from /proc (Linux). */
function rssMb(pid: number): { self: number; tree: number } {
  const rss = (p: number) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  const children = (p: number): number[] => {
    try {
      return readdirSync(`/proc/${p}/task`).flatMap((t) => readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    } catch {
      return [];
    }
  };
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i]));
  return { self: rss(pid), tree: all.reduce((s, p) => s + rss(p), 0) };
}

// ---------------------------------------------------------------------------------------------
// 4. People and their sessions

/** 23 employees spread over regions, departments and teams, none of them a head or officer. */
function sampleEmployees(): number[] {
  const isHead = (n: number) => n % 25 === 1 || n % 500 === 2 || n % 5000 === 3;
  const out: number[] = [];
  for (let n = 7; out.length < 23; n += 2161) if (!isHead(n) && n !== BENCH_OFFICER && n !== BENCH_ADMIN) out.push(n);
  return out;
}
const DEPARTMENT_HEAD = 18_002; // heads department 37 (region 4)

async function createSessions(db: Database): Promise<Record<Who, string[]>> {
  const make = (ids: string[]) => Promise.all(ids.map((id) => createBenchSession(db, id)));
  return {
    anonymous: [],
    employees: await make([...sampleEmployees(), DEPARTMENT_HEAD].map(benchPersonId)),
    officer: await make([benchPersonId(BENCH_OFFICER)]),
    admin: await make([benchPersonId(BENCH_ADMIN)]),
    partner: await make([benchPartnerPersonId(1, 2)]),
  };
}

// ---------------------------------------------------------------------------------------------
// 5. Measuring

type PageResult = {
  pattern: string;
  path: string;
  who: Who;
  status: number;
  location: string | null;
  htmlBytes: number;
  rscBytes: number;
  overBudget: boolean;
  firstFetchMs: number;
  requestsPerSec: number;
  medianMs: number;
  p90Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  errorDetail: string;
  statuses: Record<string, number>;
  rssMb: number;
  rssTreeMb: number;
  ratioToStatic: number | null;
  loadavg1: number;
  /** CPU time of the web process(es) per request (user + system, from /proc): robust to a busy machine. */
  cpuMsPerRequest: number;
  /** Database transactions (each autocommitted query is one) per request, from pg_stat_database. */
  dbTransactionsPerRequest: number;
};

/** Committed + rolled-back transactions of the benchmark database so far (the benchmark's own queries are few). */
async function transactions(db: Database): Promise<number> {
  await sql`select pg_stat_clear_snapshot()`.execute(db);
  const { rows } = await sql<{ n: string }>`select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`.execute(db);
  return Number(rows[0].n);
}

async function fetchOnce(url: string, cookie: string | undefined) {
  const t = performance.now();
  const r = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const body = Buffer.from(await r.arrayBuffer());
  const ms = performance.now() - t;
  const html = body.toString('utf8');
  // The RSC payload Next inlines into the HTML for hydration: <script>self.__next_f.push(…)</script>.
  let rsc = 0;
  for (const m of html.matchAll(/<script[^>]*>self\.__next_f\.push\(([\s\S]*?)\)<\/script>/g)) rsc += Buffer.byteLength(m[1]);
  return { status: r.status, location: r.headers.get('location'), bytes: body.length, rscBytes: rsc, ms };
}

async function measure(db: Database, index: number, page: PageSpec, servers: Server[], cookies: string[], wrk: string, windows: [number, number][]): Promise<PageResult> {
  const origin = (s: Server) => `http://127.0.0.1:${s.port}`;
  const first = await fetchOnce(`${origin(servers[0])}${page.path}`, cookies[0]);
  const per = Math.max(1, Math.floor(options.connections / servers.length));
  const run = (seconds: number, label: string) =>
    Promise.all(
      servers.map((s, i) =>
        runWrk({
          wrk, origin: origin(s), path: page.path, cookies: rotate(cookies, i), connections: per,
          threads: Math.max(1, Math.floor(options.threads / servers.length)), durationSec: seconds, timeoutSec: options.timeout,
          workDir, label: `${String(index).padStart(2, '0')}-${label}-${s.port}`,
        }),
      ),
    );
  await waitIdle(servers);
  if (options.warmup > 0) {
    await run(options.warmup, 'warmup');
    await waitIdle(servers);
  }
  const load = loadavg()[0];
  const xact0 = await transactions(db);
  const cpu0 = servers.reduce((n, s) => n + cpuMs(s.child.pid!), 0);
  const t0 = process.hrtime.bigint();
  // A long run (a minute or more) samples each web process's RSS every 30 s: steady or growing.
  const rssSamples: number[][] = [];
  const sampler = options.duration >= 60 && page.pattern !== 'static'
    ? setInterval(() => rssSamples.push(servers.map((s) => round(rssMb(s.child.pid!).self, 0))), 30_000)
    : null;
  const results: WrkResult[] = await run(page.pattern === 'static' ? options.staticDuration : options.duration, 'run');
  if (sampler) clearInterval(sampler);
  if (rssSamples.length) log(`${page.pattern}: RSS per web process every 30 s (MB): ${rssSamples.map((x) => x.join('/')).join(' ')}`);
  if (page.pattern !== 'static') windows.push([Number(t0 / 1000n), Number(process.hrtime.bigint() / 1000n)]);
  const m = mergeWrk(results);
  const rss = servers.map((s) => rssMb(s.child.pid!));
  // CPU per request: from the start of the run until the server is idle again, over every request
  // sent (each connection always has one in flight, so the last ones finish after wrk stops).
  await waitIdle(servers);
  const sent = m.requests + per * servers.length;
  const cpuPerRequest = (servers.reduce((n, s) => n + cpuMs(s.child.pid!), 0) - cpu0) / sent;
  await new Promise((r) => setTimeout(r, 1100)); // backends report their counts to the statistics within a second
  const xactPerRequest = ((await transactions(db)) - xact0) / sent;
  const non2xx = Object.entries(m.statuses).filter(([k]) => !k.startsWith('2')).reduce((s, [, v]) => s + v, 0);
  const socket = m.errors.connect + m.errors.read + m.errors.write + m.errors.timeout;
  // wrk counts a time-out only when the late answer arrives; requests still unanswered when the run
  // ends are not counted at all. When none came back, every connection's request is a failure.
  const unanswered = m.requests === 0 ? per * servers.length : 0;
  const detail = [
    ...(unanswered ? [`${unanswered} unanswered in ${options.duration} s`] : []),
    ...Object.entries(m.statuses).filter(([k]) => !k.startsWith('2')).map(([k, v]) => `${v}×${k}`),
    ...(['timeout', 'connect', 'read', 'write'] as const).filter((k) => m.errors[k]).map((k) => `${m.errors[k]} ${k}`),
  ].join(', ');
  return {
    pattern: page.pattern, path: page.path, who: page.who,
    status: first.status, location: first.location, htmlBytes: first.bytes, rscBytes: first.rscBytes,
    overBudget: first.bytes > HTML_BUDGET, firstFetchMs: round(first.ms, 1),
    requestsPerSec: round(m.requestsPerSec, 1), medianMs: round(m.latencyUs.p50 / 1000, 1), p90Ms: round(m.latencyUs.p90 / 1000, 1), p99Ms: round(m.latencyUs.p99 / 1000, 1),
    requests: m.requests, errors: non2xx + socket + unanswered, errorDetail: detail, statuses: m.statuses,
    rssMb: round(Math.max(...rss.map((r) => r.self)), 0), rssTreeMb: round(rss.reduce((s, r) => s + r.tree, 0), 0),
    ratioToStatic: null, loadavg1: round(load, 2), cpuMsPerRequest: round(cpuPerRequest, 2), dbTransactionsPerRequest: round(xactPerRequest, 1),
  };
}

/** Each web process's wrk starts at another cookie, so that N processes see N different people first. */
const rotate = <T>(xs: T[], by: number) => (xs.length ? [...xs.slice(by % xs.length), ...xs.slice(0, by % xs.length)] : xs);
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

function kb(bytes: number) {
  if (bytes < 1024) return `${bytes} B`;
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

function printTable(rows: PageResult[]) {
  const head = ['path', 'as', 'req/s', '× static', 'median', 'p99', 'errors', 'HTML', 'RSC inline', 'CPU/req', 'DB tx/req', 'RSS'];
  const lines = rows.map((r) => [
    r.pattern === 'static' ? `${r.path} (static)` : r.pattern,
    r.who,
    r.requestsPerSec.toFixed(1),
    r.ratioToStatic === null ? '' : r.ratioToStatic < 0.01 ? r.ratioToStatic.toFixed(4) : r.ratioToStatic.toFixed(3),
    r.requests ? `${r.medianMs.toFixed(1)} ms` : '—',
    r.requests ? `${r.p99Ms.toFixed(1)} ms` : '—',
    r.errors ? `${r.errors} (${r.errorDetail})` : '0',
    `${kb(r.htmlBytes)}${r.overBudget ? ' OVER' : ''}${r.status !== 200 ? ` [${r.status}${r.location ? ` → ${r.location}` : ''}]` : ''}`,
    r.rscBytes ? kb(r.rscBytes) : '',
    `${r.cpuMsPerRequest.toFixed(1)} ms`,
    r.dbTransactionsPerRequest.toFixed(1),
    `${r.rssMb} MB`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i >= 2 && i !== 6 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(fmt(head));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const l of lines) console.log(fmt(l));
}

// ---------------------------------------------------------------------------------------------

async function main() {
  mkdirSync(workDir, { recursive: true });
  for (const f of readdirSync(workDir)) if (/\.(lua|json|log)$/.test(f)) rmSync(path.join(workDir, f));
  if (options.profile) {
    rmSync(options.profile, { recursive: true, force: true });
    mkdirSync(options.profile, { recursive: true });
  }
  const pages = options.pages
    ? PAGES.filter((p) => p.pattern === 'static' || options.pages!.includes(p.pattern) || options.pages!.includes(p.path))
    : PAGES;
  const unknown = (options.pages ?? []).filter((x) => !PAGES.some((p) => p.pattern === x || p.path === x));
  if (unknown.length) throw new Error(`unknown page(s): ${unknown.join(', ')}; known: ${PAGES.map((p) => p.pattern).join(' ')}`);

  const wrk = locateWrk();
  const databaseUrl = await prepareDatabase();
  buildIfNeeded();
  const env = serverEnv(databaseUrl);
  // The session helper reads the server's configuration (cookie name) through lib/env.ts.
  Object.assign(process.env, { AUTH_URL: env.AUTH_URL, AUTH_SECRET: env.AUTH_SECRET, DATABASE_URL: databaseUrl, OIDC_ISSUER: env.OIDC_ISSUER, OIDC_CLIENT_ID: env.OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: env.OIDC_CLIENT_SECRET, PLAZA_DEV_IDP: 'true' });

  const db = createDb(databaseUrl, 2);
  const sessions = await createSessions(db);
  const facts = (
    await sql<{ employees: number; units: number; announcements: number; receipts: number; partners: number; audit: number }>`
      select (select count(*) from person where kind = 'employee')::int as employees, (select count(*) from org_unit)::int as units,
        (select count(*) from announcement)::int as announcements, (select reltuples::bigint from pg_class where relname = 'announcement_recipient') as receipts,
        (select count(*) from person where kind = 'partner')::int as partners, (select count(*) from audit_log)::int as audit`.execute(db)
  ).rows[0];
  let servers: Server[] = [];
  const stop = async () => {
    await stopServers(servers);
    await sql`delete from auth_session where session_token = any(${Object.values(sessions).flat().map((c) => c.slice(c.indexOf('=') + 1))})`.execute(db).catch(() => {});
    await db.destroy();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));

  const results: PageResult[] = [];
  const windows: [number, number][] = [];
  try {
    log(`starting ${options.processes} web process(es) on 127.0.0.1:${options.port}${options.processes > 1 ? `–${options.port + options.processes - 1}` : ''}${options.profile ? ' under --cpu-prof' : ''}…`);
    servers = await startServers(env);
    log(`${facts.employees.toLocaleString()} employees, ${facts.units.toLocaleString()} units, ${facts.announcements.toLocaleString()} announcements, ≈${Number(facts.receipts).toLocaleString()} receipts, ${facts.partners} partner people, ${facts.audit.toLocaleString()} audit entries`);
    log(`${options.duration} s per page after ${options.warmup} s warm-up, ${options.connections} connections, ${options.processes} process(es), ${cpus().length} cores, wrk ${wrkVersion(wrk)}`);
    for (const [i, page] of pages.entries()) {
      const r = await measure(db, i, page, servers, sessions[page.who], wrk, windows);
      results.push(r);
      const staticRps = results.find((x) => x.pattern === 'static')?.requestsPerSec;
      if (staticRps) r.ratioToStatic = round(r.requestsPerSec / staticRps, 4);
      log(`${page.pattern.padEnd(26)} ${r.requestsPerSec.toFixed(1).padStart(8)} req/s  median ${r.medianMs} ms  p99 ${r.p99Ms} ms  errors ${r.errors}  ${kb(r.htmlBytes)}  CPU ${r.cpuMsPerRequest} ms/req  RSS ${r.rssMb} MB  (load ${r.loadavg1})`);
    }
  } finally {
    await stop();
    await stopTestServer(); // an embedded PostgreSQL, when no server answered at 127.0.0.1:5432
  }

  console.log('');
  printTable(results);
  const over = results.filter((r) => r.overBudget);
  if (over.length) console.log(`\nOver the ${HTML_BUDGET / 1024} KB HTML budget: ${over.map((r) => `${r.pattern} (${kb(r.htmlBytes)})`).join(', ')}`);
  const wrong = results.filter((r) => r.status !== 200);
  if (wrong.length) console.log(`Not 200 on the first fetch: ${wrong.map((r) => `${r.pattern} ${r.status}${r.location ? ` → ${r.location}` : ''}`).join(', ')}`);
  const loads = results.map((r) => r.loadavg1);
  console.log(`Machine load (1-min average) at the start of the runs: ${Math.min(...loads)}–${Math.max(...loads)} on ${cpus().length} cores; other work on the machine lowers every figure, the × static column less so.`);

  if (options.compare) printComparison(results, options.compare);

  let profile: ProfileSummary | null = null;
  if (options.profile) {
    const files = readdirSync(options.profile).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(options.profile!, f));
    if (!files.length) console.log(`\nNo CPU profile was written in ${options.profile}.`);
    else {
      profile = summarizeCpuProfile(files, windows);
      // Requests sent: completed ones plus the one each connection still had in flight at the end.
      const requests = results.filter((r) => r.pattern !== 'static').reduce((s, r) => s + r.requests + options.connections, 0);
      console.log(`\n${formatProfileSummary(profile, profile.windowed ? requests : undefined)}`);
      if (profile.windowed && requests) console.log(`\nSampled time per request (all profiled pages together, static excluded): ${(profile.busyMs / requests).toFixed(2)} ms over ${requests.toLocaleString()} requests (profiler overhead included; on a busy machine the samples also count time the process waited for a core: read the shares, and CPU/req in the table)`);
      console.log(`Profiles: ${files.join(', ')} (open in Chrome DevTools → Performance)`);
    }
  }

  if (options.json) {
    const out = path.resolve(options.json);
    const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(out, `${JSON.stringify({
      benchmark: 'bench:http', date: new Date().toISOString(), commit, node: process.version, cores: cpus().length, cpu: cpus()[0]?.model,
      options: { duration: options.duration, warmup: options.warmup, connections: options.connections, processes: options.processes, threads: options.threads, timeout: options.timeout, db: options.db, nodeOptions: options.nodeOptions },
      data: { ...facts, receipts: Number(facts.receipts) }, htmlBudgetBytes: HTML_BUDGET, pages: results, profile, profileWindowsUs: options.profile ? windows : undefined,
    }, null, 2)}\n`);
    log(`results written to ${out}`);
  }
}

/** This run against an earlier one: the figures that hold on a noisy machine first (CPU, bytes, share of static). */
function printComparison(now: PageResult[], file: string) {
  const before = (JSON.parse(readFileSync(path.resolve(file), 'utf8')) as { date?: string; commit?: string; pages: PageResult[] });
  const x = (a: number, b: number) => (a > 0 && b > 0 ? `${(a / b).toFixed(2)}×` : '—');
  console.log(`\nAgainst ${file} (${before.commit ?? '?'}, ${before.date ?? '?'}): before → now (factor; > 1 is better)`);
  console.log(`${'path'.padEnd(27)} ${'CPU/req'.padEnd(28)} ${'HTML'.padEnd(30)} ${'req/s'.padEnd(26)} × static`);
  for (const r of now) {
    const b = before.pages.find((p) => p.pattern === r.pattern);
    if (!b) continue;
    console.log([
      r.pattern.padEnd(27),
      `${b.cpuMsPerRequest.toFixed(1)} → ${r.cpuMsPerRequest.toFixed(1)} ms (${x(b.cpuMsPerRequest, r.cpuMsPerRequest)})`.padEnd(28),
      `${kb(b.htmlBytes)} → ${kb(r.htmlBytes)} (${x(b.htmlBytes, r.htmlBytes)})`.padEnd(30),
      `${b.requestsPerSec} → ${r.requestsPerSec} (${x(r.requestsPerSec, b.requestsPerSec)})`.padEnd(26),
      b.ratioToStatic !== null && r.ratioToStatic !== null ? `${b.ratioToStatic} → ${r.ratioToStatic} (${x(r.ratioToStatic, b.ratioToStatic)})` : '',
    ].join(' '));
  }
}

function wrkVersion(wrk: string): string {
  const r = spawnSync(wrk, ['--version'], { encoding: 'utf8' });
  return /wrk\s+(\S+)/.exec(`${r.stdout}${r.stderr}`)?.[1] ?? '?';
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
