import 'server-only';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { pinyinQuery } from './pinyin';

/**
 * The one person-search condition (directory, admin list, pickers), on `p` = person, every branch
 * on an index (docs/decisions/1500-people-directory-and-pinyin.md):
 * - 3+ characters: substring of name, English name, e-mail, position and full pinyin (person_search_trgm);
 * - 1–2 characters ("刘洋", "李"): name prefix (person_name_prefix) — a trigram index cannot serve them;
 * - letters (spaces and apostrophes ignored): full-pinyin prefix ("liuyang", "liu yang", "liuy") and
 *   initials prefix ("ly") on their btree indexes.
 */
export function personSearchSql(q: string): RawBuilder<SqlBool> {
  const lower = q.toLowerCase();
  const escaped = lower.replace(/[\\%_]/g, (c) => `\\${c}`);
  const branches: RawBuilder<unknown>[] = [
    [...lower].length >= 3
      ? sql`lower(p.name || ' ' || coalesce(p.name_en, '') || ' ' || p.email || ' ' || coalesce(p.position, '') || ' ' || p.name_pinyin) like ${`%${escaped}%`}`
      : sql`lower(p.name) like ${`${escaped}%`}`,
  ];
  const py = pinyinQuery(q);
  if (py) branches.push(sql`p.name_pinyin like ${`${py}%`}`, sql`p.name_initials like ${`${py}%`}`);
  return sql<SqlBool>`(${sql.join(branches, sql` or `)})`;
}

/**
 * Directory order: pinyin of the name (Chinese names in dictionary order, Latin names among them).
 * "C" collation: byte order, so the space between syllables sorts first (li xue < lin an) whatever
 * the database's locale (a linguistic collation ignores spaces). This form matches
 * person_directory_order_idx: use it for an unfiltered list only (the first page reads 25 rows).
 */
export const personOrderSql = sql`p.name_sort collate "C", p.name, p.id`;

/**
 * The same order in a form the index cannot serve, for filtered lists (a search, a unit): given
 * the index, the planner walked all 50,000 people in name order to find a department's 24 (727 ms
 * against 21 ms for the matches sorted). Decision 1500, "Unfiltered pages".
 */
export const personOrderUnindexedSql = sql`(p.name_sort || '') collate "C", p.name, p.id`;
