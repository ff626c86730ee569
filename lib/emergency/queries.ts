import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { countAudienceMembers, getAudienceSpec } from '@/lib/audience/queries';
import type { AudienceSpec } from '@/lib/audience/schema';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { emergencyAbilities, requireEmergencyAbility, type EmergencyAbilities } from './abilities';

const requirePlanReader = (viewer: Viewer | null) => requireEmergencyAbility(viewer, 'view');

export async function listPlans(db: Kysely<DB>, viewer: Viewer | null) {
  const v = requirePlanReader(viewer);
  const [plans, activations] = await Promise.all([
    db.selectFrom('emergency_plan as p')
      .select(['p.id', 'p.name', 'p.title', 'p.ack_required as ackRequired', 'p.renotify_minutes as renotifyMinutes', 'p.updated_at as updatedAt',
        (eb) => eb.selectFrom('audience_rule').select((e) => e.fn.countAll<number>().as('n')).whereRef('audience_id', '=', 'p.audience_id').as('ruleCount')])
      .where('p.archived_at', 'is', null).orderBy('p.name').execute(),
    db.selectFrom('emergency_activation as ea').innerJoin('emergency_plan as p', 'p.id', 'ea.plan_id').leftJoin('person as tb', 'tb.id', 'ea.triggered_by')
      .select(['ea.id', 'p.name as planName', 'ea.status', 'ea.triggered_at as triggeredAt', 'ea.closed_at as closedAt', 'tb.name as triggeredBy', 'ea.details'])
      .orderBy('ea.triggered_at', 'desc').limit(20).execute(),
  ]);
  return { can: emergencyAbilities(v), plans, activations };
}

export async function getPlan(db: Kysely<DB>, viewer: Viewer | null, id: string): Promise<{
  can: EmergencyAbilities; id: string; name: string; title: string; bodyMd: string; ackRequired: boolean; renotifyMinutes: number; audience: AudienceSpec; peopleEmails: string[]; audienceSize: number;
}> {
  const v = requirePlanReader(viewer);
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  const p = await db.selectFrom('emergency_plan').selectAll().where('id', '=', id).where('archived_at', 'is', null).executeTakeFirst();
  if (!p) throw new AppError('NOT_FOUND');
  const [audience, audienceSize] = await Promise.all([getAudienceSpec(db, p.audience_id), countAudienceMembers(db, p.audience_id)]);
  const people = audience.people.length ? await db.selectFrom('person').select('email').where('id', 'in', audience.people).execute() : [];
  return {
    can: emergencyAbilities(v), id: p.id, name: p.name, title: p.title, bodyMd: p.body_md, ackRequired: p.ack_required, renotifyMinutes: p.renotify_minutes,
    audience, peopleEmails: people.map((x) => x.email), audienceSize,
  };
}

/**
 * The live roll call of one activation: totals, per unit (or partner organisation), and every
 * person with their state, outstanding first. Three aggregate queries over the receipts.
 */
export async function getRollCall(db: Kysely<DB>, viewer: Viewer | null, activationId: string, opts: { limit?: number } = {}) {
  const v = requirePlanReader(viewer);
  if (!isUuid(activationId)) throw new AppError('NOT_FOUND');
  const act = await db.selectFrom('emergency_activation as ea').innerJoin('emergency_plan as p', 'p.id', 'ea.plan_id')
    .innerJoin('announcement as a', 'a.id', 'ea.announcement_id').leftJoin('org_unit as u', 'u.id', 'a.origin_unit_id')
    .leftJoin('person as tb', 'tb.id', 'ea.triggered_by')
    .select(['ea.id', 'ea.status', 'ea.details', 'ea.triggered_at', 'ea.closed_at', 'ea.renotify_count', 'ea.last_notified_at', 'p.name as plan_name', 'p.renotify_minutes',
      'a.id as announcement_id', 'a.title', 'a.ack_required', 'u.name as unit_name', 'u.name_en as unit_name_en', 'tb.name as triggered_by'])
    .where('ea.id', '=', activationId).executeTakeFirst();
  if (!act) throw new AppError('NOT_FOUND');
  // Acknowledged = acknowledged the current version (or, without acknowledgement, read).
  const done = sql`(case when a.ack_required then r.acked_version = a.version else r.read_at is not null end)`;
  const [totals, units, people] = await Promise.all([
    sql<{ n: number; done: number; read: number }>`
      select count(*)::int as n, count(*) filter (where ${done})::int as done, count(r.read_at)::int as read
      from announcement_recipient r join announcement a on a.id = r.announcement_id where r.announcement_id = ${act.announcement_id}`.execute(db),
    sql<{ unit_id: string | null; unit_name: string | null; unit_name_en: string | null; partner: string | null; n: number; done: number }>`
      select r.unit_id, u.name as unit_name, u.name_en as unit_name_en, po.name as partner, count(*)::int as n, count(*) filter (where ${done})::int as done
      from announcement_recipient r join announcement a on a.id = r.announcement_id
      left join org_unit u on u.id = r.unit_id left join partner_org po on po.id = r.partner_org_id
      where r.announcement_id = ${act.announcement_id}
      group by r.unit_id, u.name, u.name_en, po.name order by count(*) - count(*) filter (where ${done}) desc, u.name`.execute(db),
    sql<{ person_id: string; name: string; name_en: string | null; unit_name: string | null; unit_name_en: string | null; done: boolean; read_at: Date | null; acked_at: Date | null; read_channel: string | null }>`
      select r.person_id, p.name, p.name_en, u.name as unit_name, u.name_en as unit_name_en, coalesce(${done}, false) as done, r.read_at, r.acked_at, r.read_channel
      from announcement_recipient r join announcement a on a.id = r.announcement_id join person p on p.id = r.person_id
      left join org_unit u on u.id = r.unit_id
      where r.announcement_id = ${act.announcement_id}
      order by coalesce(${done}, false), u.name nulls last, p.name limit ${opts.limit ?? 500}`.execute(db),
  ]);
  const t = totals.rows[0];
  return {
    can: emergencyAbilities(v, act),
    id: act.id, status: act.status, details: act.details, triggeredAt: act.triggered_at, closedAt: act.closed_at, triggeredBy: act.triggered_by,
    renotifyCount: act.renotify_count, lastNotifiedAt: act.last_notified_at, renotifyMinutes: act.renotify_minutes, planName: act.plan_name,
    announcementId: act.announcement_id, title: act.title, unitName: act.unit_name, unitNameEn: act.unit_name_en, ackRequired: act.ack_required,
    totals: { size: t?.n ?? 0, acknowledged: t?.done ?? 0, read: t?.read ?? 0, outstanding: (t?.n ?? 0) - (t?.done ?? 0) },
    units: units.rows.map((u) => ({ unitId: u.unit_id, unitName: u.unit_name, unitNameEn: u.unit_name_en, partner: u.partner, size: u.n, acknowledged: u.done })),
    people: people.rows.map((p) => ({ personId: p.person_id, name: p.name, nameEn: p.name_en, unitName: p.unit_name, unitNameEn: p.unit_name_en, acknowledged: p.done, readAt: p.read_at, ackedAt: p.acked_at, channel: p.read_channel })),
  };
}
