import { sql, type RawBuilder } from 'kysely';
import type { Viewer } from '@/lib/authz/viewer';
import { notificationKinds, type NotificationKind } from './kinds';
import { personHasRoleSql } from '@/lib/authz/person-sql';

/**
 * Per-person notification preferences over company defaults over built-in defaults, by role.
 * A null column in notification_preference means "as the company default"; a missing row (or a
 * kind missing from its kind_modes) in notification_default means "as built in" (below).
 * Urgent events and emergencies always mail at once, whatever anyone chose: those kinds are not
 * switchable. Decision: docs/decisions/2300-notification-visibility-and-role-defaults.md.
 */
export const digestFrequencies = ['daily', 'weekly', 'off'] as const;
export type DigestFrequency = (typeof digestFrequencies)[number];
export const kindModes = ['immediate', 'digest', 'in_app'] as const;
export type KindMode = (typeof kindModes)[number];

/**
 * The roles company defaults are set for (notification_default.audience). 'employee' is the plain
 * employee and 'partner' the partner member (the values the table held before roles).
 */
export const notificationRoles = ['employee', 'unit_head', 'comms_officer', 'admin', 'partner', 'partner_admin'] as const;
export type NotificationRole = (typeof notificationRoles)[number];

/**
 * A person's defaults come from their MOST SPECIFIC role, one role only (no blending):
 * employees admin > communications officer > department head (heads a unit) > employee;
 * partners partner admin > partner member.
 */
export function notificationRoleOf(v: Pick<Viewer, 'kind' | 'roles' | 'headOfUnitIds'>): NotificationRole {
  if (v.kind === 'partner') return v.roles.includes('partner_admin') ? 'partner_admin' : 'partner';
  if (v.roles.includes('admin')) return 'admin';
  if (v.roles.includes('comms_officer')) return 'comms_officer';
  return v.headOfUnitIds.length > 0 ? 'unit_head' : 'employee';
}

/** notificationRoleOf as SQL over person row `p` (the caller's alias): three probes on primary keys. */
export function notificationRoleSql(p = 'p'): RawBuilder<NotificationRole> {
  const id = sql.ref(`${p}.id`);
  const role = (r: string) => personHasRoleSql(id, r);
  return sql<NotificationRole>`(case when ${sql.ref(`${p}.kind`)} = 'partner' then (case when ${role('partner_admin')} then 'partner_admin' else 'partner' end)
    when ${role('admin')} then 'admin' when ${role('comms_officer')} then 'comms_officer'
    when exists (select 1 from unit_head uh where uh.person_id = ${id}) then 'unit_head' else 'employee' end)`;
}

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

/** Every kind mailed at once except the given ones (what waits on the person mails; what is good to know waits for the digest). */
function modes(digestOnly: readonly NotificationKind[]): Record<NotificationKind, KindMode> {
  return Object.fromEntries(notificationKinds.map((k) => [k, digestOnly.includes(k) ? 'digest' : 'immediate'])) as Record<NotificationKind, KindMode>;
}

/** Good to know, nothing to do: the digest carries them for every employee role. */
const employeeFyi: readonly NotificationKind[] = ['tasks.accepted', 'orders.shipped'];
/** Good to know for partners: the digest carries them (their organisation's items mail at once). */
const partnerFyi: readonly NotificationKind[] = [...employeeFyi, 'meetings.minutes_published'];
/** …and for plain employees also: a new customer request to the whole unit (the assignment is what is personal), minutes. */
const plainEmployeeFyi: readonly NotificationKind[] = [...employeeFyi, 'request.submitted', 'meetings.minutes_published'];

/**
 * Built-in defaults per role (the company's own, set on /admin/notifications, come first).
 * - employees: a daily digest at 08:00 on working days; what waits on them mails at once
 *   (announcements as before notifications existed, tasks, invitations, approvals decided);
 *   new unit requests, minutes, accepted tasks and shipments wait for the digest;
 * - department heads: the same, and approvals needed (drafts, tasks submitted for review,
 *   extension requests) and their units' new customer requests mail at once;
 * - communications officers: approval decisions on what they submitted and minutes mail at once;
 * - admins: as employees, minutes at once (they oversee meetings);
 * - partner members: a weekly digest on Monday 09:00 of their organisation's items; what waits on
 *   them (orders to confirm, replies, invitations, their tasks) mails at once;
 * - partner admins: a daily digest at 09:00 on working days (they look after the organisation's items).
 * Everyone: urgent events and emergencies always mail at once (not switchable).
 */
export const builtInDefaults: Record<NotificationRole, Preferences> = {
  employee: { frequency: 'daily', hour: 8, weekday: 1, skipWeekends: true, sections: null, modes: modes(plainEmployeeFyi) },
  unit_head: { frequency: 'daily', hour: 8, weekday: 1, skipWeekends: true, sections: null, modes: modes(employeeFyi.concat('meetings.minutes_published')) },
  comms_officer: { frequency: 'daily', hour: 8, weekday: 1, skipWeekends: true, sections: null, modes: modes(employeeFyi.concat('request.submitted')) },
  admin: { frequency: 'daily', hour: 8, weekday: 1, skipWeekends: true, sections: null, modes: modes(employeeFyi.concat('request.submitted')) },
  partner: { frequency: 'weekly', hour: 9, weekday: 1, skipWeekends: true, sections: null, modes: modes(partnerFyi) },
  partner_admin: { frequency: 'daily', hour: 9, weekday: 1, skipWeekends: true, sections: null, modes: modes(partnerFyi) },
};

/** The built-in modes of every role as one JSON value: `-> role ->> kind` in SQL. */
const builtInModesJson = JSON.stringify(Object.fromEntries(notificationRoles.map((r) => [r, builtInDefaults[r].modes])));

/** SQL: a built-in setting of role `role` (an SQL expression). */
function builtInSql(role: RawBuilder<unknown>, key: 'frequency' | 'hour' | 'weekday' | 'skipWeekends'): RawBuilder<never> {
  return sql`(case ${role} ${sql.join(notificationRoles.map((r) => sql`when ${sql.lit(r)} then ${sql.lit(builtInDefaults[r][key])}`), sql` `)} end)`;
}

/**
 * SQL joins for person `p` that the effective settings read: their own row `np`, their role `nr.role`
 * and that role's company default `nd` — ONE join to notification_default, set-based for the
 * whole due set of the digest job.
 */
export function preferenceJoinsSql(): RawBuilder<unknown> {
  return sql`left join notification_preference np on np.person_id = p.id
    cross join lateral (select ${notificationRoleSql('p')} as role) nr
    left join notification_default nd on nd.audience = nr.role`;
}

/**
 * SQL: the mode person `p` has for kind `kind` (an SQL expression, e.g. `e.kind`): their own choice,
 * else the company default for their role, else the role's built-in one. One subquery per row.
 */
export function kindModeSql(kind: RawBuilder<unknown>): RawBuilder<KindMode> {
  return sql<KindMode>`(select coalesce(np.kind_modes ->> ${kind}, nd.kind_modes ->> ${kind}, ${builtInModesJson}::jsonb -> nr.role ->> ${kind})
    from (select ${notificationRoleSql('p')} as role) nr
    left join notification_default nd on nd.audience = nr.role
    left join notification_preference np on np.person_id = p.id)`;
}

/**
 * Whether the person (`p` in the caller's query) gets this kind of event by mail now, as SQL:
 * their own choice, else the company default for their role, else the built-in one.
 * Urgent events and emergencies always mail.
 */
export function mailNowFilter(kind: string, urgent: boolean): RawBuilder<boolean> {
  if (urgent || !(notificationKinds as readonly string[]).includes(kind) || forcedImmediateKinds.includes(kind as NotificationKind)) return sql<boolean>`true`;
  return sql<boolean>`(${kindModeSql(sql`${kind}::text`)} = 'immediate')`;
}

/** SQL columns of the effective digest settings for person `p`, given preferenceJoinsSql(). */
export const effectiveDigestSql = {
  frequency: sql<DigestFrequency>`coalesce(np.digest_frequency, nd.digest_frequency, ${builtInSql(sql`nr.role`, 'frequency')})`,
  hour: sql<number>`coalesce(np.digest_hour, nd.digest_hour, ${builtInSql(sql`nr.role`, 'hour')})`,
  weekday: sql<number>`coalesce(np.digest_weekday, nd.digest_weekday, ${builtInSql(sql`nr.role`, 'weekday')})`,
  skipWeekends: sql<boolean>`coalesce(np.skip_weekends, nd.skip_weekends, ${builtInSql(sql`nr.role`, 'skipWeekends')})`,
  sections: sql<string[] | null>`coalesce(np.sections, nd.sections)`,
};
