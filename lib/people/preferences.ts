import 'server-only';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { recordAudit } from '@/lib/audit/record';
import { locales } from '@/lib/i18n/config';

export const preferencesSchema = z.object({
  locale: z.enum(locales),
});

/** A person changes their own language; only their own record is touched. */
export async function setOwnLocale(db: Kysely<DB>, viewer: Viewer | null, locale: string): Promise<void> {
  const v = requireViewer(viewer);
  const parsed = preferencesSchema.parse({ locale });
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('person').set({ locale: parsed.locale, updated_at: new Date() }).where('id', '=', v.id).execute();
    await recordAudit(trx, { actor: v, action: 'person.locale', target: { type: 'person', id: v.id, label: v.email }, details: { locale: parsed.locale } });
  });
}
