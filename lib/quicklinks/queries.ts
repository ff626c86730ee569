import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { audiencesOfViewerSql, getAudienceSpec } from '@/lib/audience/queries';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { isUuid } from '@/lib/ids';
import { notFound } from '@/lib/errors';
import { quickLinkAbilities, requireQuickLinkAbility, type QuickLinkAbilities } from './abilities';
import type { QuickLinkIcon } from './schema';

export type { QuickLinkIcon } from './schema';
export type QuickLink = { id: string; name: string; nameEn: string | null; url: string; icon: QuickLinkIcon; position: number };

/** At most this many tiles on a homepage. */
export const QUICK_LINKS_SHOWN = 24;

/** The links whose audience takes the viewer in, in the managers' order. One indexed query. */
export async function listMyQuickLinks(db: Kysely<DB>, viewer: Viewer | null): Promise<{ can: QuickLinkAbilities; links: QuickLink[] }> {
  const v = requireViewer(viewer);
  const rows = await db
    .selectFrom('quick_link')
    .select(['id', 'name', 'name_en', 'url', 'icon', 'position'])
    .where(sql<boolean>`audience_id in (${audiencesOfViewerSql(v)})`)
    .orderBy('position')
    .orderBy('name')
    .limit(QUICK_LINKS_SHOWN)
    .execute();
  return { can: quickLinkAbilities(v), links: rows.map(toLink) };
}

type Named = { id: string; name: string; nameEn: string | null };
export type ManagedQuickLink = QuickLink & { audience: { everyone: boolean; units: Named[]; partnerOrgs: Named[] } };

/** Every link with its audience, for the people who manage them (a company has tens, not thousands). */
export async function listQuickLinksToManage(db: Kysely<DB>, viewer: Viewer | null): Promise<ManagedQuickLink[]> {
  requireQuickLinkAbility(viewer, 'manage');
  const rows = await db.selectFrom('quick_link').select(['id', 'name', 'name_en', 'url', 'icon', 'position', 'audience_id']).orderBy('position').orderBy('name').limit(500).execute();
  return Promise.all(rows.map(async (r) => ({ ...toLink(r), audience: await audienceOf(db, r.audience_id) })));
}

export async function getQuickLinkToManage(db: Kysely<DB>, viewer: Viewer | null, id: string): Promise<ManagedQuickLink> {
  requireQuickLinkAbility(viewer, 'manage');
  if (!isUuid(id)) throw notFound();
  const r = await db.selectFrom('quick_link').select(['id', 'name', 'name_en', 'url', 'icon', 'position', 'audience_id']).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound();
  return { ...toLink(r), audience: await audienceOf(db, r.audience_id) };
}

async function audienceOf(db: Kysely<DB>, audienceId: string): Promise<ManagedQuickLink['audience']> {
  const spec = await getAudienceSpec(db, audienceId);
  const unitIds = spec.units.map((u) => u.unitId);
  const [units, partnerOrgs] = await Promise.all([
    unitIds.length ? db.selectFrom('org_unit').select(['id', 'name', 'name_en as nameEn']).where('id', 'in', unitIds).orderBy('name').execute() : [],
    spec.partnerOrgs.length ? db.selectFrom('partner_org').select(['id', 'name', 'name_en as nameEn']).where('id', 'in', spec.partnerOrgs).orderBy('name').execute() : [],
  ]);
  return { everyone: spec.everyone, units, partnerOrgs };
}

function toLink(r: { id: string; name: string; name_en: string | null; url: string; icon: QuickLinkIcon; position: number }): QuickLink {
  return { id: r.id, name: r.name, nameEn: r.name_en, url: r.url, icon: r.icon, position: r.position };
}
