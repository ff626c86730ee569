import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../db/types';
import { migrateToLatest } from '../db/migrate';
import { startEmbeddedPostgres, StartError, type EmbeddedDb } from '../db/embedded';
import { parseEnv } from '../lib/env';
import { describeStartFailure } from './start-errors';
import { demoPeople, seedDemo } from '../db/seed/demo';
import { seedDemoContent } from '../db/seed/demo-content';
import { webCommand } from './web-processes';

/**
 * `npm start`: Plaza on one machine with embedded defaults, or on real services when the
 * environment names them (README, "Production").
 *   - DATABASE_URL unset → embedded PostgreSQL (kept between runs; db/embedded.ts says where: .data/pg,
 *     or as root /var/lib/plaza/<hash>/pg so any folder works), demo company seeded once.
 *   - OIDC_ISSUER unset  → the local identity provider (lib/dev-idp) serving the seeded employees.
 *   - RESEND_API_KEY unset → mail goes to the outbox shown at /outbox (admins; on the embedded demo
 *     every signed-in person, with a demo banner).
 * The whole configuration is validated before anything starts; every failure is one line saying
 * what to do (scripts/start-errors.ts), never a stack trace.
 * Then: migrations, a production build when the sources changed, the web server and a worker.
 */
const root = process.cwd();
const dev = process.argv.includes('--dev');
const dataDir = path.resolve(process.env.PLAZA_DATA_DIR ?? path.join(root, '.data'));
const port = Number(process.env.PORT ?? 3000);
let databaseUrlForErrors: string | undefined;
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
let stopping = false;

function log(msg: string) {
  console.log(`[plaza] ${msg}`);
}

/** A secret generated once and kept in the data folder, unless the environment provides it. */
function persistentSecret(name: string, file: string, bytes = 32): string {
  if (process.env[name]) return process.env[name]!;
  const p = path.join(dataDir, file);
  try {
    if (existsSync(p)) return readFileSync(p, 'utf8').trim();
    const v = randomBytes(bytes).toString('base64');
    writeFileSync(p, v, { mode: 0o600 });
    return v;
  } catch (e) {
    throw new StartError(`Cannot keep ${name} in ${p} (${(e as NodeJS.ErrnoException).code ?? 'error'}): make ${dataDir} writable, set PLAZA_DATA_DIR to a writable folder, or set ${name}.`);
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const id = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(id)) return true;
  const built = statSync(id).mtimeMs;
  const sources = Math.max(...['app', 'lib', 'emails', 'messages', 'db'].map((d) => newestMtime(path.join(root, d))),
    ...['next.config.js', 'next.config.ts', 'package-lock.json', 'proxy.ts', 'instrumentation.ts'].map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  return sources > built;
}

function spawnChild(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    log(`${name} exited (${signal ?? code}); stopping.`);
    void shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)))));
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
  process.exit(code);
}

function portNumber(name: string, value: string | undefined, fallback: number): number {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new StartError(`${name}=${value} is not a port number: set ${name} to a number between 1 and 65535.`);
  return n;
}

function ensurePortFree(name: string, p: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', (e: NodeJS.ErrnoException) =>
      reject(new StartError(e.code === 'EADDRINUSE'
        ? `Port ${p} is in use — another Plaza or program is listening there: stop it, or set ${name} to a free port.`
        : `Cannot listen on port ${p} (${e.code}): set ${name} to another port.`)));
    srv.listen(p, () => srv.close(() => resolve()));
  });
}

async function main() {
  portNumber('PORT', process.env.PORT, 3000);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (e) {
    throw new StartError(`Cannot create the data folder ${dataDir} (${(e as NodeJS.ErrnoException).code}): set PLAZA_DATA_DIR to a writable folder.`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.AUTH_URL ??= `http://localhost:${port}`;
  env.AUTH_SECRET = persistentSecret('AUTH_SECRET', 'auth-secret');
  env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY = persistentSecret('NEXT_SERVER_ACTIONS_ENCRYPTION_KEY', 'actions-key');
  env.AUTH_TRUST_HOST ??= 'true';

  // The whole configuration first, as the web server and worker will see it: a bad setting stops
  // here, with one line naming the variable, before anything starts.
  const embeddedDb = !env.DATABASE_URL;
  const pgPort = portNumber('PLAZA_PG_PORT', env.PLAZA_PG_PORT, 54329);
  const idpPort = portNumber('IDP_PORT', env.IDP_PORT, 3001);
  delete env.PLAZA_EMBEDDED_DB; // only npm start says so, and only for the database it runs itself
  if (embeddedDb) {
    env.DATABASE_URL = `postgres://plaza:plaza@127.0.0.1:${pgPort}/plaza`;
    env.PLAZA_EMBEDDED_DB = 'true';
    // The quick-start demo: no mail leaves the machine, so signed-in people may read the outbox.
    if (!env.RESEND_API_KEY) env.PLAZA_OUTBOX_VIEWER ??= 'true';
  }
  const localIdp = !env.OIDC_ISSUER;
  if (localIdp) {
    if (!embeddedDb && env.PLAZA_DEV_IDP !== 'true') {
      throw new StartError('OIDC_ISSUER is not set: point Plaza at your OpenID Connect provider (README, "Production"), or set PLAZA_DEV_IDP=true to use the local development provider.');
    }
    env.OIDC_ISSUER = `http://localhost:${idpPort}`;
    env.OIDC_CLIENT_ID = 'plaza';
    env.OIDC_CLIENT_SECRET = persistentSecret('OIDC_CLIENT_SECRET', 'idp-client-secret', 24);
    env.PLAZA_DEV_IDP = 'true';
  }
  parseEnv({ ...env, NODE_ENV: dev ? 'development' : 'production' });
  databaseUrlForErrors = env.DATABASE_URL;
  await ensurePortFree('PORT', port);
  if (localIdp) await ensurePortFree('IDP_PORT', idpPort);

  // 1. Database.
  let embedded: EmbeddedDb | undefined;
  if (embeddedDb) {
    log(`starting the embedded PostgreSQL (port ${pgPort})…`);
    embedded = await startEmbeddedPostgres(path.join(dataDir, 'pg'), pgPort);
    cleanups.push(() => embedded!.stop());
    log(`embedded PostgreSQL data in ${embedded.dataDir} (kept between runs)`);
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 }) }) });
  const applied = await migrateToLatest(db).catch(async (e) => {
    await db.destroy().catch(() => {});
    throw e;
  });
  if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
  if (embedded || env.PLAZA_SEED_DEMO === 'true') {
    const seeded = await seedDemo(db);
    if (seeded.created) log(`seeded the demo company (${seeded.employees} employees, 3 partner organisations)`);
  }
  // Sample announcements and an emergency plan, so a first look is not empty (quick start only:
  // the end-to-end tests start from the bare company).
  if (embedded && (await seedDemoContent(db)).created) log('added sample announcements and the 设备故障 emergency plan');
  await db.destroy();

  // 2. Identity provider.
  if (localIdp) {
    const { startDevIdp } = await import('../lib/dev-idp/server');
    const idp = await startDevIdp({
      port: idpPort,
      issuer: env.OIDC_ISSUER!,
      databaseUrl: env.DATABASE_URL!,
      clients: [{ clientId: env.OIDC_CLIENT_ID!, clientSecret: env.OIDC_CLIENT_SECRET!, redirectUris: [`${env.AUTH_URL}/api/auth/callback/sso`] }],
    });
    cleanups.push(() => idp.close());
    log(`local identity provider at ${env.OIDC_ISSUER}`);
  }

  // 3. Web server (building first when the sources changed) and a worker.
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  if (!dev && (process.env.PLAZA_SKIP_BUILD !== 'true') && buildIsStale()) {
    log('building the web app (first start, or the sources changed)…');
    const r = spawnSync(process.execPath, [nextBin, 'build'], { env: { ...env, NODE_ENV: 'production' }, stdio: 'inherit' });
    if (r.status !== 0) throw new StartError('Building the web app failed (see the errors above): fix them, or run `npm ci` again if node_modules is incomplete.');
  }
  const nodeWithTs = [process.execPath, '--import', 'tsx', '--import', './scripts/hooks/register.mjs'];
  if (process.env.PLAZA_NO_WORKER !== 'true') spawnChild('worker', nodeWithTs[0], [...nodeWithTs.slice(1), 'scripts/worker.ts'], { ...env, NODE_ENV: 'production' });
  spawnChild('web', ...webCommand(nextBin, dev, port, env), { ...env, NODE_ENV: dev ? 'development' : 'production' }); // scripts/web-processes.ts: one per core

  log(`Plaza is starting at ${env.AUTH_URL}`);
  if (env.PLAZA_DEV_IDP === 'true') {
    log('Sign in with "Sign in with company SSO" and pick a person at the local identity provider:');
    for (const p of demoPeople.filter((d) => d.email.endsWith('@xinghai.example'))) log(`  ${p.email.padEnd(28)} ${p.name} ${p.nameEn} — ${p.role} / ${p.roleEn}`);
  }
  log(env.RESEND_API_KEY
    ? 'Partners: "Partner sign-in" with one of these addresses; the link is mailed to them:'
    : `Partners: "Partner sign-in" with one of these addresses, then, signed in as an employee above, open the mail outbox at ${env.AUTH_URL}/outbox for the link (shown while it is valid):`);
  for (const p of demoPeople.filter((d) => !d.email.endsWith('@xinghai.example'))) log(`  ${p.email.padEnd(28)} ${p.name} ${p.nameEn} — ${p.role} / ${p.roleEn}`);
}

function fail(e: unknown) {
  console.error(`[plaza] ${describeStartFailure(e, { databaseUrl: databaseUrlForErrors, port })}`);
  void shutdown(1);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
main().catch(fail);
