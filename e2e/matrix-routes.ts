import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The app's own route list, read from the file system when the tests run (no list kept by hand):
 * every page (app/**\/page.tsx), every route handler (app/**\/route.ts) with the methods it
 * exports, and every server action (exports of files that start with 'use server').
 * e2e/matrix.spec.ts and lib/authz/action-matrix.test.ts fail when one of them has no rows.
 */
export type DiscoveredRoute = { kind: 'page' | 'route'; method: string; pattern: string; file: string };
export type DiscoveredAction = { file: string; name: string; source: string };

const APP = path.join(process.cwd(), 'app');
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** `app/(app)/announcements/[id]/page.tsx` → `/announcements/[id]` (route groups and slots dropped). */
export function patternOf(file: string): string {
  const segments = path.relative(APP, path.dirname(file)).split(path.sep).filter((s) => s && s !== '.');
  const kept = segments.filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@'));
  return `/${kept.join('/')}`;
}

/** The HTTP methods a route handler exports (export const GET, export async function POST, export const { GET, POST }). */
export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|let|var)\s+([A-Z]+)\b/g)) found.add(m[1]);
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\b/g)) found.add(m[1]);
  for (const m of source.matchAll(/export\s+(?:const\s+)?\{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name) found.add(name);
    }
  }
  return [...found].filter((n) => (METHODS as readonly string[]).includes(n)).sort();
}

export function discoverRoutes(): DiscoveredRoute[] {
  const out: DiscoveredRoute[] = [];
  for (const file of walk(APP)) {
    const base = path.basename(file);
    if (/^page\.(tsx|ts|jsx|js|mdx)$/.test(base)) out.push({ kind: 'page', method: 'GET', pattern: patternOf(file), file });
    if (/^route\.(ts|js)$/.test(base)) {
      const methods = exportedMethods(readFileSync(file, 'utf8'));
      if (methods.length === 0) throw new Error(`${file}: a route handler with no method found — teach e2e/matrix-routes.ts its export form`);
      for (const method of methods) out.push({ kind: 'route', method, pattern: patternOf(file), file });
    }
  }
  return out.sort((a, b) => `${a.pattern} ${a.method}`.localeCompare(`${b.pattern} ${b.method}`));
}

/**
 * Server actions: every export of a module that begins with 'use server' (app/ and lib/), and
 * every `formAction(` export anywhere in app/. `source` is the text of the export's statement,
 * so a row can check which lib function the action calls.
 */
export function discoverActions(roots = ['app', 'lib']): DiscoveredAction[] {
  const out: DiscoveredAction[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    for (const file of walk(path.join(process.cwd(), root))) {
      if (!/\.(ts|tsx)$/.test(file) || /\.test\.tsx?$/.test(file)) continue;
      const text = readFileSync(file, 'utf8');
      const moduleLevel = /^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*\s*['"]use server['"]/.test(text);
      const statements = text.split(/\n(?=export\s)/);
      for (const st of statements) {
        const m = /^export\s+(?:const|let|async\s+function|function)\s+(\w+)/.exec(st);
        if (!m) continue;
        const isAction = moduleLevel ? !/^export\s+(?:type|interface)\b/.test(st) : /^export\s+const\s+\w+\s*=\s*formAction\(/.test(st) || /^export\s+async\s+function\s+\w+[^{]*\{\s*['"]use server['"]/.test(st);
        if (!isAction) continue;
        const rel = path.relative(process.cwd(), file);
        const key = `${rel}#${m[1]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ file: rel, name: m[1], source: st });
      }
    }
  }
  return out.sort((a, b) => `${a.file}#${a.name}`.localeCompare(`${b.file}#${b.name}`));
}
