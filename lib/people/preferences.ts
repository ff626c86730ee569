import 'server-only';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { recordAudit } from '@/lib/audit/record';
import { parseInput } from '@/lib/forms/parse';
import { locales } from '@/lib/i18n/config';

export const preferencesSchema = z.object({
  locale: z.enum(locales, { error: 'errors.validation.choose' }),
});

/** A person changes their own language; only their own record is touched. */
export async function setOwnLocale(db: Kysely<DB>, viewer: Viewer | null, input: unknown): Promise<void> {
  const v = requireViewer(viewer);
  const parsed = parseInput(preferencesSchema, input);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('person').set({ locale: parsed.locale, updated_at: new Date() }).where('id', '=', v.id).execute();
    await recordAudit(trx, { actor: v, action: 'person.locale', target: { type: 'person', id: v.id, label: v.email }, details: { locale: parsed.locale } });
  });
}

export const timezoneSchema = z.object({
  timezone: z
    .string({ error: 'common.profile.timezoneInvalid' })
    .refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', { error: 'common.profile.timezoneInvalid' }),
});

/** A person changes their own time zone (dates are shown in it). */
export async function setOwnTimezone(db: Kysely<DB>, viewer: Viewer | null, input: unknown): Promise<void> {
  const v = requireViewer(viewer);
  const tz = parseInput(timezoneSchema, input).timezone;
  await db.updateTable('person').set({ timezone: tz, updated_at: new Date() }).where('id', '=', v.id).execute();
}

/** The signed-in person's own profile facts. */
export async function getOwnProfile(db: Kysely<DB>, viewer: Viewer | null) {
  const v = requireViewer(viewer);
  return db
    .selectFrom('person as p')
    .leftJoin('org_unit as u', 'u.id', 'p.unit_id')
    .leftJoin('partner_org as o', 'o.id', 'p.partner_org_id')
    .select(['p.name', 'p.name_en as nameEn', 'p.email', 'p.position', 'p.level', 'p.timezone', 'p.locale', 'u.name as unitName', 'u.name_en as unitNameEn', 'o.name as orgName', 'o.name_en as orgNameEn'])
    .where('p.id', '=', v.id)
    .executeTakeFirstOrThrow();
}
