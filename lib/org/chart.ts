import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { requireEmployee } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { notFound } from '@/lib/errors';
import { isUuid } from '@/lib/ids';

type Db = Kysely<DB> | Transaction<DB>;

/** Units per page of one level; a level with 2,000 units pages (keyset) or searches. */
export const ORG_CHART_PAGE = 50;

export type ChartHead = { id: string; name: string; nameEn: string | null };
export type ChartUnit = {
  id: string;
  name: string;
  nameEn: string | null;
  heads: ChartHead[];
  /** Active employees in the unit and all its sub-units. */
  headCount: number;
  childCount: number;
};
export type OrgChartLevel = {
  /** The opened unit (null: the top level). */
  unit: (ChartUnit & { directCount: number }) | null;
  /** From the top down to the opened unit (inclusive). */
  path: { id: string; name: string; nameEn: string | null }[];
  children: ChartUnit[];
  /** Cursor for the next page of children, or null. */
  next: string | null;
  q: string;
};

const inputSchema = z.object({
  unit: z.string().optional().catch(undefined),
  q: z.string().optional().transform((s) => (s ?? '').trim().slice(0, 100)).catch(''),
  after: z.string().max(400).optional().catch(undefined),
});

type Cursor = { s: number; n: string; i: string };
function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}
function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
    return typeof c.s === 'number' && typeof c.n === 'string' && typeof c.i === 'string' && isUuid(c.i) ? { s: c.s, n: c.n, i: c.i } : null;
  } catch {
    return null;
  }
}

const headsSql = (unitRef: string) =>
  sql<ChartHead[]>`coalesce((select json_agg(json_build_object('id', hp.id, 'name', hp.name, 'nameEn', hp.name_en) order by hp.name_sort, hp.id)
    from unit_head h join person hp on hp.id = h.person_id where h.unit_id = ${sql.ref(unitRef)} and hp.status = 'active'), '[]'::json)`;
/**
 * Head counts (active employees in a unit's tree) of the given units, in one grouped statement for
 * the units not counted in the last 30 seconds by this web process. A count is the same for every
 * employee who opens the chart (never a row, nothing one viewer may see and another may not); the
 * top of the tree counts the whole company (568 ms at 50,000 people under load 16), which every
 * opening of /org paid before. Kept per database object (tests use several).
 */
const headCountsByDb = new WeakMap<Db, Map<string, { n: number; at: number }>>();
const HEAD_COUNT_TTL_MS = 30_000;
async function headCounts(db: Db, unitIds: string[]): Promise<Map<string, number>> {
  let kept = headCountsByDb.get(db);
  if (!kept) headCountsByDb.set(db, (kept = new Map()));
  const now = Date.now();
  const out = new Map<string, number>();
  const missing: string[] = [];
  for (const id of unitIds) {
    const hit = kept.get(id);
    if (hit && now - hit.at < HEAD_COUNT_TTL_MS) out.set(id, hit.n);
    else missing.push(id);
  }
  if (missing.length) {
    const { rows } = await sql<{ id: string; n: number }>`select c.ancestor_id as id, count(*)::int as n
      from org_unit_closure c join person hp on hp.unit_id = c.descendant_id
      where c.ancestor_id = any(${missing}::uuid[]) and hp.status = 'active' and hp.kind = 'employee'
      group by c.ancestor_id`.execute(db);
    const counted = new Map(rows.map((r) => [r.id, r.n]));
    for (const id of missing) {
      const n = counted.get(id) ?? 0;
      kept.set(id, { n, at: now });
      out.set(id, n);
    }
  }
  return out;
}

/**
 * The read-only org chart (/org) for employees, one level at a time: the opened unit (path, heads,
 * head count) and a page of its sub-units (or the top units), each with heads, head count and
 * number of sub-units. Never the whole tree; keyset pages of ORG_CHART_PAGE in display order
 * (sort order, name), optionally filtered by name. Partners: NOT_FOUND.
 */
export async function getOrgChartLevel(db: Db, viewer: Viewer | null, input: Record<string, string | string[] | undefined>): Promise<OrgChartLevel> {
  requireEmployee(viewer);
  const f = inputSchema.parse(input);
  const unitId = f.unit ? (isUuid(f.unit) ? f.unit : null) : null;
  if (f.unit && !unitId) throw notFound();

  let unit: OrgChartLevel['unit'] = null;
  let path: OrgChartLevel['path'] = [];
  if (unitId) {
    const u = await db
      .selectFrom('org_unit as u')
      .where('u.id', '=', unitId)
      .select([
        'u.id', 'u.name', 'u.name_en',
        headsSql('u.id').as('heads'),
        sql<number>`(select count(*)::int from org_unit ch where ch.parent_id = u.id)`.as('child_count'),
        sql<number>`(select count(*)::int from person dp where dp.unit_id = u.id and dp.status = 'active' and dp.kind = 'employee')`.as('direct_count'),
        sql<OrgChartLevel['path']>`coalesce((select json_agg(json_build_object('id', a.id, 'name', a.name, 'nameEn', a.name_en) order by c.depth desc)
          from org_unit_closure c join org_unit a on a.id = c.ancestor_id where c.descendant_id = u.id), '[]'::json)`.as('path'),
      ])
      .executeTakeFirst();
    if (!u) throw notFound();
    unit = { id: u.id, name: u.name, nameEn: u.name_en, heads: u.heads, headCount: 0, childCount: u.child_count, directCount: u.direct_count };
    path = u.path;
  }

  const cursor = decodeCursor(f.after);
  let q = db
    .selectFrom('org_unit as u')
    .select([
      'u.id', 'u.name', 'u.name_en', 'u.sort_order',
      headsSql('u.id').as('heads'),
      sql<number>`(select count(*)::int from org_unit ch where ch.parent_id = u.id)`.as('child_count'),
    ])
    .where(unitId ? sql<boolean>`u.parent_id = ${unitId}` : sql<boolean>`u.parent_id is null`)
    .orderBy('u.sort_order')
    .orderBy('u.name')
    .orderBy('u.id')
    .limit(ORG_CHART_PAGE + 1);
  if (f.q) {
    const pattern = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`lower(u.name || ' ' || coalesce(u.name_en, '')) like ${pattern}`);
  }
  if (cursor) q = q.where(sql<boolean>`(u.sort_order, u.name, u.id) > (${cursor.s}, ${cursor.n}, ${cursor.i}::uuid)`);
  const rows = await q.execute();
  const page = rows.slice(0, ORG_CHART_PAGE);
  const last = page[page.length - 1];
  const counts = await headCounts(db, [...(unit ? [unit.id] : []), ...page.map((r) => r.id)]);
  if (unit) unit.headCount = counts.get(unit.id) ?? 0;
  return {
    unit,
    path,
    children: page.map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en, heads: r.heads, headCount: counts.get(r.id) ?? 0, childCount: r.child_count })),
    next: rows.length > ORG_CHART_PAGE && last ? encodeCursor({ s: last.sort_order, n: last.name, i: last.id }) : null,
    q: f.q,
  };
}
