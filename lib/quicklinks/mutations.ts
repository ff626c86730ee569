import 'server-only';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { createAudience } from '@/lib/audience/queries';
import { recordAudit } from '@/lib/audit/record';
import type { Viewer } from '@/lib/authz/viewer';
import { notFound } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import type { RequestMeta } from '@/lib/http/request-meta';
import { requireQuickLinkAbility } from './abilities';
import { quickLinkIdSchema, quickLinkSchema } from './schema';

/** Creates a quick link, or replaces one (`id`): its names, address, icon, order and audience. Audited. */
export async function saveQuickLink(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<{ id: string }> {
  const v = requireQuickLinkAbility(viewer, 'manage');
  const d = parseInput(quickLinkSchema, input);
  return db.transaction().execute(async (trx) => {
    const audienceId = await createAudience(trx, {
      everyone: d.everyone,
      units: d.units.map((unitId) => ({ unitId, includeSubUnits: true })),
      partnerOrgs: d.partnerOrgs,
    });
    const values = { name: d.name, name_en: d.nameEn, url: d.url, icon: d.icon, position: d.position, audience_id: audienceId, updated_at: new Date() };
    let id: string;
    if (d.id) {
      const r = await trx.updateTable('quick_link').set(values).where('id', '=', d.id).returning('id').executeTakeFirst();
      if (!r) throw notFound();
      id = r.id;
    } else {
      id = (await trx.insertInto('quick_link').values({ ...values, created_by: v.id }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await recordAudit(trx, {
      actor: v,
      action: d.id ? 'quick_link.update' : 'quick_link.create',
      target: { type: 'quick_link', id, label: d.name },
      details: { url: d.url, everyone: d.everyone, units: d.units.length, partnerOrgs: d.partnerOrgs.length },
      meta,
    });
    return { id };
  });
}

export async function deleteQuickLink(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<void> {
  const v = requireQuickLinkAbility(viewer, 'manage');
  const { id } = parseInput(quickLinkIdSchema, input);
  await db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('quick_link').where('id', '=', id).returning(['id', 'name', 'url']).executeTakeFirst();
    if (!r) throw notFound();
    await recordAudit(trx, { actor: v, action: 'quick_link.delete', target: { type: 'quick_link', id, label: r.name }, details: { url: r.url }, meta });
  });
}
