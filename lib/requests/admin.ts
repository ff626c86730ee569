import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { isUniqueViolation } from '@/db/errors';
import { recordAudit } from '@/lib/audit/record';
import { requireAdmin } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError, invalidFields } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import type { RequestMeta } from '@/lib/http/request-meta';
import { formatPeriods, parsePeriods } from './calendar';
import { requestDueRecompute } from './recompute';
import { calendarEntrySchema, calendarSettingsSchema, idOnly, policySchema, reopenDaysSchema, routeSchema } from './schema';

type Opts = { meta?: RequestMeta };

/** Everything /admin/requests shows: routing rules, SLA policies, the working calendar, the reopen period. Admins only. */
export async function getRequestSettings(db: Kysely<DB>, viewer: Viewer | null, opts: { year?: number } = {}) {
  requireAdmin(viewer);
  const year = opts.year && opts.year >= 2000 && opts.year <= 2100 ? opts.year : new Date().getUTCFullYear();
  const [routes, policies, cal, setting] = await Promise.all([
    db.selectFrom('request_route as r').innerJoin('org_unit as u', 'u.id', 'r.unit_id')
      .select(['r.id', 'r.request_type as type', 'r.topic', 'u.id as unitId', 'u.name as unitName', 'u.name_en as unitNameEn'])
      .orderBy(sql`r.request_type is null`, 'desc').orderBy('r.request_type').orderBy('r.topic').execute(),
    db.selectFrom('request_sla_policy').select(['request_type as type', 'priority', 'first_response_minutes as firstMin', 'resolution_minutes as resolutionMin']).execute(),
    db.selectFrom('work_calendar').select(['id', 'name', 'time_zone as timeZone', 'weekdays', 'periods']).where('is_default', '=', true).executeTakeFirstOrThrow(),
    db.selectFrom('request_setting').select('reopen_days').executeTakeFirstOrThrow(),
  ]);
  const entries = await db.selectFrom('work_calendar_entry')
    .select(['id', 'kind', sql<string>`to_char(start_day, 'YYYY-MM-DD')`.as('startDay'), sql<string>`to_char(end_day, 'YYYY-MM-DD')`.as('endDay'), 'name', 'name_en as nameEn', 'source'])
    .where('calendar_id', '=', cal.id)
    .where('end_day', '>=', sql<Date>`make_date(${year}, 1, 1)`).where('start_day', '<=', sql<Date>`make_date(${year}, 12, 31)`)
    .orderBy('start_day').execute();
  return { routes, policies, calendar: { ...cal, periodsText: formatPeriods(cal.periods as [number, number][]) }, entries, year, reopenDays: setting.reopen_days };
}

export async function saveRoute(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<void> {
  const v = requireAdmin(viewer);
  const f = parseInput(routeSchema, raw);
  const unitId = f.unit[0];
  await db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom('org_unit').select('name').where('id', '=', unitId).executeTakeFirst();
    if (!unit) throw invalidFields({ unit: 'requests.errors.unitInvalid' });
    try {
      const r = await trx.insertInto('request_route').values({ request_type: f.type || null, topic: f.topic, unit_id: unitId }).returning('id').executeTakeFirstOrThrow();
      await recordAudit(trx, { actor: v, action: 'request.route_add', target: { type: 'request_route', id: r.id, label: unit.name }, details: { type: f.type || null, topic: f.topic }, meta: opts.meta });
    } catch (e) {
      if (isUniqueViolation(e)) throw invalidFields({ topic: 'requests.errors.routeTaken' }, undefined, 'CONFLICT');
      throw e;
    }
  });
}

export async function deleteRoute(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<void> {
  const v = requireAdmin(viewer);
  const { id } = parseInput(idOnly, raw);
  await db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('request_route').where('id', '=', id).returning(['request_type', 'topic']).executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND');
    await recordAudit(trx, { actor: v, action: 'request.route_remove', target: { type: 'request_route', id }, details: r, meta: opts.meta });
  });
}

/** Saves one SLA policy (hours → working minutes). Zero or negative times are refused by the schema and the CHECK. */
export async function savePolicy(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<void> {
  const v = requireAdmin(viewer);
  const f = parseInput(policySchema, raw);
  const first = Math.max(1, Math.round(f.firstResponseHours * 60));
  const resolution = Math.max(first, Math.round(f.resolutionHours * 60));
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('request_sla_policy').values({ request_type: f.type, priority: f.priority, first_response_minutes: first, resolution_minutes: resolution })
      .onConflict((oc) => oc.columns(['request_type', 'priority']).doUpdateSet({ first_response_minutes: first, resolution_minutes: resolution, updated_at: new Date() }))
      .execute();
    // Open requests of this type and priority follow the new targets (the first-response one only
    // while it still runs); their due times are recomputed by the requests.recompute-due job.
    const moved = await trx.updateTable('request')
      .set((eb) => ({
        first_target_min: eb.case().when('first_response_at', 'is', null).then(first).else(eb.ref('first_target_min')).end(),
        resolve_target_min: resolution,
      }))
      .where('request_type', '=', f.type).where('priority', '=', f.priority).where('status', 'in', ['new', 'open', 'waiting'])
      .executeTakeFirst();
    await requestDueRecompute(trx);
    await recordAudit(trx, { actor: v, action: 'request.policy_save', target: { type: 'request_sla_policy', label: `${f.type}/${f.priority}` }, details: { first, resolution, openRequests: Number(moved.numUpdatedRows) }, meta: opts.meta });
  });
}

/** Adds a holiday block or make-up workday; inverted and overlapping entries are refused (under a lock on the calendar). */
export async function addCalendarEntry(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<void> {
  const v = requireAdmin(viewer);
  const f = parseInput(calendarEntrySchema, raw);
  await db.transaction().execute(async (trx) => {
    const cal = await trx.selectFrom('work_calendar').select('id').where('is_default', '=', true).forUpdate().executeTakeFirstOrThrow();
    const clash = await trx.selectFrom('work_calendar_entry')
      .select(['name', sql<string>`to_char(start_day, 'YYYY-MM-DD')`.as('from'), sql<string>`to_char(end_day, 'YYYY-MM-DD')`.as('to')])
      .where('calendar_id', '=', cal.id).where('start_day', '<=', sql<Date>`${f.endDay}::date`).where('end_day', '>=', sql<Date>`${f.startDay}::date`)
      .limit(1).executeTakeFirst();
    if (clash) throw invalidFields({ startDay: { key: 'requests.errors.entryOverlap', params: { name: clash.name, from: clash.from, to: clash.to } } }, undefined, 'CONFLICT');
    const r = await trx.insertInto('work_calendar_entry')
      .values({ calendar_id: cal.id, kind: f.kind, start_day: sql<Date>`${f.startDay}::date`, end_day: sql<Date>`${f.endDay}::date`, name: f.name, name_en: f.nameEn, source: v.email })
      .returning('id').executeTakeFirstOrThrow();
    await requestDueRecompute(trx);
    await recordAudit(trx, { actor: v, action: 'request.calendar_add', target: { type: 'work_calendar_entry', id: r.id, label: f.name }, details: { kind: f.kind, from: f.startDay, to: f.endDay }, meta: opts.meta });
  });
}

export async function deleteCalendarEntry(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<void> {
  const v = requireAdmin(viewer);
  const { id } = parseInput(idOnly, raw);
  await db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('work_calendar_entry').where('id', '=', id).returning(['name', 'kind']).executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND');
    await requestDueRecompute(trx);
    await recordAudit(trx, { actor: v, action: 'request.calendar_remove', target: { type: 'work_calendar_entry', id, label: r.name }, details: r, meta: opts.meta });
  });
}

export async function saveCalendarSettings(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<void> {
  const v = requireAdmin(viewer);
  const f = parseInput(calendarSettingsSchema, raw);
  const periods = parsePeriods(f.periods);
  if (!periods) throw invalidFields({ periods: 'requests.errors.periodsInvalid' });
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('work_calendar').set({ time_zone: f.timeZone, weekdays: f.weekdays.map(Number), periods: JSON.stringify(periods), updated_at: new Date() }).where('is_default', '=', true).execute();
    await requestDueRecompute(trx);
    await recordAudit(trx, { actor: v, action: 'request.calendar_settings', target: { type: 'work_calendar' }, details: { timeZone: f.timeZone, weekdays: f.weekdays, periods }, meta: opts.meta });
  });
}

export async function saveReopenDays(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<void> {
  const v = requireAdmin(viewer);
  const f = parseInput(reopenDaysSchema, raw);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('request_setting').set({ reopen_days: f.reopenDays }).execute();
    await recordAudit(trx, { actor: v, action: 'request.reopen_days', target: { type: 'request_setting' }, details: { reopenDays: f.reopenDays }, meta: opts.meta });
  });
}
