import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { requireAdmin, requireCanManagePartnerPeople, requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { notFound } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import type { PersonStatus } from '@/lib/people/schema';
import type { PartnerOrgStatus, PartnerOrgType } from './schema';

type Db = Kysely<DB> | Transaction<DB>;

export type PartnerOrgSummary = {
  id: string;
  name: string;
  nameEn: string | null;
  type: PartnerOrgType;
  status: PartnerOrgStatus;
  createdAt: Date;
  activePeople: number;
  admins: number;
};

export async function listPartnerOrgs(db: Db, viewer: Viewer | null): Promise<PartnerOrgSummary[]> {
  requireAdmin(viewer);
  const rows = await db
    .selectFrom('partner_org as o')
    .select([
      'o.id', 'o.name', 'o.name_en', 'o.type', 'o.status', 'o.created_at',
      sql<number>`(select count(*)::int from person p where p.partner_org_id = o.id and p.status = 'active')`.as('active_people'),
      sql<number>`(select count(*)::int from person p join person_role r on r.person_id = p.id and r.role = 'partner_admin' where p.partner_org_id = o.id and p.status = 'active')`.as('admins'),
    ])
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en, type: r.type, status: r.status, createdAt: r.created_at, activePeople: r.active_people, admins: r.admins }));
}

export type PartnerOrgDetail = { id: string; name: string; nameEn: string | null; type: PartnerOrgType; status: PartnerOrgStatus; createdAt: Date };

/** Admins see any organisation; a partner admin only their own (another one does not exist for them). */
export async function getPartnerOrg(db: Db, viewer: Viewer | null, partnerOrgId: string): Promise<PartnerOrgDetail> {
  requireViewer(viewer);
  if (!isUuid(partnerOrgId)) throw notFound();
  requireCanManagePartnerPeople(viewer, partnerOrgId);
  const r = await db.selectFrom('partner_org').select(['id', 'name', 'name_en', 'type', 'status', 'created_at']).where('id', '=', partnerOrgId).executeTakeFirst();
  if (!r) throw notFound();
  return { id: r.id, name: r.name, nameEn: r.name_en, type: r.type, status: r.status, createdAt: r.created_at };
}

export type PartnerPerson = {
  id: string;
  name: string;
  nameEn: string | null;
  email: string;
  status: PersonStatus;
  isAdmin: boolean;
  invitedAt: Date;
  lastSeenAt: Date | null;
  hasSignedIn: boolean;
};

export async function listPartnerPeople(db: Db, viewer: Viewer | null, partnerOrgId: string): Promise<PartnerPerson[]> {
  requireViewer(viewer);
  if (!isUuid(partnerOrgId)) throw notFound();
  requireCanManagePartnerPeople(viewer, partnerOrgId);
  const rows = await db
    .selectFrom('person as p')
    .where('p.partner_org_id', '=', partnerOrgId)
    .where('p.kind', '=', 'partner')
    .select([
      'p.id', 'p.name', 'p.name_en', 'p.email', 'p.status', 'p.created_at', 'p.last_seen_at', 'p.email_verified_at',
      sql<boolean>`exists (select 1 from person_role r where r.person_id = p.id and r.role = 'partner_admin')`.as('is_admin'),
    ])
    // Active first, admins first, then by name.
    .orderBy('p.status')
    .orderBy(sql`exists (select 1 from person_role r where r.person_id = p.id and r.role = 'partner_admin')`, 'desc')
    .orderBy('p.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    nameEn: r.name_en,
    email: r.email,
    status: r.status,
    isAdmin: r.is_admin,
    invitedAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    hasSignedIn: !!r.email_verified_at || !!r.last_seen_at,
  }));
}
