import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Proves the README's quick start as a new user runs it: a copy of this checkout in a private
 * folder (mode 0700, as `mktemp -d` or /root gives — as root that is the case that used to fail
 * with `spawn …/initdb EACCES`), then `npm start` with no configuration: the embedded PostgreSQL,
 * migrations, seed, identity provider, worker and web server. Checks /api/health, /sign-in, that
 * /outbox sends an anonymous visitor to sign in, and that start failures are one line (a port in
 * use, a bad setting). Uses its own ports; cleans up what it made (also the cluster under
 * /var/lib/plaza when run as root).
 *
 * The copy takes the working tree as it is (tracked and untracked, not ignored files), links
 * node_modules, and takes .next along when present so an unchanged build is not redone.
 */
const source = process.cwd();
const port = 3200;
const idpPort = 3201;
const work = mkdtempSync(path.join(os.tmpdir(), 'plaza-smoke-'));
const mode = (statSync(work).mode & 0o777).toString(8);
const project = path.join(work, 'plaza');

function copyCheckout() {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: source, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const f of listed.stdout.split('\0').filter(Boolean)) {
    const from = path.join(source, f);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(project, f)), { recursive: true });
    cpSync(from, path.join(project, f), { preserveTimestamps: true });
  }
  symlinkSync(path.join(source, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  if (existsSync(path.join(source, '.next', 'BUILD_ID'))) {
    cpSync(path.join(source, '.next'), path.join(project, '.next'), { recursive: true, preserveTimestamps: true, filter: (p) => !p.includes(`${path.sep}cache`) });
  }
}

const baseEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), IDP_PORT: String(idpPort), PLAZA_PG_PORT: '54341' };
for (const k of ['DATABASE_URL', 'OIDC_ISSUER', 'AUTH_URL', 'RESEND_API_KEY', 'PLAZA_DATA_DIR', 'PLAZA_OUTBOX_VIEWER', 'PLAZA_EMBEDDED_DB', 'NODE_ENV']) delete baseEnv[k];

/** `npm start` that must fail: one line from Plaza, no stack trace. */
async function expectOneLineFailure(label: string, env: NodeJS.ProcessEnv, pattern: RegExp): Promise<string | null> {
  const r = spawnSync('npm', ['start', '--silent'], { cwd: project, env, encoding: 'utf8', timeout: 120_000 });
  const out = `${r.stdout}${r.stderr}`;
  const plazaLines = out.split('\n').filter((l) => l.startsWith('[plaza]'));
  if (r.status === 0) return `${label}: npm start succeeded`;
  if (/^\s+at .+\(.+:\d+:\d+\)$/m.test(out)) return `${label}: printed a stack trace:\n${out.slice(-1500)}`;
  if (plazaLines.length !== 1 || !pattern.test(plazaLines[0])) return `${label}: expected one line matching ${pattern}, got:\n${out.slice(-1500)}`;
  console.log(`quick start: ${label} → ${plazaLines[0]}`);
  return null;
}

let output = '';
async function main(): Promise<string[]> {
  copyCheckout();
  console.log(`quick start: copy of the checkout in ${project} (parent mode ${mode}, running as ${process.getuid?.() === 0 ? 'root' : 'uid ' + process.getuid?.()})`);
  const problems: string[] = [];
  if (mode !== '700') problems.push(`mkdtemp gave mode ${mode}, not 700: the private-folder case is not tested`);

  // A bad setting: one line naming the variable, before anything starts.
  const bad = await expectOneLineFailure('a bad setting', { ...baseEnv, PLAZA_OUTBOX_RETENTION_DAYS: 'soon' }, /Invalid configuration: PLAZA_OUTBOX_RETENTION_DAYS/);
  if (bad) problems.push(bad);

  const child = spawn('npm', ['start'], { cwd: project, env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    const deadline = Date.now() + 8 * 60_000;
    for (;;) {
      try {
        const health = await (await fetch(`http://localhost:${port}/api/health`)).json();
        if (health.database?.ok && health.worker?.ok) break;
      } catch {
        // not up yet
      }
      if (child.exitCode !== null) return [...problems, `npm start exited with ${child.exitCode}`];
      if (Date.now() > deadline) return [...problems, 'not healthy within 8 minutes'];
      await new Promise((r) => setTimeout(r, 1000));
    }
    const signIn = await fetch(`http://localhost:${port}/sign-in`);
    const outbox = await fetch(`http://localhost:${port}/outbox`, { redirect: 'manual' });
    const idp = await fetch(`http://localhost:${idpPort}/.well-known/openid-configuration`);
    if (signIn.status !== 200) problems.push(`/sign-in answered ${signIn.status}`);
    if (![302, 303, 307].includes(outbox.status) || !/\/sign-in/.test(outbox.headers.get('location') ?? '')) problems.push(`/outbox answered ${outbox.status} to an anonymous visitor (expected a redirect to sign-in)`);
    if (idp.status !== 200) problems.push(`identity provider discovery answered ${idp.status}`);
    if (!/wang\.lei@xinghai\.example/.test(output)) problems.push('the console does not say how to sign in');
    if (/EACCES|^\s+at /m.test(output)) problems.push('the console shows a permission error or a stack trace');

    // The port is taken now: a second start says so in one line.
    const busy = await expectOneLineFailure('port in use', baseEnv, new RegExp(`Port ${port} is in use`));
    if (busy) problems.push(busy);
    return problems;
  } finally {
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    await new Promise((r) => setTimeout(r, 5000));
    signal('SIGKILL');
  }
}

function cleanUp() {
  // As root the cluster lives under /var/lib/plaza/<hash>/pg (the console said where).
  const cluster = /embedded PostgreSQL data in (\/var\/lib\/plaza\/[0-9a-f]{16})\/pg/.exec(output)?.[1];
  if (cluster) rmSync(cluster, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}

main()
  .catch((e) => [`smoke test failed: ${e instanceof Error ? e.message : e}`])
  .then((problems) => {
    cleanUp();
    if (problems.length) {
      console.error(output.slice(-4000));
      console.error(`quick start: ${problems.join('; ')}`);
      process.exit(1);
    }
    console.log('quick start from a private (0700) folder: embedded PostgreSQL, identity provider, worker and web server all answered; start failures are one line');
  });
