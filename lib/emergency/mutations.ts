import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { createAudience } from '@/lib/audience/queries';
import { recordAudit } from '@/lib/audit/record';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError, invalidFields } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import type { RequestMeta } from '@/lib/http/request-meta';
import { isUuid } from '@/lib/ids';
import { defaultDeps, type Deps } from '@/lib/announcements/deps';
import { publishNow, resolveAudience } from '@/lib/announcements/mutations';
import { splitPeople } from '@/lib/announcements/schema';
import { requireEmergencyAbility } from './abilities';
import { fillPlaceholders, planFormSchema, triggerSchema } from './schema';

/** Creates or updates a plan (communications officers and admins). */
export async function savePlan(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: { meta?: RequestMeta } = {}): Promise<{ id: string; created: boolean }> {
  const v = requireEmergencyAbility(viewer, 'editPlans');
  const f = parseInput(planFormSchema, raw);
  const people = splitPeople(f.people);
  const audience = { everyone: f.everyone, units: f.units.map((unitId) => ({ unitId, includeSubUnits: f.includeSubUnits })), roles: f.roles, peopleEmails: people.emails, personIds: people.personIds, partnerOrgs: f.partnerOrgs };
  if (!audience.everyone && audience.units.length + audience.roles.length + audience.peopleEmails.length + audience.personIds.length + audience.partnerOrgs.length === 0) throw invalidFields({ audience: 'announcements.errors.audienceEmpty' });
  return db.transaction().execute(async (trx) => {
    const { spec } = await resolveAudience(trx, audience);
    const audienceId = await createAudience(trx, spec);
    const values = { name: f.name, title: f.title, body_md: f.body, audience_id: audienceId, ack_required: f.ackRequired, renotify_minutes: f.renotifyMinutes, updated_at: new Date() };
    let id = f.id;
    if (id) {
      if (!isUuid(id)) throw new AppError('NOT_FOUND');
      const r = await trx.updateTable('emergency_plan').set(values).where('id', '=', id).where('archived_at', 'is', null).executeTakeFirst();
      if (!r.numUpdatedRows) throw new AppError('NOT_FOUND');
    } else {
      id = (await trx.insertInto('emergency_plan').values({ ...values, origin_unit_id: v.unitId, created_by: v.id }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await recordAudit(trx, { actor: v, action: f.id ? 'emergency.plan_update' : 'emergency.plan_create', target: { type: 'emergency_plan', id, label: f.name }, meta: opts.meta });
    return { id, created: !f.id };
  });
}

export async function archivePlan(db: Kysely<DB>, viewer: Viewer | null, id: string, opts: { meta?: RequestMeta } = {}): Promise<void> {
  const v = requireEmergencyAbility(viewer, 'editPlans');
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  await db.transaction().execute(async (trx) => {
    const p = await trx.updateTable('emergency_plan').set({ archived_at: new Date() }).where('id', '=', id).where('archived_at', 'is', null).returning('name').executeTakeFirst();
    if (!p) throw new AppError('NOT_FOUND');
    await recordAudit(trx, { actor: v, action: 'emergency.plan_archive', target: { type: 'emergency_plan', id, label: p.name }, meta: opts.meta });
  });
}

/**
 * Triggers a plan: an urgent announcement is published at once (no approval), every audience
 * member is mailed immediately by a job, and the roll call starts. Audited.
 */
export async function triggerPlan(
  db: Kysely<DB>,
  viewer: Viewer | null,
  raw: unknown,
  opts: { meta?: RequestMeta; deps?: Deps; locale?: string } = {},
): Promise<{ activationId: string; announcementId: string; audienceSize: number }> {
  const v = requireEmergencyAbility(viewer, 'trigger');
  const parsed = { data: parseInput(triggerSchema, raw) };
  const deps = opts.deps ?? defaultDeps;
  const now = deps.now?.() ?? new Date();
  return db.transaction().execute(async (trx) => {
    const plan = await trx.selectFrom('emergency_plan').selectAll().where('id', '=', parsed.data.planId).where('archived_at', 'is', null).executeTakeFirst();
    if (!plan) throw new AppError('NOT_FOUND');
    const time = new Intl.DateTimeFormat(opts.locale === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short', timeZone: v.timezone }).format(now);
    const body = fillPlaceholders(plan.body_md, { details: parsed.data.details, time, triggeredBy: v.name });
    const { id } = await trx
      .insertInto('announcement')
      .values({
        kind: 'notice', urgency: 'urgent', title: plan.title, body_md: body.slice(0, 20000), origin_unit_id: plan.origin_unit_id ?? v.unitId,
        author_id: v.id, audience_id: plan.audience_id, ack_required: plan.ack_required, status: 'draft', created_at: now, updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const size = await publishNow(trx, id, now, deps, { emergencyPlan: plan.name });
    if (size === 0) throw invalidFields({ details: 'announcements.errors.audienceNobody' });
    const act = await trx
      .insertInto('emergency_activation')
      .values({ plan_id: plan.id, announcement_id: id, details: parsed.data.details, triggered_by: v.id, triggered_at: now, last_notified_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actor: v, action: 'emergency.trigger', target: { type: 'emergency_activation', id: act.id, label: plan.name }, details: { planId: plan.id, announcementId: id, audienceSize: size, details: parsed.data.details }, meta: opts.meta });
    return { activationId: act.id, announcementId: id, audienceSize: size };
  });
}

export async function closeActivation(db: Kysely<DB>, viewer: Viewer | null, activationId: string, opts: { meta?: RequestMeta } = {}): Promise<void> {
  const v = requireEmergencyAbility(viewer, 'close');
  if (!isUuid(activationId)) throw new AppError('NOT_FOUND');
  await db.transaction().execute(async (trx) => {
    const act = await trx.selectFrom('emergency_activation').select(['id', 'status', 'plan_id']).where('id', '=', activationId).forUpdate().executeTakeFirst();
    if (!act) throw new AppError('NOT_FOUND');
    if (act.status !== 'active') throw new AppError('CONFLICT', 'announcements.errors.alreadyClosed');
    await trx.updateTable('emergency_activation').set({ status: 'closed', closed_by: v.id, closed_at: new Date() }).where('id', '=', act.id).execute();
    await recordAudit(trx, { actor: v, action: 'emergency.close', target: { type: 'emergency_activation', id: act.id }, details: { planId: act.plan_id }, meta: opts.meta });
  });
}

/** Re-notifies outstanding people of active emergencies whose interval has passed (the sweep job). */
export async function renotifyDueEmergencies(db: Kysely<DB>, deps: Deps = defaultDeps): Promise<number> {
  const now = deps.now?.() ?? new Date();
  let n = 0;
  for (;;) {
    const claimed = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string; announcement_id: string; renotify_count: number }>`
        select ea.id, ea.announcement_id, ea.renotify_count from emergency_activation ea join emergency_plan p on p.id = ea.plan_id
        where ea.status = 'active' and ea.last_notified_at + make_interval(mins => p.renotify_minutes) <= ${now}
        order by ea.last_notified_at limit 1 for update of ea skip locked`.execute(trx);
      const act = rows[0];
      if (!act) return false;
      const round = act.renotify_count + 1;
      await trx.updateTable('emergency_activation').set({ renotify_count: round, last_notified_at: now }).where('id', '=', act.id).execute();
      await trx.insertInto('announcement_event').values({ announcement_id: act.announcement_id, kind: 'renotified', details: JSON.stringify({ round }), at: now }).execute();
      await deps.enqueue(trx, 'announcements.deliver', { announcementId: act.announcement_id, purpose: 'renotify', tag: `r${round}` });
      return true;
    });
    if (!claimed) return n;
    n += 1;
  }
}
