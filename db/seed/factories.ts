import { pinyinColumns } from '@/lib/people/pinyin';
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../types';

/** Small builders for tests and the demo seed. They write rows directly: no viewer checks. */
type Db = Kysely<DB> | Transaction<DB>;

export async function insertUnit(db: Db, u: { name: string; nameEn?: string | null; parentId?: string | null; sortOrder?: number }): Promise<string> {
  const id = randomUUID();
  await db.insertInto('org_unit').values({ id, name: u.name, name_en: u.nameEn ?? null, parent_id: u.parentId ?? null, sort_order: u.sortOrder ?? 0 }).execute();
  // Closure rows: self, plus every ancestor of the parent.
  await sql`
    insert into org_unit_closure (ancestor_id, descendant_id, depth)
    select ${id}::uuid, ${id}::uuid, 0
    union all
    select c.ancestor_id, ${id}::uuid, c.depth + 1 from org_unit_closure c where c.descendant_id = ${u.parentId ?? null}::uuid`.execute(db);
  return id;
}

export async function insertPartnerOrg(db: Db, o: { name: string; nameEn?: string | null; type: 'supplier' | 'distributor' | 'customer' | 'other'; status?: 'active' | 'suspended' }): Promise<string> {
  const { id } = await db.insertInto('partner_org').values({ name: o.name, name_en: o.nameEn ?? null, type: o.type, status: o.status ?? 'active' }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export type PersonInput = {
  email?: string;
  name?: string;
  nameEn?: string | null;
  kind?: 'employee' | 'partner';
  unitId?: string | null;
  partnerOrgId?: string | null;
  position?: string | null;
  level?: string | null;
  status?: 'active' | 'deactivated';
  locale?: 'zh-CN' | 'en' | null;
  origin?: 'admin' | 'import' | 'seed' | 'self' | 'invite';
  roles?: ('admin' | 'comms_officer' | 'partner_admin')[];
  headOf?: string[];
};

export async function insertPerson(db: Db, p: PersonInput = {}): Promise<string> {
  const kind = p.kind ?? (p.partnerOrgId ? 'partner' : 'employee');
  const email = (p.email ?? `person-${randomUUID().slice(0, 8)}@test.example`).toLowerCase();
  const { id } = await db
    .insertInto('person')
    .values({
      kind,
      email,
      name: p.name ?? email.split('@')[0],
      ...pinyinColumns(p.name ?? email.split('@')[0]),
      name_en: p.nameEn ?? null,
      unit_id: kind === 'employee' ? (p.unitId ?? null) : null,
      partner_org_id: kind === 'partner' ? (p.partnerOrgId ?? null) : null,
      position: p.position ?? null,
      level: p.level ?? null,
      status: p.status ?? 'active',
      deactivated_at: p.status === 'deactivated' ? new Date() : null,
      locale: p.locale ?? null,
      origin: p.origin ?? 'seed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (p.roles?.length) await db.insertInto('person_role').values(p.roles.map((role) => ({ person_id: id, role }))).execute();
  if (p.headOf?.length) await db.insertInto('unit_head').values(p.headOf.map((unit_id) => ({ unit_id, person_id: id }))).execute();
  return id;
}

/** Creates a session row and returns its token (tests that need a signed-in cookie). The table keeps the token's SHA-256. */
export async function insertSession(db: Db, personId: string, ttlMs = 24 * 3600_000): Promise<string> {
  const token = randomUUID();
  const tokenHash = createHash('sha256').update(token, 'utf8').digest('hex');
  await db.insertInto('auth_session').values({ token_hash: tokenHash, person_id: personId, expires: new Date(Date.now() + ttlMs) }).execute();
  return token;
}
