import 'server-only';
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { requireAdmin } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { isUuid } from '@/lib/ids';
import type { PersonStatus } from '@/lib/people/schema';

type Db = Kysely<DB> | Transaction<DB>;

export type UnitHeadSummary = { id: string; name: string; nameEn: string | null; email: string; status: PersonStatus };

export type OrgUnitRow = {
  id: string;
  parentId: string | null;
  name: string;
  nameEn: string | null;
  sortOrder: number;
  depth: number;
  /** Active people directly in this unit. */
  memberCount: number;
  heads: UnitHeadSummary[];
};

/** One unit's row for the org editor: depth, active members, sub-units and heads (one subquery each). */
function unitColumns(eb: ExpressionBuilder<DB & { u: DB['org_unit'] }, 'u'>) {
  return [
    'u.id',
    'u.parent_id',
    'u.name',
    'u.name_en',
    'u.sort_order',
    eb.selectFrom('org_unit_closure as c').whereRef('c.descendant_id', '=', 'u.id').select(sql<number>`count(*)::int - 1`.as('d')).as('depth'),
    eb.selectFrom('person as p').whereRef('p.unit_id', '=', 'u.id').where('p.status', '=', 'active').select(sql<number>`count(*)::int`.as('n')).as('member_count'),
    eb.selectFrom('org_unit as ch').whereRef('ch.parent_id', '=', 'u.id').select(sql<number>`count(*)::int`.as('n')).as('child_count'),
    sql<UnitHeadSummary[]>`coalesce((
      select json_agg(json_build_object('id', p.id, 'name', p.name, 'nameEn', p.name_en, 'email', p.email, 'status', p.status) order by p.name)
      from unit_head h join person p on p.id = h.person_id where h.unit_id = u.id), '[]'::json)`.as('heads'),
  ] as const;
}

export type OrgLevelRow = OrgUnitRow & { childCount: number };

/**
 * The org editor's tree, opened level by level (issue 8: no page grows with the company): the
 * root units, and the children of every unit on the way down to the opened one (`openId`),
 * including the opened unit's own children — never the whole tree. Depth-first display order.
 * Admins only (everyone else 403, partners 404; the read-only chart for employees is lib/org/chart.ts). `opened` is the opened unit's row (null when none or unknown).
 */
export async function listOrgLevel(db: Db, viewer: Viewer | null, openId: string | null): Promise<{ rows: OrgLevelRow[]; opened: OrgLevelRow | null }> {
  requireAdmin(viewer);
  const open = openId && isUuid(openId) ? openId : null;
  const rows = await db
    .selectFrom('org_unit as u')
    .select(unitColumns)
    .where((eb) =>
      eb.or([
        eb('u.parent_id', 'is', null),
        ...(open ? [eb('u.parent_id', 'in', eb.selectFrom('org_unit_closure as c').select('c.ancestor_id').where('c.descendant_id', '=', open))] : []),
      ]),
    )
    .execute();
  const out = orderTree(
    rows.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      name: r.name,
      nameEn: r.name_en,
      sortOrder: r.sort_order,
      depth: r.depth ?? 0,
      memberCount: r.member_count ?? 0,
      childCount: r.child_count ?? 0,
      heads: r.heads,
    })),
  );
  return { rows: out, opened: out.find((r) => r.id === open) ?? null };
}

/** Depth-first order; pure, exported for tests. */
export function orderTree<T extends { id: string; parentId: string | null; name: string; sortOrder: number }>(rows: T[]): T[] {
  const children = new Map<string | null, T[]>();
  for (const r of rows) {
    const list = children.get(r.parentId) ?? [];
    list.push(r);
    children.set(r.parentId, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN'));
  const out: T[] = [];
  const visit = (parent: string | null) => {
    for (const r of children.get(parent) ?? []) {
      out.push(r);
      visit(r.id);
    }
  };
  visit(null);
  return out;
}
