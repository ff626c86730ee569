import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Proves the first quick-start command's path: `npm start` with no configuration starts the
 * embedded PostgreSQL, migrates, seeds, starts the identity provider, the worker and the web
 * server. Uses its own data folder and ports so it never touches a developer's instance.
 */
const port = 3200;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'plaza-smoke-'));
// As root, PostgreSQL runs as the `postgres` user, which must be able to reach its data folder.
chmodSync(dataDir, 0o755);
const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), IDP_PORT: '3201', PLAZA_PG_PORT: '54341', PLAZA_DATA_DIR: dataDir };
for (const k of ['DATABASE_URL', 'OIDC_ISSUER', 'AUTH_URL', 'RESEND_API_KEY']) delete env[k];

const child = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let output = '';
child.stdout.on('data', (d) => (output += d));
child.stderr.on('data', (d) => (output += d));

async function check(): Promise<string[]> {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      const health = await (await fetch(`http://localhost:${port}/api/health`)).json();
      if (health.database?.ok && health.worker?.ok) {
        const signIn = await fetch(`http://localhost:${port}/sign-in`);
        const idp = await fetch('http://localhost:3201/.well-known/openid-configuration');
        const problems: string[] = [];
        if (signIn.status !== 200) problems.push(`/sign-in answered ${signIn.status}`);
        if (idp.status !== 200) problems.push(`identity provider discovery answered ${idp.status}`);
        if (!/wang\.lei@xinghai\.example/.test(output)) problems.push('the console does not say how to sign in');
        return problems;
      }
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) return [`npm start exited with ${child.exitCode}`];
    if (Date.now() > deadline) return ['not healthy within 5 minutes'];
    await new Promise((r) => setTimeout(r, 1000));
  }
}

check()
  .then(async (problems) => {
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    await new Promise((r) => setTimeout(r, 3000));
    signal('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    if (problems.length) {
      console.error(output.slice(-4000));
      console.error(`quick start: ${problems.join('; ')}`);
      process.exit(1);
    }
    console.log('quick start: embedded PostgreSQL, identity provider, worker and web server all answered');
  });
