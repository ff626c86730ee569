import 'server-only';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import { audienceSpecSchema, type AudienceSpec, type AudienceSpecInput } from './schema';

type Db = Kysely<DB> | Transaction<DB>;

/** Stores an audience; returns its id. Validates the spec (throws ZodError on a bad one). */
export async function createAudience(db: Db, input: AudienceSpecInput): Promise<string> {
  const spec = audienceSpecSchema.parse(input);
  const { id } = await db.insertInto('audience').defaultValues().returning('id').executeTakeFirstOrThrow();
  const rows = [
    ...(spec.everyone ? [{ audience_id: id, kind: 'everyone' as const }] : []),
    ...spec.units.map((u) => ({ audience_id: id, kind: 'unit' as const, unit_id: u.unitId, include_sub_units: u.includeSubUnits })),
    ...spec.roles.map((role) => ({ audience_id: id, kind: 'role' as const, role })),
    ...[...new Set(spec.people)].map((p) => ({ audience_id: id, kind: 'person' as const, person_id: p })),
    ...[...new Set(spec.partnerOrgs)].map((o) => ({ audience_id: id, kind: 'partner_org' as const, partner_org_id: o })),
  ];
  await db.insertInto('audience_rule').values(rows).execute();
  return id;
}

export async function getAudienceSpec(db: Db, audienceId: string): Promise<AudienceSpec> {
  const rules = await db.selectFrom('audience_rule').selectAll().where('audience_id', '=', audienceId).execute();
  return {
    everyone: rules.some((r) => r.kind === 'everyone'),
    units: rules.filter((r) => r.kind === 'unit').map((r) => ({ unitId: r.unit_id!, includeSubUnits: r.include_sub_units })),
    roles: rules.filter((r) => r.kind === 'role').flatMap((r) => (r.role ? [r.role] : [])),
    people: rules.filter((r) => r.kind === 'person').map((r) => r.person_id!),
    partnerOrgs: rules.filter((r) => r.kind === 'partner_org').map((r) => r.partner_org_id!),
  };
}

/**
 * SQL selecting `person_id` of every active member of a stored audience, in one set-based
 * statement: use it for counts and for fan-out (`insert … select`), never loop over people.
 */
export function audienceMembersSql(audienceId: string): RawBuilder<{ person_id: string }> {
  return sql<{ person_id: string }>`
    select p.id as person_id from person p
    left join partner_org po on po.id = p.partner_org_id
    where p.status = 'active' and (p.kind = 'employee' or po.status = 'active') and (
      (p.kind = 'employee' and exists (select 1 from audience_rule r where r.audience_id = ${audienceId} and r.kind = 'everyone'))
      or (p.kind = 'employee' and p.unit_id in (
        select c.descendant_id from audience_rule r
        join org_unit_closure c on c.ancestor_id = r.unit_id and (r.include_sub_units or c.depth = 0)
        where r.audience_id = ${audienceId} and r.kind = 'unit'))
      or p.id in (select r.person_id from audience_rule r where r.audience_id = ${audienceId} and r.kind = 'person')
      or p.partner_org_id in (select r.partner_org_id from audience_rule r where r.audience_id = ${audienceId} and r.kind = 'partner_org')
      or p.id in (select pr.person_id from person_role pr join audience_rule r on r.role = pr.role
                  where r.audience_id = ${audienceId} and r.kind = 'role')
      or (p.kind = 'employee' and exists (select 1 from audience_rule r where r.audience_id = ${audienceId} and r.kind = 'role' and r.role = 'unit_head')
          and p.id in (select uh.person_id from unit_head uh))
    )`;
}

export async function countAudienceMembers(db: Db, audienceId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${audienceMembersSql(audienceId)}) m`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Counts the members a spec would have, before it is stored (for "resolves to nobody" checks). */
export async function countSpecMembers(db: Kysely<DB>, input: AudienceSpecInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const id = await createAudience(trx, input);
    const n = await countAudienceMembers(trx, id);
    await trx.deleteFrom('audience').where('id', '=', id).execute();
    return n;
  });
}

/**
 * SQL selecting the ids of every audience the viewer belongs to, computed from the viewer's own
 * facts (unit, roles, headships, partner organisation): list queries filter with
 * `audience_id in (…)` and stay indexed however large the company.
 */
export function audiencesOfViewerSql(viewer: Viewer): RawBuilder<{ audience_id: string }> {
  const roles: string[] = [...viewer.roles];
  if (viewer.kind === 'employee' && viewer.headOfUnitIds.length > 0) roles.push('unit_head');
  const isEmployee = viewer.kind === 'employee';
  // One indexed branch per rule kind (union all), rather than one OR over every rule: at
  // 200,000 audiences the OR form scans the rule table, this one stays on its indexes.
  return sql<{ audience_id: string }>`
    select r.audience_id from audience_rule r where r.kind = 'person' and r.person_id = ${viewer.id}
    union all
    select r.audience_id from audience_rule r where ${isEmployee} and r.kind = 'everyone'
    union all
    select r.audience_id from org_unit_closure c
      join audience_rule r on r.unit_id = c.ancestor_id and r.kind = 'unit' and (c.depth = 0 or r.include_sub_units)
      where ${isEmployee} and c.descendant_id = ${viewer.unitId}
    union all
    select r.audience_id from audience_rule r where r.kind = 'partner_org' and r.partner_org_id = ${viewer.partnerOrgId}
    union all
    select r.audience_id from audience_rule r where r.kind = 'role' and r.role = any(${roles}::text[])`;
}

export async function isInAudience(db: Db, audienceId: string, viewer: Viewer): Promise<boolean> {
  if (viewer.status !== 'active') return false;
  const { rows } = await sql<{ ok: boolean }>`
    select exists (select 1 from (${audiencesOfViewerSql(viewer)}) a where a.audience_id = ${audienceId}) as ok`.execute(db);
  return rows[0]?.ok === true;
}

/**
 * SQL: person row `p` (an alias of `person` in the caller's query) is in audience `audienceId` —
 * audiencesOfViewerSql turned round, correlated, for callers that ask about many people at once
 * (the notification centre and the digest). The same rule kinds with the same meaning: keep the
 * two in step.
 */
export function personInAudienceSql(audienceId: RawBuilder<unknown>, p = 'p'): RawBuilder<boolean> {
  const id = sql.ref(`${p}.id`);
  const employee = sql<boolean>`${sql.ref(`${p}.kind`)} = 'employee'`;
  return sql<boolean>`exists (select 1 from audience_rule r where r.audience_id = ${audienceId} and (
    (r.kind = 'person' and r.person_id = ${id})
    or (r.kind = 'everyone' and ${employee})
    or (r.kind = 'unit' and ${employee} and exists (select 1 from org_unit_closure c
      where c.descendant_id = ${sql.ref(`${p}.unit_id`)} and c.ancestor_id = r.unit_id and (c.depth = 0 or r.include_sub_units)))
    or (r.kind = 'partner_org' and r.partner_org_id = ${sql.ref(`${p}.partner_org_id`)})
    or (r.kind = 'role' and (exists (select 1 from person_role pr where pr.person_id = ${id} and pr.role = r.role)
      or (r.role = 'unit_head' and ${employee} and exists (select 1 from unit_head uh where uh.person_id = ${id}))))))`;
}
