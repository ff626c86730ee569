import 'server-only';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { orderAbilities, orderAreaAbilities, requireOrderArea, type OrderAbilities, type OrderAreaAbilities, type OrderFacts } from './abilities';
import type { OwnerRole } from './schema';
import { personHasRoleSql, personHeadsUnitSql } from '@/lib/authz/person-sql';

export type Db = Kysely<DB> | Transaction<DB>;

/**
 * SQL: the supplier_owner row `so` makes the viewer (an employee) an owner — named, or through
 * their unit. Heads: the owner unit (or the owner person's unit) lies in a tree they head.
 */
export function ownsSql(viewer: Viewer): RawBuilder<boolean> {
  return sql<boolean>`(so.person_id = ${viewer.id}::uuid or so.unit_id = ${viewer.unitId}::uuid)`;
}
export function headsOwnerSql(viewer: Viewer): RawBuilder<boolean> {
  const heads = [...viewer.headOfUnitIds];
  if (heads.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(
    so.unit_id in (select c.descendant_id from org_unit_closure c where c.ancestor_id = any(${heads}::uuid[]))
    or so.person_id in (select p.id from person p join org_unit_closure c on c.descendant_id = p.unit_id where c.ancestor_id = any(${heads}::uuid[])))`;
}

async function loadRow(db: Db, viewer: Viewer, id: string, forUpdate: boolean) {
  let q = db
    .selectFrom('purchase_order as o')
    .innerJoin('partner_org as org', 'org.id', 'o.partner_org_id')
    .selectAll('o')
    .select(['org.name as supplier_name', 'org.name_en as supplier_name_en', 'org.status as supplier_status'])
    .select(sql<number>`(select count(*) from purchase_order_line l where l.order_id = o.id and l.status = 'confirmed')::int`.as('active_lines'))
    .where('o.id', '=', id);
  if (forUpdate) q = q.forUpdate('o');
  return q.executeTakeFirst();
}

export type OrderRow = NonNullable<Awaited<ReturnType<typeof loadRow>>>;
export type OrderAccess = { viewer: Viewer; row: OrderRow; facts: OrderFacts; can: OrderAbilities; leadTimeDays: number; confirmWithinDays: number };

/** The viewer's roles for one supplier and whether they head an owner (employees only). */
async function ownerFacts(db: Db, viewer: Viewer, partnerOrgId: string): Promise<{ roles: OwnerRole[]; heads: boolean }> {
  if (viewer.kind !== 'employee') return { roles: [], heads: false };
  const rows = await db
    .selectFrom('supplier_owner as so')
    .select(['so.role', sql<boolean>`${ownsSql(viewer)}`.as('own'), sql<boolean>`${headsOwnerSql(viewer)}`.as('head')])
    .where('so.partner_org_id', '=', partnerOrgId)
    .execute();
  return { roles: [...new Set(rows.filter((r) => r.own).map((r) => r.role))], heads: rows.some((r) => r.head) };
}

/** Whether a partner may answer orders of their organisation (its partner admin may restrict it). */
async function mayConfirmFor(db: Db, viewer: Viewer, partnerOrgId: string): Promise<boolean> {
  if (viewer.kind !== 'partner' || viewer.partnerOrgId !== partnerOrgId) return false;
  if (viewer.roles.includes('partner_admin')) return true;
  const s = await db
    .selectFrom('supplier_setting')
    .select(['restrict_confirmers', sql<boolean>`exists (select 1 from supplier_confirmer c where c.partner_org_id = supplier_setting.partner_org_id and c.person_id = ${viewer.id})`.as('named')])
    .where('partner_org_id', '=', partnerOrgId)
    .executeTakeFirst();
  return !s || !s.restrict_confirmers || s.named;
}

export async function supplierSettings(db: Db, partnerOrgId: string): Promise<{ leadTimeDays: number; confirmWithinDays: number; restrictConfirmers: boolean }> {
  const s = await db.selectFrom('supplier_setting').select(['lead_time_days', 'confirm_within_days', 'restrict_confirmers']).where('partner_org_id', '=', partnerOrgId).executeTakeFirst();
  return { leadTimeDays: s?.lead_time_days ?? 7, confirmWithinDays: s?.confirm_within_days ?? 3, restrictConfirmers: s?.restrict_confirmers ?? false };
}

/**
 * Loads one order and what the viewer may do with it. Anyone who may not see it gets NOT_FOUND
 * (partners: the same answer as for an unknown id) or FORBIDDEN (employees).
 */
export async function loadOrderAccess(db: Db, viewer: Viewer | null, id: string, opts: { forUpdate?: boolean } = {}): Promise<OrderAccess> {
  const v = requireViewer(viewer);
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  const row = await loadRow(db, v, id, opts.forUpdate ?? false);
  if (!row) throw new AppError('NOT_FOUND');
  if (v.kind === 'partner' && (v.partnerOrgId !== row.partner_org_id || row.status === 'draft')) throw new AppError('NOT_FOUND');
  const [owner, mayConfirm, settings] = await Promise.all([ownerFacts(db, v, row.partner_org_id), mayConfirmFor(db, v, row.partner_org_id), supplierSettings(db, row.partner_org_id)]);
  const facts: OrderFacts = {
    partnerOrgId: row.partner_org_id,
    status: row.status,
    hidePrices: row.hide_prices,
    buyerId: row.buyer_id,
    ownerRoles: owner.roles,
    headsOwner: owner.heads,
    mayConfirm,
    openLines: row.open_lines,
    proposedLines: row.proposed_lines,
    activeLines: row.active_lines,
  };
  const can = orderAbilities(v, facts);
  if (!can.view) throw new AppError(v.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  return { viewer: v, row, facts, can, leadTimeDays: settings.leadTimeDays, confirmWithinDays: settings.confirmWithinDays };
}

/** The viewer's area abilities (one query: owner of any supplier, buyer of any, partner organisation type). */
export async function loadOrderArea(db: Db, viewer: Viewer | null): Promise<{ viewer: Viewer; area: OrderAreaAbilities }> {
  const v = requireViewer(viewer);
  if (v.kind === 'partner') {
    const org = v.partnerOrgId ? await db.selectFrom('partner_org').select(['type', 'status']).where('id', '=', v.partnerOrgId).executeTakeFirst() : undefined;
    return { viewer: v, area: orderAreaAbilities(v, { ownerOfAny: false, buyerOfAny: false, partnerOrgType: org && org.status === 'active' ? org.type : null }) };
  }
  const r = await db
    .selectFrom('supplier_owner as so')
    .select([sql<boolean>`bool_or(true)`.as('any'), sql<boolean>`coalesce(bool_or(so.role = 'buyer'), false)`.as('buyer')])
    .where(sql<boolean>`${ownsSql(v)}`)
    .executeTakeFirst();
  return { viewer: v, area: orderAreaAbilities(v, { ownerOfAny: !!r?.any, buyerOfAny: !!r?.buyer, partnerOrgType: null }) };
}

export async function requireArea(db: Db, viewer: Viewer | null, ability: keyof OrderAreaAbilities): Promise<Viewer> {
  const { viewer: v, area } = await loadOrderArea(db, viewer);
  return requireOrderArea(v, area, ability);
}

/**
 * The suppliers whose orders an employee sees in lists: null = all (admins); otherwise the ids of
 * suppliers they own (named, through their unit) or whose owners lie in a tree they head.
 * Orders they are the buyer of are added by the list query itself.
 */
export async function visibleSupplierIds(db: Db, viewer: Viewer): Promise<string[] | null> {
  if (viewer.kind !== 'employee') return [];
  if (viewer.roles.includes('admin')) return null;
  const rows = await db
    .selectFrom('supplier_owner as so')
    .select('so.partner_org_id')
    .distinct()
    .where(sql<boolean>`(${ownsSql(viewer)} or ${headsOwnerSql(viewer)})`)
    .execute();
  return rows.map((r) => r.partner_org_id);
}

/** Whether a buyer may create orders for this supplier (admins: any active supplier). */
export async function mayBuyFrom(db: Db, viewer: Viewer, partnerOrgId: string): Promise<boolean> {
  if (viewer.kind !== 'employee') return false;
  const org = await db.selectFrom('partner_org').select(['type', 'status']).where('id', '=', partnerOrgId).executeTakeFirst();
  if (!org || org.type !== 'supplier' || org.status !== 'active') return false;
  if (viewer.roles.includes('admin')) return true;
  const { roles } = await ownerFacts(db, viewer, partnerOrgId);
  return roles.includes('buyer');
}

/**
 * SQL: person row `p` (an alias of `person` in the caller's query) may see order `orderId` —
 * orderAbilities(...).view as a correlated EXISTS on indexed keys, for callers that ask about many
 * people at once (the notification centre, the bell and the digest). Keep it in step with
 * orderAbilities, ownsSql and headsOwnerSql: employees who are admins, the order's buyer, an owner
 * of its supplier (named or through their unit) or the head of a tree containing such an owner;
 * members of the supplier itself once the order is no longer a draft. Nobody else.
 */
export function orderVisibleToPersonSql(orderId: RawBuilder<unknown>, p = 'p'): RawBuilder<boolean> {
  const id = sql.ref(`${p}.id`);
  const kind = sql.ref(`${p}.kind`);
  return sql<boolean>`exists (select 1 from purchase_order o where o.id = ${orderId} and (
    (${kind} = 'partner' and o.partner_org_id = ${sql.ref(`${p}.partner_org_id`)} and o.status <> 'draft')
    or (${kind} = 'employee' and (
      o.buyer_id = ${id}
      or ${personHasRoleSql(id, 'admin')}
      or exists (select 1 from supplier_owner so where so.partner_org_id = o.partner_org_id and (
        so.person_id = ${id} or so.unit_id = ${sql.ref(`${p}.unit_id`)}
        or ${personHeadsUnitSql(id, sql`so.unit_id`)}
        or ${personHeadsUnitSql(id, sql`(select op.unit_id from person op where op.id = so.person_id)`)}))))))`;
}
