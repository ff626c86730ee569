import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { rowsAsJson } from './source';
import { todoSources } from './sources';
import type { TodoGroup, TodoLoadOptions } from './types';

/**
 * Every source's to-dos for the viewer, empty groups left out. Every source's statement runs in
 * ONE round trip (`select (source 1 as json), (source 2 as json), …`): the homepage used to send
 * ten statements, each with its pool checkout, protocol round trip and parsing (decision 0400).
 */
export async function listTodos(db: Kysely<DB>, viewer: Viewer | null, opts: { limit?: number; now?: Date; locale?: string } = {}): Promise<TodoGroup[]> {
  const v = requireViewer(viewer);
  const o: TodoLoadOptions = { limit: opts.limit ?? 5, now: opts.now ?? new Date(), locale: opts.locale ?? v.locale ?? 'zh-CN' };
  const active = [...todoSources]
    .sort((a, b) => a.order - b.order)
    .map((s) => ({ s, q: s.query(db, v, o) }))
    .filter((x): x is { s: (typeof todoSources)[number]; q: NonNullable<typeof x.q> } => x.q !== null);
  if (active.length === 0) return [];
  const cols = active.map(({ q }, i) => sql`${rowsAsJson(q)} as ${sql.ref(`s${i}`)}`);
  const { rows } = await sql<Record<string, unknown[]>>`select ${sql.join(cols)}`.execute(db);
  return active.map(({ s }, i) => s.group(rows[0][`s${i}`] as never[], v, o)).filter((g): g is TodoGroup => !!g && g.count > 0);
}
