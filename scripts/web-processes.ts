import { availableParallelism } from 'node:os';
import path from 'node:path';

/**
 * How `npm start` runs the web server (called from scripts/start.ts): one `next start` per core
 * in production — the web process is CPU-bound (docs/decisions/0400-page-performance.md), so a
 * second core only helps through a second process. With more than one, a small cluster primary
 * (scripts/web-cluster.mjs) forks that many `next start` workers that share the one port (the
 * primary hands connections out in turn); a worker that dies is started again.
 *
 * PLAZA_WEB_PROCESSES=N overrides the count (1 = a plain `next start`, as before). `next dev` is
 * always one process.
 */
export function webProcessCount(env: Record<string, string | undefined> = process.env, cores = availableParallelism()): number {
  const asked = Number(env.PLAZA_WEB_PROCESSES);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, 64);
  return Math.max(1, Math.min(cores, 8));
}

/** The command that starts the web server: [executable, args]. */
export function webCommand(nextBin: string, dev: boolean, port: number, env: Record<string, string | undefined> = process.env): [string, string[]] {
  const n = dev ? 1 : webProcessCount(env);
  if (n === 1) return [process.execPath, [nextBin, dev ? 'dev' : 'start', '-p', String(port)]];
  return [process.execPath, [path.join(process.cwd(), 'scripts', 'web-cluster.mjs'), String(n), nextBin, 'start', '-p', String(port)]];
}
