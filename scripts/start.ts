import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../db/types';
import { migrateToLatest } from '../db/migrate';
import { startEmbeddedPostgres, type EmbeddedDb } from '../db/embedded';
import { demoPeople, seedDemo } from '../db/seed/demo';
import { seedDemoContent } from '../db/seed/demo-content';
import { webCommand } from './web-processes';

/**
 * `npm start`: Plaza on one machine with embedded defaults, or on real services when the
 * environment names them (README, "Production").
 *   - DATABASE_URL unset → embedded PostgreSQL under .data/pg (kept between runs), demo company seeded once.
 *   - OIDC_ISSUER unset  → the local identity provider (lib/dev-idp) serving the seeded employees.
 *   - RESEND_API_KEY unset → mail goes to the outbox shown at /admin/outbox.
 * Then: migrations, a production build when the sources changed, the web server and a worker.
 */
const root = process.cwd();
const dev = process.argv.includes('--dev');
const dataDir = path.resolve(process.env.PLAZA_DATA_DIR ?? path.join(root, '.data'));
const port = Number(process.env.PORT ?? 3000);
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
  if (existsSync(p)) return readFileSync(p, 'utf8').trim();
  const v = randomBytes(bytes).toString('base64');
  writeFileSync(p, v, { mode: 0o600 });
  return v;
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
    ...['next.config.js', 'package-lock.json', 'proxy.ts'].map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
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

async function main() {
  mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.AUTH_URL ??= `http://localhost:${port}`;
  env.AUTH_SECRET = persistentSecret('AUTH_SECRET', 'auth-secret');
  env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY = persistentSecret('NEXT_SERVER_ACTIONS_ENCRYPTION_KEY', 'actions-key');
  env.AUTH_TRUST_HOST ??= 'true';

  // 1. Database.
  let embedded: EmbeddedDb | undefined;
  if (!env.DATABASE_URL) {
    const pgPort = Number(env.PLAZA_PG_PORT ?? 54329);
    log(`starting the embedded PostgreSQL (data in ${path.relative(root, path.join(dataDir, 'pg')) || dataDir}, port ${pgPort})…`);
    embedded = await startEmbeddedPostgres(path.join(dataDir, 'pg'), pgPort);
    cleanups.push(() => embedded!.stop());
    env.DATABASE_URL = embedded.url;
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 }) }) });
  const applied = await migrateToLatest(db);
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
  if (!env.OIDC_ISSUER) {
    if (!embedded && env.PLAZA_DEV_IDP !== 'true') {
      throw new Error('OIDC_ISSUER is not set. Point Plaza at your OpenID Connect provider (README, "Production"), or set PLAZA_DEV_IDP=true to use the local development provider.');
    }
    const idpPort = Number(env.IDP_PORT ?? 3001);
    env.OIDC_ISSUER = `http://localhost:${idpPort}`;
    env.OIDC_CLIENT_ID = 'plaza';
    env.OIDC_CLIENT_SECRET = persistentSecret('OIDC_CLIENT_SECRET', 'idp-client-secret', 24);
    env.PLAZA_DEV_IDP = 'true';
    const { startDevIdp } = await import('../lib/dev-idp/server');
    const idp = await startDevIdp({
      port: idpPort,
      issuer: env.OIDC_ISSUER,
      databaseUrl: env.DATABASE_URL,
      clients: [{ clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, redirectUris: [`${env.AUTH_URL}/api/auth/callback/sso`] }],
    });
    cleanups.push(() => idp.close());
    log(`local identity provider at ${env.OIDC_ISSUER}`);
  }
  if (embedded) env.PLAZA_OUTBOX_VIEWER ??= 'true';

  // 3. Web server (building first when the sources changed) and a worker.
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  if (!dev && (process.env.PLAZA_SKIP_BUILD !== 'true') && buildIsStale()) {
    log('building the web app (first start, or the sources changed)…');
    const r = spawnSync(process.execPath, [nextBin, 'build'], { env: { ...env, NODE_ENV: 'production' }, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('next build failed');
  }
  const nodeWithTs = [process.execPath, '--import', 'tsx', '--import', './scripts/hooks/register.mjs'];
  if (process.env.PLAZA_NO_WORKER !== 'true') spawnChild('worker', nodeWithTs[0], [...nodeWithTs.slice(1), 'scripts/worker.ts'], { ...env, NODE_ENV: 'production' });
  spawnChild('web', ...webCommand(nextBin, dev, port, env), { ...env, NODE_ENV: dev ? 'development' : 'production' }); // scripts/web-processes.ts: one per core

  log(`Plaza is starting at ${env.AUTH_URL}`);
  if (env.PLAZA_DEV_IDP === 'true') {
    log('Sign in with "Sign in with company SSO" and pick a person at the local identity provider:');
    for (const p of demoPeople.filter((d) => d.email.endsWith('@xinghai.example'))) log(`  ${p.email.padEnd(28)} ${p.name} ${p.nameEn} — ${p.role} / ${p.roleEn}`);
  }
  log(`Partners: "Partner sign-in" with one of these addresses; the link arrives in the mail outbox at ${env.AUTH_URL}/outbox:`);
  for (const p of demoPeople.filter((d) => !d.email.endsWith('@xinghai.example'))) log(`  ${p.email.padEnd(28)} ${p.name} ${p.nameEn} — ${p.role} / ${p.roleEn}`);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch(async (e) => {
  console.error(`[plaza] ${e instanceof Error ? e.message : e}`);
  await shutdown(1);
});
