import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Reads V8 .cpuprofile files (from `node --cpu-prof`) and says where the CPU went: self and
 * inclusive time per function and self time per area (React rendering, Flight serialisation,
 * next-intl, Kysely, pg, Auth.js, …). Frames of minified bundles (Next's app-page runtime, the
 * .next/server chunks) are mapped back through their source maps when these exist, so React's
 * and our own function names show. Only samples inside the given time windows count (the
 * measured runs; µs on the same monotonic clock as process.hrtime), when any fall inside them.
 */
type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

export type ProfileRow = { name: string; where: string; ms: number; share: number };
export type ProfileSummary = {
  files: number;
  samples: number;
  /** CPU time in the windows (or whole profiles), idle excluded. */
  busyMs: number;
  idleMs: number;
  windowed: boolean;
  areas: ProfileRow[];
  self: ProfileRow[];
  inclusive: ProfileRow[];
  /** Inclusive time of Plaza's own functions (app/, lib/, db/): what each part of a page costs with all it calls. */
  plaza: ProfileRow[];
  /** The biggest sources of the 'other' area, so that the area rules can be improved. */
  other: ProfileRow[];
};

type Resolved = { name: string; where: string; area: string };

// ------------------------------------------------------------------------------------------------
// Source maps

const maps = new Map<string, { map: SourceMap; sourcesContent: (string | null)[]; sources: string[] } | null>();

function mapFor(url: string) {
  if (maps.has(url)) return maps.get(url)!;
  let entry: { map: SourceMap; sourcesContent: (string | null)[]; sources: string[] } | null = null;
  try {
    const file = url.startsWith('file://') ? fileURLToPath(url) : url;
    if (path.isAbsolute(file) && existsSync(file)) {
      const tail = readFileSync(file, 'utf8').slice(-2000);
      const ref = /\/\/# sourceMappingURL=([^\s]+)\s*$/.exec(tail)?.[1];
      const candidates = [ref && !ref.startsWith('data:') ? path.resolve(path.dirname(file), ref) : null, `${file}.map`].filter(Boolean) as string[];
      const mapFile = candidates.find((c) => existsSync(c));
      if (mapFile) {
        const payload = JSON.parse(readFileSync(mapFile, 'utf8'));
        // Index maps (sections) are left alone: Node's SourceMap reads them, but lines differ per section.
        if (payload.sections) payload.sources ??= [];
        entry = { map: new SourceMap(payload), sourcesContent: payload.sourcesContent ?? [], sources: payload.sources ?? [] };
      }
    }
  } catch {
    entry = null;
  }
  maps.set(url, entry);
  return entry;
}

const lineCache = new Map<string, string[]>();
/** The function's name read off the original source line (for when the map has no name there). */
function nameFromSource(content: string | null | undefined, key: string, line: number): string | null {
  if (!content) return null;
  let lines = lineCache.get(key);
  if (!lines) lineCache.set(key, (lines = content.split('\n')));
  const text = lines[line] ?? '';
  const m =
    /function\*?\s+([\w$]+)/.exec(text) ??
    /([\w$]+)\s*[:=]\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*=>|[\w$]+\s*=>)/.exec(text) ??
    /^\s*(?:async\s+|static\s+|get\s+|set\s+)*([\w$]+)\s*\([^)]*\)\s*\{/.exec(text);
  return m?.[1] ?? null;
}

/** A map's relative source ('../src/parser.ts') read from the generated file's folder, so the package shows. */
function absoluteSource(generatedUrl: string, source: string): string {
  if (/^[a-z]+:/i.test(source) || path.isAbsolute(source)) return source;
  const file = generatedUrl.startsWith('file://') ? fileURLToPath(generatedUrl) : generatedUrl;
  let decoded = source;
  try {
    decoded = decodeURIComponent(source);
  } catch {
    // keep it as it is
  }
  return path.isAbsolute(file) ? path.resolve(path.dirname(file), decoded) : decoded;
}

function shortSource(s: string): string {
  return s
    .replace(/^webpack:\/\/next\/\.\/dist\/compiled\//, '')
    .replace(/^webpack:\/\/next\/\.\/src\//, 'next/src/')
    .replace(/^webpack:\/\/[^/]+\/\.?\/?/, '')
    .replace(/^turbopack:\/\/\/?(\[project\]\/)?/, '')
    .replace(/^file:\/\//, '')
    .replace(/^.*?\/node_modules\//, '')
    .replace(/^\/.*?\/\.next\//, '.next/')
    .replace(/^\/.*?\/(app|lib|db|emails|messages)\//, '$1/')
    .replace(`${process.cwd()}/`, '');
}

// ------------------------------------------------------------------------------------------------
// Areas

const AREAS: [RegExp, string][] = [
  [/react-server-dom-[a-z]+-server|ReactFlightServer/, 'React Server Components payload (Flight)'],
  [/react-dom-server|ReactFizz|react-dom\/static/, 'React HTML rendering (Fizz)'],
  [/react-server-dom-[a-z]+-client|ReactFlightClient/, 'React Flight client (SSR reads the RSC stream)'],
  [/(^|\/)react(-dom)?\/|react\.production|react-jsx/, 'React (other)'],
  // intl-messageformat's source map names some sources without their package folder (node_modules/core.ts).
  [/next-intl|use-intl|intl-messageformat|@formatjs|^(formatters|core)\.ts$/, 'next-intl / ICU messages'],
  [/messages\/.*\.json/, 'message catalogs'],
  [/@auth\/|next-auth|jose|oauth4webapi/, 'Auth.js'],
  [/kysely/, 'Kysely'],
  [/(^|\/)pg(-protocol|-pool|-types|-connection-string)?\//, 'pg (PostgreSQL driver)'],
  [/date-fns|@date-fns/, 'date-fns'],
  [/postgres-date|postgres-array|postgres-interval|postgres-bytea/, 'pg (PostgreSQL driver)'],
  [/zod/, 'zod'],
  [/marked|sanitize-html|htmlparser2/, 'Markdown / HTML sanitising'],
  [/^(app|lib|db|emails|proxy\.ts)/, 'Plaza code (app/, lib/, db/)'],
  [/next\/src\/server\/stream-utils|node-web-streams|stream-ops/, 'Next stream plumbing'],
  [/next\/src\/|next\/dist\/|\.next\/server\/|(^|\/)src\/(server|shared|client|lib)\/|\[turbopack\]/, 'Next.js server'],
  [/^node:|^internal\//, 'Node.js internals (http, streams, …)'],
];
const NODE = 'Node.js internals (http, streams, …)';
const PLAZA = 'Plaza code (app/, lib/, db/)';

function areaOf(where: string, name: string): string {
  if (name === '(garbage collector)') return 'garbage collection';
  if (name === '(program)') return 'V8/Node outside JS ((program))';
  if (name === '(idle)') return '(idle)';
  for (const [re, label] of AREAS) if (re.test(where)) return label;
  if (!where) return `native/builtin (${name || 'anonymous'})`;
  return 'other';
}

const resolvedCache = new Map<string, Resolved>();
function resolve(cf: CallFrame): Resolved {
  const key = `${cf.url}:${cf.lineNumber}:${cf.columnNumber}:${cf.functionName}`;
  const hit = resolvedCache.get(key);
  if (hit) return hit;
  let name = cf.functionName || '(anonymous)';
  let where = cf.url ? `${shortSource(cf.url)}:${cf.lineNumber + 1}` : '';
  const m = cf.url && cf.lineNumber >= 0 ? mapFor(cf.url) : null;
  if (m) {
    try {
      const e = m.map.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string; originalLine?: number; name?: string };
      if (e?.originalSource) {
        const i = m.sources.indexOf(e.originalSource);
        const fromSource = nameFromSource(i >= 0 ? m.sourcesContent[i] : null, e.originalSource, e.originalLine ?? 0);
        // Minified names are short; the original's own text is the better witness.
        if (name.length <= 2 || name === '(anonymous)') name = fromSource ?? e.name ?? name;
        where = `${shortSource(absoluteSource(cf.url, e.originalSource))}:${(e.originalLine ?? 0) + 1}`;
      }
    } catch {
      // keep the generated location
    }
  }
  const r = { name, where, area: areaOf(where.replace(/:\d+$/, ''), name) };
  resolvedCache.set(key, r);
  return r;
}

// ------------------------------------------------------------------------------------------------

export function summarizeCpuProfile(files: string[], windowsUs: [number, number][] = [], top = 25): ProfileSummary {
  const self = new Map<string, { r: Resolved; us: number }>();
  const incl = new Map<string, { r: Resolved; us: number }>();
  const areas = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  let samples = 0;
  let windowed = false;
  const otherWhere = new Map<string, number>();

  const profiles = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as CpuProfile);
  const inWindow = (t: number) => windowsUs.some(([a, b]) => t >= a && t <= b);
  const anyInWindow = profiles.some((p) => {
    let t = p.startTime;
    return p.timeDeltas.some((d) => inWindow((t += d)));
  });
  windowed = windowsUs.length > 0 && anyInWindow;

  for (const p of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    let t = p.startTime;
    for (let i = 0; i < p.samples.length; i++) {
      const dt = p.timeDeltas[i] ?? 0;
      t += dt;
      if (windowed && !inWindow(t)) continue;
      // A sample's weight: the time until the next sample (V8 records the delta before each sample).
      const weight = Math.max(0, p.timeDeltas[i + 1] ?? dt);
      const leaf = byId.get(p.samples[i]);
      if (!leaf) continue;
      samples++;
      const r = resolve(leaf.callFrame);
      if (r.name === '(idle)') {
        idle += weight;
        continue;
      }
      busy += weight;
      const sk = `${r.name} ${r.where}`;
      const s = self.get(sk) ?? { r, us: 0 };
      s.us += weight;
      self.set(sk, s);
      // Time in a builtin (writev, JSON.parse, string encoding…) or in Node's own JS (streams, sockets,
      // timers) counts for the nearest library or app frame that called it: a socket write for pg is
      // pg's, a stream push for React's renderer is React's.
      let area = r.area;
      for (let id = parent.get(leaf.id); (area.startsWith('native/builtin') || area === NODE) && id !== undefined; id = parent.get(id)) {
        const cf = byId.get(id)!.callFrame;
        if (cf.url) {
          const a = resolve(cf).area;
          if (a !== NODE) area = a;
        }
      }
      if (area.startsWith('native/builtin')) area = 'native/builtin (no JS caller)';
      if (area === NODE) area = `${NODE}, no library above`;
      areas.set(area, (areas.get(area) ?? 0) + weight);
      if (area === 'other') otherWhere.set(r.where.replace(/:\d+$/, ''), (otherWhere.get(r.where.replace(/:\d+$/, '')) ?? 0) + weight);
      const seen = new Set<string>();
      for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
        const node = byId.get(id)!;
        if (!node.callFrame.url && (node.callFrame.functionName === '(root)' || !node.callFrame.functionName)) continue;
        const ri = resolve(node.callFrame);
        const k = `${ri.name} ${ri.where}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const e = incl.get(k) ?? { r: ri, us: 0 };
        e.us += weight;
        incl.set(k, e);
      }
    }
  }

  const rows = (m: Map<string, { r: Resolved; us: number }>) =>
    [...m.values()].sort((a, b) => b.us - a.us).slice(0, top).map(({ r, us }) => ({ name: r.name, where: r.where, ms: Math.round(us / 100) / 10, share: busy ? us / busy : 0 }));
  return {
    files: files.length,
    samples,
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idle / 1000),
    windowed,
    areas: [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, where: '', ms: Math.round(us / 100) / 10, share: busy ? us / busy : 0 })),
    self: rows(self),
    inclusive: rows(incl),
    plaza: [...incl.values()].filter(({ r }) => r.area === PLAZA).sort((a, b) => b.us - a.us).slice(0, top)
      .map(({ r, us }) => ({ name: r.name, where: r.where, ms: Math.round(us / 100) / 10, share: busy ? us / busy : 0 })),
    other: [...otherWhere.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([where, us]) => ({ name: 'other', where, ms: Math.round(us / 100) / 10, share: busy ? us / busy : 0 })),
  };
}

export function formatProfileSummary(s: ProfileSummary, perRequestDivisor?: number): string {
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)} %`;
  const per = (ms: number) => (perRequestDivisor ? `  ${(ms / perRequestDivisor).toFixed(2).padStart(6)} ms/req` : '');
  const out: string[] = [];
  out.push(`CPU profile: ${s.busyMs.toLocaleString()} ms busy, ${s.idleMs.toLocaleString()} ms idle, ${s.samples.toLocaleString()} samples${s.windowed ? ' inside the measured runs' : ' (whole process lifetime)'}`);
  out.push('', 'Self time by area (time in Node internals and builtins counted for the library or app code that called them):');
  for (const r of s.areas) out.push(`  ${pct(r.share)}  ${r.ms.toFixed(0).padStart(7)} ms${per(r.ms)}  ${r.name}`);
  if (s.other.length) out.push(`  ('other' is mostly: ${s.other.map((r) => `${r.where} ${r.ms.toFixed(0)} ms`).join(', ')})`);
  out.push('', 'Top self time:');
  for (const r of s.self) out.push(`  ${pct(r.share)}  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}  ${r.where}`);
  out.push('', 'Plaza code, inclusive (with everything it calls):');
  for (const r of s.plaza) out.push(`  ${pct(r.share)}  ${r.ms.toFixed(0).padStart(7)} ms${per(r.ms)}  ${r.name}  ${r.where}`);
  out.push('', 'Top inclusive time:');
  for (const r of s.inclusive) out.push(`  ${pct(r.share)}  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}  ${r.where}`);
  return out.join('\n');
}

/** Re-read a saved profile: node --import tsx scripts/bench/cpu-profile.ts <file.cpuprofile …> [--windows=<bench:http JSON>] */
if (process.argv[1]?.endsWith(path.join('bench', 'cpu-profile.ts'))) {
  const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const json = process.argv.find((a) => a.startsWith('--windows='))?.slice(10);
  const data = json ? (JSON.parse(readFileSync(json, 'utf8')) as { profileWindowsUs?: [number, number][]; pages?: { pattern: string; requests: number }[] }) : null;
  const summary = summarizeCpuProfile(files, data?.profileWindowsUs ?? []);
  const connections = (data as { options?: { connections?: number } } | null)?.options?.connections ?? 0;
  const requests = data?.pages?.filter((p) => p.pattern !== 'static').reduce((n, p) => n + p.requests + connections, 0);
  console.log(formatProfileSummary(summary, summary.windowed ? requests : undefined));
}
