import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm test`: the whole suite, in the order a failure is cheapest to find — lint, type check,
 * unit + integration (vitest, real PostgreSQL), production build, end-to-end (Playwright in
 * Chromium against the built app). Stops at the first failing step.
 */
const bin = (name: string) => path.join(process.cwd(), 'node_modules', '.bin', name);
const steps: { name: string; cmd: string; args: string[]; env?: NodeJS.ProcessEnv }[] = [
  { name: 'lint', cmd: bin('eslint'), args: ['.', '--max-warnings=0'] },
  { name: 'typecheck', cmd: bin('tsc'), args: ['--noEmit'] },
  { name: 'unit + integration', cmd: bin('vitest'), args: ['run'] },
  { name: 'build', cmd: process.execPath, args: [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'build'], env: { NODE_ENV: 'production' } },
  { name: 'e2e', cmd: bin('playwright'), args: ['test', ...process.argv.slice(2)] },
];

/**
 * The browser: Debian's Chromium (Playwright cannot download its own here). On a fresh Debian
 * machine where we are root, install it with CJK fonts; otherwise say what is missing.
 */
function ensureBrowser(): boolean {
  const browser = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(browser)) return true;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium is missing: installing Debian packages chromium and fonts-wqy-microhei…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-wqy-microhei'], { stdio: 'inherit', env });
    return existsSync(browser);
  }
  console.error(`No browser at ${browser}: install Debian's chromium (apt-get install chromium fonts-wqy-microhei) or set PLAYWRIGHT_CHROMIUM_PATH.`);
  return false;
}

const only = process.env.PLAZA_TEST_STEPS?.split(',').map((s) => s.trim());
const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const step of steps) {
  if (only && !only.includes(step.name)) continue;
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  if (step.name === 'e2e' && !ensureBrowser()) {
    results.push({ name: 'e2e (no browser)', ok: false, seconds: 0 });
    break;
  }
  const r = spawnSync(step.cmd, step.args, { stdio: 'inherit', env: { ...process.env, ...step.env } });
  const ok = r.status === 0;
  results.push({ name: step.name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  if (!ok) break;
}

console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds}s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`steps: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
