import { sql, type RawBuilder } from 'kysely';

/**
 * The path of a unit from the top, e.g. "总部 / 华东区 / 生产部", from the closure table: one
 * indexed lookup per unit. `unitId` is a column reference such as sql.ref('p.unit_id').
 * `en` uses English names where they exist.
 */
export function unitPathSql(unitId: RawBuilder<unknown> | ReturnType<typeof sql.ref>, opts: { en?: boolean } = {}): RawBuilder<string | null> {
  const name = opts.en ? sql`coalesce(a.name_en, a.name)` : sql`a.name`;
  return sql<string | null>`(select string_agg(${name}, ' / ' order by c.depth desc) from org_unit_closure c join org_unit a on a.id = c.ancestor_id where c.descendant_id = ${unitId})`;
}
