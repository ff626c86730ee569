// Completes package-lock.json with the optional, platform-specific packages that `npm install`
// left out, so that `npm ci` accepts the lock file.
//
// Why: the npm registry reachable from our machines does not serve every platform build of
// native packages (e.g. @next/swc-darwin-x64@16.4.6). `npm install` silently skips an optional
// dependency it cannot resolve, and then `npm ci` refuses the lock because the entry is missing.
// Each missing package is recorded with its os/cpu/libc from the registry metadata, so npm
// skips it on a platform it does not fit, exactly as it would with a complete lock.
//
// Run after changing dependencies:  npm install && node scripts/complete-lockfile.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const pkgs = lock.packages;
let added = 0;

function meta(name, range) {
  for (const spec of [`${name}@${range}`, name]) {
    try {
      const out = execFileSync('npm', ['view', spec, 'version', 'os', 'cpu', 'libc', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      let m = JSON.parse(out);
      if (Array.isArray(m)) m = m[m.length - 1];
      return m;
    } catch {
      // try the next spec
    }
  }
  return null;
}

for (const [path, entry] of Object.entries(pkgs)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/` : 'node_modules/';
    if (pkgs[`${base}${name}`] || pkgs[`node_modules/${name}`]) continue;
    const m = meta(name, range);
    const version = /^\d/.test(range) ? range : (m?.version ?? range.replace(/^[~^]/, ''));
    const record = { version, optional: true };
    for (const k of ['os', 'cpu', 'libc']) {
      const v = m?.[k];
      if (v) record[k] = Array.isArray(v) ? v : [v];
    }
    if (!record.os && !record.cpu) {
      console.warn(`skipped ${name}: no platform metadata, it would be installed everywhere`);
      continue;
    }
    pkgs[`node_modules/${name}`] = record;
    added += 1;
  }
}

const sorted = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform-specific optional packages`);
