import 'server-only';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError, invalidFields } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import type { RequestMeta } from '@/lib/http/request-meta';
import { requireArea } from './access';
import { confirmersSchema, ownersSchema } from './schema';

/**
 * Admins and communications officers set a supplier's internal owners (buyers and planners, as
 * people or units), its lead time and the days it has to answer. The whole set is replaced in one
 * transaction and audited with before and after.
 */
export async function setSupplierOwners(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: { meta?: RequestMeta } = {}): Promise<void> {
  const v = await requireArea(db, viewer, 'manageOwners');
  const f = parseInput(ownersSchema, raw);
  await db.transaction().execute(async (trx) => {
    const org = await trx.selectFrom('partner_org').select(['id', 'name', 'type']).where('id', '=', f.supplierId).forUpdate().executeTakeFirst();
    if (!org) throw new AppError('NOT_FOUND');
    if (org.type !== 'supplier') throw new AppError('CONFLICT', 'orders.owners.notSupplier');
    const people = [...new Set([...f.buyerPeople, ...f.plannerPeople])];
    if (people.length) {
      const ok = await trx.selectFrom('person').select('id').where('id', 'in', people).where('kind', '=', 'employee').where('status', '=', 'active').execute();
      if (ok.length !== people.length) {
        const bad = new Set(people.filter((p) => !ok.some((o) => o.id === p)));
        throw invalidFields(f.buyerPeople.some((p) => bad.has(p)) ? { buyerPeople: 'orders.errors.ownerNotEmployee' } : { plannerPeople: 'orders.errors.ownerNotEmployee' });
      }
    }
    const units = [...new Set([...f.buyerUnits, ...f.plannerUnits])];
    if (units.length) {
      const ok = await trx.selectFrom('org_unit').select('id').where('id', 'in', units).execute();
      if (ok.length !== units.length) throw invalidFields({ buyerUnits: 'errors.validation.invalid' });
    }
    const before = await trx.selectFrom('supplier_owner').select(['role', 'person_id', 'unit_id']).where('partner_org_id', '=', f.supplierId).execute();
    await trx.deleteFrom('supplier_owner').where('partner_org_id', '=', f.supplierId).execute();
    const rows = [
      ...[...new Set(f.buyerPeople)].map((p) => ({ role: 'buyer' as const, person_id: p, unit_id: null })),
      ...[...new Set(f.buyerUnits)].map((u) => ({ role: 'buyer' as const, person_id: null, unit_id: u })),
      ...[...new Set(f.plannerPeople)].map((p) => ({ role: 'planner' as const, person_id: p, unit_id: null })),
      ...[...new Set(f.plannerUnits)].map((u) => ({ role: 'planner' as const, person_id: null, unit_id: u })),
    ];
    if (rows.length) await trx.insertInto('supplier_owner').values(rows.map((r) => ({ ...r, partner_org_id: f.supplierId, created_by: v.id }))).execute();
    await trx
      .insertInto('supplier_setting')
      .values({ partner_org_id: f.supplierId, lead_time_days: f.leadTimeDays, confirm_within_days: f.confirmWithinDays })
      .onConflict((oc) => oc.column('partner_org_id').doUpdateSet({ lead_time_days: f.leadTimeDays, confirm_within_days: f.confirmWithinDays, updated_at: new Date() }))
      .execute();
    await recordAudit(trx, {
      actor: v, action: 'orders.owners.set', target: { type: 'partner_org', id: org.id, label: org.name },
      details: { before, after: rows, leadTimeDays: f.leadTimeDays, confirmWithinDays: f.confirmWithinDays }, meta: opts.meta,
    });
  });
}

/** The supplier's partner admin chooses who may confirm orders (restricted or everyone). Audited. */
export async function setConfirmers(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: { meta?: RequestMeta } = {}): Promise<void> {
  const v = await requireArea(db, viewer, 'manageConfirmers');
  const f = parseInput(confirmersSchema, raw);
  const org = v.partnerOrgId!;
  await db.transaction().execute(async (trx) => {
    const people = [...new Set(f.people)];
    if (people.length) {
      const ok = await trx.selectFrom('person').select('id').where('id', 'in', people).where('partner_org_id', '=', org).where('kind', '=', 'partner').execute();
      if (ok.length !== people.length) throw invalidFields({ people: 'orders.errors.confirmerNotMember' });
    }
    await trx.deleteFrom('supplier_confirmer').where('partner_org_id', '=', org).execute();
    if (people.length) await trx.insertInto('supplier_confirmer').values(people.map((p) => ({ partner_org_id: org, person_id: p }))).execute();
    await trx
      .insertInto('supplier_setting')
      .values({ partner_org_id: org, restrict_confirmers: f.restrict })
      .onConflict((oc) => oc.column('partner_org_id').doUpdateSet({ restrict_confirmers: f.restrict, updated_at: new Date() }))
      .execute();
    await recordAudit(trx, { actor: v, action: 'orders.confirmers.set', target: { type: 'partner_org', id: org, label: org }, details: { restrict: f.restrict, people }, meta: opts.meta });
  });
}

/** The confirmer setting of the viewer's own organisation (partner admin page). */
export async function getConfirmers(db: Kysely<DB>, viewer: Viewer | null) {
  const v = await requireArea(db, viewer, 'manageConfirmers');
  const org = v.partnerOrgId!;
  const s = await db.selectFrom('supplier_setting').select('restrict_confirmers').where('partner_org_id', '=', org).executeTakeFirst();
  const people = await db.selectFrom('supplier_confirmer as c').innerJoin('person as p', 'p.id', 'c.person_id').select(['p.id', 'p.name', 'p.email']).where('c.partner_org_id', '=', org).execute();
  const members = await db.selectFrom('person').select(['id', 'name', 'email']).where('partner_org_id', '=', org).where('kind', '=', 'partner').where('status', '=', 'active').orderBy('name').limit(500).execute();
  return { restrict: s?.restrict_confirmers ?? false, people, members };
}
