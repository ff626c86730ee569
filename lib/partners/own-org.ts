import 'server-only';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';

/** A partner's own organisation, for their home page. Employees have none: NOT_FOUND. */
export async function getOwnPartnerOrg(db: Kysely<DB>, viewer: Viewer | null) {
  const v = requireViewer(viewer);
  if (v.kind !== 'partner' || !v.partnerOrgId) throw new AppError('NOT_FOUND');
  const org = await db.selectFrom('partner_org').select(['id', 'name', 'name_en', 'type', 'status']).where('id', '=', v.partnerOrgId).executeTakeFirst();
  if (!org) throw new AppError('NOT_FOUND');
  return org;
}
