import { sql, type RawBuilder } from 'kysely';

/**
 * Role and headship facts about a person given as an SQL expression (a column such as `p.id`),
 * for rules that ask about many people at once (notification visibility, digest defaults). The
 * one-viewer rules read the same facts from the Viewer (`viewer.roles`, `viewer.headOfUnitIds`).
 */

/** SQL: the person holds `role` (person_role, primary key). */
export function personHasRoleSql(personId: RawBuilder<unknown>, role: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from person_role pr where pr.person_id = ${personId} and pr.role = ${sql.lit(role)})`;
}

/** SQL: the person heads a unit whose tree contains unit `unitId` (unit_head and the closure table). */
export function personHeadsUnitSql(personId: RawBuilder<unknown>, unitId: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from unit_head uh join org_unit_closure c on c.ancestor_id = uh.unit_id
    where uh.person_id = ${personId} and c.descendant_id = ${unitId})`;
}
