import 'server-only';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { todoSources } from './sources';
import type { TodoGroup } from './types';

/** Every source's to-dos for the viewer, in parallel, empty groups left out. */
export async function listTodos(db: Kysely<DB>, viewer: Viewer | null, opts: { limit?: number; now?: Date; locale?: string } = {}): Promise<TodoGroup[]> {
  const v = requireViewer(viewer);
  const sources = [...todoSources].sort((a, b) => a.order - b.order);
  const groups = await Promise.all(sources.map((s) => s.load(db, v, { limit: opts.limit ?? 5, now: opts.now ?? new Date(), locale: opts.locale ?? v.locale ?? 'zh-CN' })));
  return groups.filter((g): g is TodoGroup => !!g && g.count > 0);
}
