import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { isActive, isAdmin, isCommsOfficer, isEmployee, isUnitHead } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Who may do what with announcements.
 * - Communications officers and admins publish to anyone, see everything, approve anything.
 * - Unit heads publish directly to audiences inside their own unit trees (units in the tree,
 *   employees in the tree); anything wider goes through approval like everyone else's.
 * - Every other employee submits for approval: to the nearest head up the tree whose tree holds
 *   the whole audience, else to the communications officers.
 * - Partners never compose, approve or see statistics; they read what is addressed to their org.
 */
export const canPublishAnywhere = (v: Viewer | null | undefined) => isCommsOfficer(v) || isAdmin(v);
export const canCompose = (v: Viewer | null | undefined) => isEmployee(v);
export const canManageTemplates = (v: Viewer | null | undefined) => canPublishAnywhere(v);
export const canManageEmergencyPlans = (v: Viewer | null | undefined) => canPublishAnywhere(v);
export const canSeeApprovalQueue = (v: Viewer | null | undefined) => canPublishAnywhere(v) || isUnitHead(v);

/** The audience, in ids, as the policy sees it. */
export type ResolvedAudience = {
  everyone: boolean;
  unitIds: string[];
  roles: string[];
  personIds: string[];
  partnerOrgIds: string[];
};

/** True when every part of the audience lies inside the trees of `rootUnitIds`. One query. */
export async function audienceWithinTrees(db: Db, a: ResolvedAudience, rootUnitIds: readonly string[]): Promise<boolean> {
  if (rootUnitIds.length === 0) return false;
  if (a.everyone || a.roles.length > 0 || a.partnerOrgIds.length > 0) return false;
  if (a.unitIds.length === 0 && a.personIds.length === 0) return false;
  const roots = [...rootUnitIds];
  const { rows } = await sql<{ outside: number }>`
    select
      (select count(*) from unnest(${a.unitIds}::uuid[]) u(id)
        where not exists (select 1 from org_unit_closure c where c.descendant_id = u.id and c.ancestor_id = any(${roots}::uuid[])))
    + (select count(*) from unnest(${a.personIds}::uuid[]) x(id)
        where not exists (select 1 from person p join org_unit_closure c on c.descendant_id = p.unit_id
                          where p.id = x.id and p.kind = 'employee' and c.ancestor_id = any(${roots}::uuid[])))
    as outside`.execute(db);
  return Number(rows[0]?.outside ?? 1) === 0;
}

/** May the viewer publish to this audience without approval? */
export async function canPublishDirectly(db: Db, v: Viewer | null | undefined, a: ResolvedAudience): Promise<boolean> {
  if (!isEmployee(v)) return false;
  if (canPublishAnywhere(v)) return true;
  if (!isUnitHead(v)) return false;
  return audienceWithinTrees(db, a, v.headOfUnitIds);
}

/**
 * Where a submission goes: the nearest unit, from the author's own upwards, that has an active
 * head other than the author and whose tree holds the whole audience. null → the communications
 * officers' queue (audiences no head can publish to: everyone, roles, partners, other trees).
 */
export async function approverUnitFor(db: Db, author: Viewer, a: ResolvedAudience): Promise<string | null> {
  if (!author.unitId || a.everyone || a.roles.length > 0 || a.partnerOrgIds.length > 0) return null;
  const { rows } = await sql<{ unit_id: string }>`
    select c.ancestor_id as unit_id from org_unit_closure c
    where c.descendant_id = ${author.unitId}
      and exists (select 1 from unit_head uh join person p on p.id = uh.person_id
                  where uh.unit_id = c.ancestor_id and p.status = 'active' and uh.person_id <> ${author.id})
    order by c.depth asc`.execute(db);
  for (const r of rows) {
    if (await audienceWithinTrees(db, a, [r.unit_id])) return r.unit_id;
  }
  return null;
}

/** May the viewer decide this pending approval? Never their own submission. */
export async function canDecideApproval(
  db: Db,
  v: Viewer | null | undefined,
  approval: { author_id: string; approver_unit_id: string | null },
): Promise<boolean> {
  if (!isEmployee(v) || approval.author_id === v.id) return false;
  if (canPublishAnywhere(v)) return true;
  if (!approval.approver_unit_id || v.headOfUnitIds.length === 0) return false;
  const row = await db
    .selectFrom('org_unit_closure')
    .select('depth')
    .where('descendant_id', '=', approval.approver_unit_id)
    .where('ancestor_id', 'in', [...v.headOfUnitIds])
    .executeTakeFirst();
  return !!row;
}

/** The reach figures a viewer may see: all of them, only their own trees, or none. */
export type ReachScope = { kind: 'all' } | { kind: 'trees'; unitIds: string[] } | { kind: 'none' };

export function reachScopeFor(
  v: Viewer | null | undefined,
  a: { author_id: string },
  opts: { isDecider: boolean },
): ReachScope {
  if (!isActive(v) || v.kind !== 'employee') return { kind: 'none' };
  if (canPublishAnywhere(v) || a.author_id === v.id || opts.isDecider) return { kind: 'all' };
  if (isUnitHead(v)) return { kind: 'trees', unitIds: [...v.headOfUnitIds] };
  return { kind: 'none' };
}
