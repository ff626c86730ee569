import 'server-only';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { isPartnerAdmin, requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { getPartnerOrg, listPartnerPeople } from './queries';

/** A partner's own organisation, for their home page, with what they may do there. Employees have none: NOT_FOUND. */
export async function getOwnPartnerOrg(db: Kysely<DB>, viewer: Viewer | null) {
  const v = requireViewer(viewer);
  if (v.kind !== 'partner' || !v.partnerOrgId) throw new AppError('NOT_FOUND');
  const org = await db.selectFrom('partner_org').select(['id', 'name', 'name_en as nameEn', 'type', 'status']).where('id', '=', v.partnerOrgId).executeTakeFirst();
  if (!org) throw new AppError('NOT_FOUND');
  return { ...org, can: { manageTeam: isPartnerAdmin(v) } };
}

/** A partner admin's own team page: their organisation and its people. To anyone else it does not exist. */
export async function getOwnTeam(db: Kysely<DB>, viewer: Viewer | null) {
  const v = requireViewer(viewer);
  if (!isPartnerAdmin(v) || !v.partnerOrgId) throw new AppError('NOT_FOUND');
  const [org, people] = await Promise.all([getPartnerOrg(db, v, v.partnerOrgId), listPartnerPeople(db, v, v.partnerOrgId)]);
  return { org, people, viewerId: v.id };
}
