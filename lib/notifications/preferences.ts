import 'server-only';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { requireAdmin, requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { parseInput } from '@/lib/forms/parse';
import { checkbox, choice, list } from '@/lib/forms/schema';
import type { RequestMeta } from '@/lib/http/request-meta';
import { digestSections } from './digest-sections';
import { notificationKinds, type NotificationKind } from './kinds';

/**
 * Per-person notification preferences over company defaults over built-in defaults.
 * A null column in notification_preference means "as the company default"; a missing row in
 * notification_default means "as built in" (below). Urgent events and emergencies always mail
 * at once, whatever anyone chose: those kinds are not switchable.
 */
export const digestFrequencies = ['daily', 'weekly', 'off'] as const;
export type DigestFrequency = (typeof digestFrequencies)[number];
export const kindModes = ['immediate', 'digest', 'in_app'] as const;
export type KindMode = (typeof kindModes)[number];
export type Audience = 'employee' | 'partner';

/** Kinds that always mail at once (not switchable). */
export const forcedImmediateKinds: readonly NotificationKind[] = ['emergency.triggered'];
export const switchableKinds = notificationKinds.filter((k) => !forcedImmediateKinds.includes(k));

export type Preferences = {
  frequency: DigestFrequency;
  hour: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday (weekly digests). */
  weekday: number;
  skipWeekends: boolean;
  /** Digest sections to include; null = all of them (including sections added later). */
  sections: string[] | null;
  modes: Record<NotificationKind, KindMode>;
};

const allImmediate = Object.fromEntries(notificationKinds.map((k) => [k, 'immediate'])) as Record<NotificationKind, KindMode>;

/**
 * Built-in defaults. Employees: a daily digest at 08:00 on working days, announcements mailed at
 * once (as before notifications existed).
 * Partners read the portal less often: a weekly digest on Monday morning.
 */
export const builtInDefaults: Record<Audience, Preferences> = {
  employee: { frequency: 'daily', hour: 8, weekday: 1, skipWeekends: true, sections: null, modes: { ...allImmediate } },
  partner: { frequency: 'weekly', hour: 9, weekday: 1, skipWeekends: true, sections: null, modes: { ...allImmediate } },
};

const lit = (s: string) => sql.lit(s);

/** SQL: the built-in mode of `kind` for person `p`. */
function builtInModeSql(kind: NotificationKind): RawBuilder<string> {
  return sql<string>`case when p.kind = 'partner' then ${lit(builtInDefaults.partner.modes[kind])} else ${lit(builtInDefaults.employee.modes[kind])} end`;
}

/**
 * Whether the person (`p` in the caller's query) gets this kind of event by mail now, as SQL:
 * their own choice, else the company default for their kind of person, else the built-in one.
 * Urgent events and emergencies always mail.
 */
export function mailNowFilter(kind: string, urgent: boolean): RawBuilder<boolean> {
  if (urgent || !(notificationKinds as readonly string[]).includes(kind) || forcedImmediateKinds.includes(kind as NotificationKind)) return sql<boolean>`true`;
  return sql<boolean>`(coalesce(
    (select np.kind_modes ->> ${kind} from notification_preference np where np.person_id = p.id),
    (select nd.kind_modes ->> ${kind} from notification_default nd where nd.audience = p.kind),
    ${builtInModeSql(kind as NotificationKind)}) = 'immediate')`;
}

/**
 * SQL columns of the effective digest settings for person `p`, given joins
 * `left join notification_preference np on np.person_id = p.id` and
 * `left join notification_default nd on nd.audience = p.kind`.
 */
export const effectiveDigestSql = {
  frequency: sql<DigestFrequency>`coalesce(np.digest_frequency, nd.digest_frequency, case when p.kind = 'partner' then ${lit(builtInDefaults.partner.frequency)} else ${lit(builtInDefaults.employee.frequency)} end)`,
  hour: sql<number>`coalesce(np.digest_hour, nd.digest_hour, case when p.kind = 'partner' then ${sql.lit(builtInDefaults.partner.hour)} else ${sql.lit(builtInDefaults.employee.hour)} end)`,
  weekday: sql<number>`coalesce(np.digest_weekday, nd.digest_weekday, case when p.kind = 'partner' then ${sql.lit(builtInDefaults.partner.weekday)} else ${sql.lit(builtInDefaults.employee.weekday)} end)`,
  skipWeekends: sql<boolean>`coalesce(np.skip_weekends, nd.skip_weekends, case when p.kind = 'partner' then ${sql.lit(builtInDefaults.partner.skipWeekends)} else ${sql.lit(builtInDefaults.employee.skipWeekends)} end)`,
  sections: sql<string[] | null>`coalesce(np.sections, nd.sections)`,
};

export const preferencesFormSchema = z.object({
  frequency: choice(digestFrequencies),
  hour: z.coerce.number({ error: 'errors.validation.number' }).int({ error: 'errors.validation.number' }).min(0, { error: 'errors.validation.tooSmall' }).max(23, { error: 'errors.validation.tooBig' }),
  weekday: z.coerce.number({ error: 'errors.validation.number' }).int({ error: 'errors.validation.number' }).min(1, { error: 'errors.validation.tooSmall' }).max(7, { error: 'errors.validation.tooBig' }),
  skipWeekends: checkbox,
  sections: list(z.string().refine((k) => digestSections.some((s) => s.key === k), { error: 'notifications.preferences.errors.unknownSection' })),
  ...Object.fromEntries(switchableKinds.map((k) => [`mode.${k}`, choice(kindModes).optional()])),
}) as unknown as z.ZodType<{ frequency: DigestFrequency; hour: number; weekday: number; skipWeekends: boolean; sections: string[] } & Partial<Record<`mode.${NotificationKind}`, KindMode>>>;

function fromForm(f: z.output<typeof preferencesFormSchema>): Preferences {
  const modes = { ...allImmediate };
  for (const k of switchableKinds) modes[k] = f[`mode.${k}`] ?? 'immediate';
  const all = digestSections.map((s) => s.key);
  const sections = all.every((k) => f.sections.includes(k)) ? null : f.sections;
  return { frequency: f.frequency, hour: f.hour, weekday: f.weekday, skipWeekends: f.skipWeekends, sections, modes };
}

type PrefRow = { digest_frequency: DigestFrequency | null; digest_hour: number | null; digest_weekday: number | null; skip_weekends: boolean | null; sections: string[] | null; kind_modes: unknown };

function merge(base: Preferences, row: PrefRow | undefined): Preferences {
  if (!row) return base;
  const modes = { ...base.modes };
  const km = (row.kind_modes ?? {}) as Record<string, string>;
  for (const k of notificationKinds) if ((kindModes as readonly string[]).includes(km[k])) modes[k] = km[k] as KindMode;
  for (const k of forcedImmediateKinds) modes[k] = 'immediate';
  return {
    frequency: row.digest_frequency ?? base.frequency,
    hour: row.digest_hour ?? base.hour,
    weekday: row.digest_weekday ?? base.weekday,
    skipWeekends: row.skip_weekends ?? base.skipWeekends,
    sections: row.sections ?? base.sections,
    modes,
  };
}

async function companyDefault(db: Kysely<DB>, audience: Audience): Promise<Preferences> {
  const row = await db.selectFrom('notification_default').select(['digest_frequency', 'digest_hour', 'digest_weekday', 'skip_weekends', 'sections', 'kind_modes']).where('audience', '=', audience).executeTakeFirst();
  return merge(builtInDefaults[audience], row);
}

/** The viewer's effective preferences (their own over the company's over the built-in ones). */
export async function getOwnPreferences(db: Kysely<DB>, viewer: Viewer | null): Promise<Preferences & { timezone: string; forced: readonly NotificationKind[]; switchable: readonly NotificationKind[] }> {
  const v = requireViewer(viewer);
  const base = await companyDefault(db, v.kind);
  const own = await db.selectFrom('notification_preference').select(['digest_frequency', 'digest_hour', 'digest_weekday', 'skip_weekends', 'sections', 'kind_modes']).where('person_id', '=', v.id).executeTakeFirst();
  return { ...merge(base, own), timezone: v.timezone, forced: forcedImmediateKinds, switchable: switchableKinds };
}

function rowOf(p: Preferences) {
  const modes: Record<string, KindMode> = {};
  for (const k of switchableKinds) modes[k] = p.modes[k];
  return { digest_frequency: p.frequency, digest_hour: p.hour, digest_weekday: p.weekday, skip_weekends: p.skipWeekends, sections: p.sections, kind_modes: JSON.stringify(modes), updated_at: new Date() };
}

/** A person saves their own preferences (only their own row is touched). */
export async function saveOwnPreferences(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: { meta?: RequestMeta } = {}): Promise<void> {
  const v = requireViewer(viewer);
  const p = fromForm(parseInput(preferencesFormSchema, raw));
  const row = rowOf(p);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('notification_preference').values({ person_id: v.id, ...row }).onConflict((oc) => oc.column('person_id').doUpdateSet(row)).execute();
    await recordAudit(trx, { actor: v, action: 'notifications.preferences', target: { type: 'person', id: v.id, label: v.email }, details: { frequency: p.frequency, hour: p.hour, weekday: p.weekday, skipWeekends: p.skipWeekends, sections: p.sections, modes: p.modes }, meta: opts.meta });
  });
}

/**
 * One-click unsubscribe (from a signed link, no sign-in): turns the person's digest off.
 * Audited with no actor but the person it concerns.
 */
export async function unsubscribeDigest(db: Kysely<DB>, personId: string, opts: { meta?: RequestMeta } = {}): Promise<{ email: string } | null> {
  return db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom('person').select(['id', 'email']).where('id', '=', personId).executeTakeFirst();
    if (!person) return null;
    await trx.insertInto('notification_preference').values({ person_id: personId, digest_frequency: 'off', updated_at: new Date() })
      .onConflict((oc) => oc.column('person_id').doUpdateSet({ digest_frequency: 'off', updated_at: new Date() })).execute();
    await recordAudit(trx, { actor: { id: person.id, email: person.email }, action: 'notifications.unsubscribe', target: { type: 'person', id: person.id, label: person.email }, details: { via: 'link' }, meta: opts.meta });
    return { email: person.email };
  });
}

export const defaultsAudienceSchema = z.object({ audience: choice(['employee', 'partner'] as const) });

/** Company defaults, for admins only. */
export async function getCompanyDefaults(db: Kysely<DB>, viewer: Viewer | null): Promise<Record<Audience, Preferences>> {
  requireAdmin(viewer);
  return { employee: await companyDefault(db, 'employee'), partner: await companyDefault(db, 'partner') };
}

/** An admin sets the company default for employees or partners; audited. */
export async function saveCompanyDefaults(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: { meta?: RequestMeta } = {}): Promise<void> {
  const v = requireAdmin(viewer);
  const { audience } = parseInput(defaultsAudienceSchema, raw);
  const p = fromForm(parseInput(preferencesFormSchema, raw));
  const row = { ...rowOf(p), updated_by: v.id };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('notification_default').values({ audience, ...row }).onConflict((oc) => oc.column('audience').doUpdateSet(row)).execute();
    await recordAudit(trx, { actor: v, action: 'notifications.defaults', target: { type: 'notification_default', id: null, label: audience }, details: { frequency: p.frequency, hour: p.hour, weekday: p.weekday, skipWeekends: p.skipWeekends, sections: p.sections, modes: p.modes }, meta: opts.meta });
  });
}

/** Of these people, those who get this kind by mail now (one query). */
export async function whoWantsMailNow(db: Kysely<DB>, personIds: readonly string[], kind: NotificationKind, urgent = false): Promise<string[]> {
  if (personIds.length === 0) return [];
  const { rows } = await sql<{ id: string }>`select p.id from person p where p.id = any(${[...personIds]}::uuid[]) and ${mailNowFilter(kind, urgent)}`.execute(db);
  return rows.map((r) => r.id);
}

export async function wantsMailNow(db: Kysely<DB>, personId: string, kind: NotificationKind, urgent = false): Promise<boolean> {
  return (await whoWantsMailNow(db, [personId], kind, urgent)).length > 0;
}
