import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { requireAdmin, requireEmployee } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { notFound } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { requirePersonView, type PersonAbilities } from './abilities';
import { contactFields, type ContactField } from './schema';

type Db = Kysely<DB> | Transaction<DB>;

export type UnitRef = { id: string; name: string; nameEn: string | null };
export type PersonRef = { id: string; name: string; nameEn: string | null; position: string | null };

export type PersonProfile = {
  can: PersonAbilities;
  id: string;
  name: string;
  nameEn: string | null;
  status: 'active' | 'deactivated';
  position: string | null;
  /** Only the fields the company chose to show (directory_setting); others are null. */
  contact: { email: string | null; level: string | null; timezone: string | null };
  unit: UnitRef | null;
  /** From the top down to the person's unit. */
  unitPath: UnitRef[];
  /** Heads of the nearest unit up the path that has an active head other than this person. */
  heads: PersonRef[];
  /** Units this person heads. */
  headOf: UnitRef[];
};

const isContactField = (s: string): s is ContactField => (contactFields as readonly string[]).includes(s);

/** Which contact fields person pages show (admin setting; e-mail by default). */
export async function getContactFields(db: Db): Promise<ContactField[]> {
  const r = await db.selectFrom('directory_setting').select('contact_fields').executeTakeFirst();
  return (r?.contact_fields ?? ['email']).filter(isContactField);
}

/** The admin's view of the setting (/admin/people/settings). */
export async function getDirectorySettings(db: Db, viewer: Viewer | null): Promise<{ contactFields: ContactField[] }> {
  requireAdmin(viewer);
  return { contactFields: await getContactFields(db) };
}

/**
 * A person page (/people/[id]) for employees: one statement for the person, unit path, heads and
 * headships (closure-table lookups). Unknown ids, partner people, deactivated people (except for
 * admins) and every partner viewer get NOT_FOUND (lib/people/abilities.ts).
 */
export async function getPersonProfile(db: Db, viewer: Viewer | null, personId: string): Promise<PersonProfile> {
  const v = requireEmployee(viewer);
  if (!isUuid(personId)) throw notFound();
  const r = await db
    .selectFrom('person as p')
    .leftJoin('org_unit as u', 'u.id', 'p.unit_id')
    .where('p.id', '=', personId)
    .select([
      'p.id', 'p.kind', 'p.status', 'p.name', 'p.name_en', 'p.email', 'p.position', 'p.level', 'p.timezone', 'p.unit_id', 'u.name as unit_name', 'u.name_en as unit_name_en',
      sql<UnitRef[]>`coalesce((select json_agg(json_build_object('id', a.id, 'name', a.name, 'nameEn', a.name_en) order by c.depth desc)
        from org_unit_closure c join org_unit a on a.id = c.ancestor_id where c.descendant_id = p.unit_id), '[]'::json)`.as('unit_path'),
      sql<PersonRef[]>`coalesce((
        select json_agg(json_build_object('id', hp.id, 'name', hp.name, 'nameEn', hp.name_en, 'position', hp.position) order by hp.name_sort, hp.id)
        from unit_head h join person hp on hp.id = h.person_id
        where h.unit_id = (
          select c.ancestor_id from org_unit_closure c
          where c.descendant_id = p.unit_id
            and exists (select 1 from unit_head h2 join person p2 on p2.id = h2.person_id where h2.unit_id = c.ancestor_id and p2.status = 'active' and p2.id <> p.id)
          order by c.depth limit 1)
          and hp.status = 'active' and hp.id <> p.id), '[]'::json)`.as('heads'),
      sql<UnitRef[]>`coalesce((select json_agg(json_build_object('id', hu.id, 'name', hu.name, 'nameEn', hu.name_en) order by hu.name)
        from unit_head h join org_unit hu on hu.id = h.unit_id where h.person_id = p.id), '[]'::json)`.as('head_of'),
    ])
    .executeTakeFirst();
  const can = requirePersonView(v, r ?? null);
  const p = r!;
  const shown = new Set(await getContactFields(db));
  return {
    can,
    id: p.id,
    name: p.name,
    nameEn: p.name_en,
    status: p.status,
    position: p.position,
    contact: {
      email: shown.has('email') ? p.email : null,
      level: shown.has('level') ? p.level : null,
      timezone: shown.has('timezone') ? p.timezone : null,
    },
    unit: p.unit_id && p.unit_name ? { id: p.unit_id, name: p.unit_name, nameEn: p.unit_name_en } : null,
    unitPath: p.unit_path,
    heads: p.heads,
    headOf: p.head_of,
  };
}
