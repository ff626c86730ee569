import 'server-only';
import { sql, type Kysely } from 'kysely';
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

import {
  builtInDefaults, digestFrequencies, forcedImmediateKinds, kindModes, mailNowFilter, notificationRoleOf, notificationRoles, switchableKinds,
  type DigestFrequency, type KindMode, type NotificationRole, type Preferences,
} from './role-defaults';
export {
  builtInDefaults, digestFrequencies, effectiveDigestSql, forcedImmediateKinds, kindModes, kindModeSql, mailNowFilter, notificationRoleOf, notificationRoles,
  notificationRoleSql, preferenceJoinsSql, switchableKinds,
} from './role-defaults';
export type { DigestFrequency, KindMode, NotificationRole, Preferences } from './role-defaults';

export const preferencesFormSchema = z.object({
  frequency: choice(digestFrequencies),
  hour: z.coerce.number({ error: 'errors.validation.number' }).int({ error: 'errors.validation.number' }).min(0, { error: 'errors.validation.tooSmall' }).max(23, { error: 'errors.validation.tooBig' }),
  weekday: z.coerce.number({ error: 'errors.validation.number' }).int({ error: 'errors.validation.number' }).min(1, { error: 'errors.validation.tooSmall' }).max(7, { error: 'errors.validation.tooBig' }),
  skipWeekends: checkbox,
  sections: list(z.string().refine((k) => digestSections.some((s) => s.key === k), { error: 'notifications.preferences.errors.unknownSection' })),
  ...Object.fromEntries(switchableKinds.map((k) => [`mode.${k}`, choice(kindModes).optional()])),
}) as unknown as z.ZodType<{ frequency: DigestFrequency; hour: number; weekday: number; skipWeekends: boolean; sections: string[] } & Partial<Record<`mode.${NotificationKind}`, KindMode>>>;

function fromForm(f: z.output<typeof preferencesFormSchema>): Preferences {
  const modes = Object.fromEntries(notificationKinds.map((k) => [k, 'immediate'])) as Record<NotificationKind, KindMode>;
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

const prefColumns = ['digest_frequency', 'digest_hour', 'digest_weekday', 'skip_weekends', 'sections', 'kind_modes'] as const;

/** A role's company default: its notification_default row (if an admin set one) over the built-in one. */
function defaultOf(role: NotificationRole, row: PrefRow | undefined): CompanyDefault {
  return { role, prefs: merge(builtInDefaults[role], row), set: row !== undefined };
}

async function companyDefault(db: Kysely<DB>, role: NotificationRole): Promise<CompanyDefault> {
  return defaultOf(role, await db.selectFrom('notification_default').select(prefColumns).where('audience', '=', role).executeTakeFirst());
}

export type OwnPreferences = Preferences & {
  timezone: string;
  forced: readonly NotificationKind[];
  switchable: readonly NotificationKind[];
  /** The role whose defaults apply to the viewer where they chose nothing themselves. */
  role: NotificationRole;
  /** Whether those defaults are the company's (set by an admin) or built in. */
  defaultsFrom: 'company' | 'builtIn';
};

/** The viewer's effective preferences (their own over their role's company default over the role's built-in one). */
export async function getOwnPreferences(db: Kysely<DB>, viewer: Viewer | null): Promise<OwnPreferences> {
  const v = requireViewer(viewer);
  const role = notificationRoleOf(v);
  const base = await companyDefault(db, role);
  const own = await db.selectFrom('notification_preference').select(prefColumns).where('person_id', '=', v.id).executeTakeFirst();
  return { ...merge(base.prefs, own), timezone: v.timezone, forced: forcedImmediateKinds, switchable: switchableKinds, role, defaultsFrom: base.set ? 'company' : 'builtIn' };
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

export const defaultsAudienceSchema = z.object({ audience: choice(notificationRoles) });

export type CompanyDefault = { role: NotificationRole; prefs: Preferences; set: boolean };

/** Company defaults of every role, in the order of notificationRoles (admins only). */
export async function getCompanyDefaults(db: Kysely<DB>, viewer: Viewer | null): Promise<Record<NotificationRole, CompanyDefault>> {
  requireAdmin(viewer);
  const rows = await db.selectFrom('notification_default').select(['audience', ...prefColumns]).execute();
  return Object.fromEntries(notificationRoles.map((role) => [role, defaultOf(role, rows.find((r) => r.audience === role))])) as Record<NotificationRole, CompanyDefault>;
}

/** An admin sets the company default of one role; audited. */
export async function saveCompanyDefaults(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: { meta?: RequestMeta } = {}): Promise<void> {
  const v = requireAdmin(viewer);
  const { audience } = parseInput(defaultsAudienceSchema, raw);
  const p = fromForm(parseInput(preferencesFormSchema, raw));
  const row = { ...rowOf(p), updated_by: v.id };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('notification_default').values({ audience, ...row }).onConflict((oc) => oc.column('audience').doUpdateSet(row)).execute();
    await recordAudit(trx, { actor: v, action: 'notifications.defaults', target: { type: 'notification_default', id: null, label: audience }, details: { role: audience, frequency: p.frequency, hour: p.hour, weekday: p.weekday, skipWeekends: p.skipWeekends, sections: p.sections, modes: p.modes }, meta: opts.meta });
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
