import 'server-only';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { requestAbilities, requestAreaAbilities, type RequestAbilities, type RequestAreaAbilities, type RequestFacts } from './abilities';
import { personHasRoleSql, personHeadsUnitSql } from '@/lib/authz/person-sql';

type Db = Kysely<DB> | Transaction<DB>;

const DAY = 86_400_000;

/** The request row with what access needs, or NOT_FOUND. */
async function loadRow(db: Db, viewer: Viewer, id: string, forUpdate: boolean) {
  let q = db
    .selectFrom('request as r')
    .selectAll('r')
    .select([
      sql<number>`(select reopen_days from request_setting limit 1)`.as('reopen_days'),
      sql<boolean>`exists (select 1 from org_unit_closure c where c.descendant_id = r.unit_id and c.ancestor_id = any(${[...viewer.headOfUnitIds]}::uuid[]))`.as('heads_unit'),
    ])
    .where('r.id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

export type RequestRow = Awaited<ReturnType<typeof loadRow>>;
export type RequestAccess = { viewer: Viewer; row: RequestRow; facts: RequestFacts; can: RequestAbilities };

/**
 * Loads one request and what the viewer may do with it. Anyone who may not see it gets
 * NOT_FOUND (partners) or FORBIDDEN (employees) — the same answer as for an unknown id for partners.
 */
export async function loadRequestAccess(db: Db, viewer: Viewer | null, id: string, opts: { forUpdate?: boolean; now?: Date } = {}): Promise<RequestAccess> {
  const v = requireViewer(viewer);
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  const row = await loadRow(db, v, id, opts.forUpdate ?? false);
  const now = opts.now ?? new Date();
  const endedAt = row.status === 'resolved' ? row.resolved_at : row.status === 'closed' ? (row.resolved_at ?? row.closed_at) : null;
  const facts: RequestFacts = {
    partnerOrgId: row.partner_org_id,
    requesterId: row.requester_id,
    sharedWithOrg: row.shared_with_org,
    unitId: row.unit_id,
    assigneeId: row.assignee_id,
    status: row.status,
    rated: row.rating !== null,
    inUnit: v.kind === 'employee' && v.unitId === row.unit_id,
    headsUnit: v.kind === 'employee' && row.heads_unit,
    reopenUntil: endedAt ? new Date(endedAt.getTime() + row.reopen_days * DAY) : null,
    now,
  };
  const can = requestAbilities(v, facts);
  if (!can.view) throw new AppError(v.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  return { viewer: v, row, facts, can };
}

/** The viewer's area abilities (the partner organisation's type decides whether they file requests). */
export async function loadAreaAbilities(db: Db, viewer: Viewer | null): Promise<{ viewer: Viewer; area: RequestAreaAbilities; orgType: string | null }> {
  const v = requireViewer(viewer);
  let orgType: string | null = null;
  if (v.kind === 'partner' && v.partnerOrgId) {
    const org = await db.selectFrom('partner_org').select(['type', 'status']).where('id', '=', v.partnerOrgId).executeTakeFirst();
    orgType = org && org.status === 'active' ? org.type : null;
  }
  return { viewer: v, area: requestAreaAbilities(v, { partnerOrgType: orgType }), orgType };
}

export async function requireArea(db: Db, viewer: Viewer | null, ability: keyof RequestAreaAbilities): Promise<Viewer> {
  const { viewer: v, area } = await loadAreaAbilities(db, viewer);
  if (!area[ability]) throw new AppError(v.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  return v;
}

/**
 * SQL: person row `p` (an alias of `person` in the caller's query) may see request `requestId` —
 * requestAbilities(...).view as a correlated EXISTS on indexed keys, for callers that ask about
 * many people at once (the notification centre, the bell and the digest). Keep it in step with
 * isRequestStaff and requestAbilities: staff (admins, the request's unit, heads of a tree
 * containing it, its assignee); on the customer's side the requester, their organisation's
 * partner admins, and its members when the request is shared with the organisation.
 */
export function requestVisibleToPersonSql(requestId: RawBuilder<unknown>, p = 'p'): RawBuilder<boolean> {
  const id = sql.ref(`${p}.id`);
  const kind = sql.ref(`${p}.kind`);
  return sql<boolean>`exists (select 1 from request r where r.id = ${requestId} and (
    (${kind} = 'employee' and (
      r.unit_id = ${sql.ref(`${p}.unit_id`)} or r.assignee_id = ${id}
      or ${personHasRoleSql(id, 'admin')}
      or ${personHeadsUnitSql(id, sql`r.unit_id`)}))
    or (${kind} = 'partner' and r.partner_org_id = ${sql.ref(`${p}.partner_org_id`)} and (
      r.requester_id = ${id} or r.shared_with_org
      or ${personHasRoleSql(id, 'partner_admin')}))))`;
}
