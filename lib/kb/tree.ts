import 'server-only';
import { sql, type Transaction } from 'kysely';
import type { DB } from '@/db/types';

/**
 * Recomputes every folder's effective audiences in a space (own, else the parent's effective,
 * else the space's) in one statement. Called whenever a space's or folder's audience changes or a
 * folder moves; a space holds at most a few hundred folders.
 */
export async function recomputeEffectiveAudiences(trx: Transaction<DB>, spaceId: string): Promise<void> {
  await sql`
    with recursive t as (
      select f.id, coalesce(f.view_audience_id, s.view_audience_id) as v, coalesce(f.edit_audience_id, s.edit_audience_id) as e
      from kb_folder f join kb_space s on s.id = f.space_id
      where f.space_id = ${spaceId} and f.parent_id is null
      union all
      select f.id, coalesce(f.view_audience_id, t.v), coalesce(f.edit_audience_id, t.e)
      from kb_folder f join t on f.parent_id = t.id
    )
    update kb_folder f set eff_view_audience_id = t.v, eff_edit_audience_id = t.e
    from t where f.id = t.id and (f.eff_view_audience_id is distinct from t.v or f.eff_edit_audience_id is distinct from t.e)`.execute(trx);
  await refreshArticleReadKeys(trx, { spaceId });
}

/** Adds a new folder to the closure table under its parent. */
export async function addToClosure(trx: Transaction<DB>, id: string, parentId: string | null): Promise<void> {
  await sql`
    insert into kb_folder_closure (ancestor_id, descendant_id, depth)
    select ${id}::uuid, ${id}::uuid, 0
    union all
    select c.ancestor_id, ${id}::uuid, c.depth + 1 from kb_folder_closure c where ${parentId}::uuid is not null and c.descendant_id = ${parentId}::uuid`.execute(trx);
}

/** True when `candidate` is `id` itself or inside it. */
export async function isSelfOrDescendant(trx: Transaction<DB>, id: string, candidate: string): Promise<boolean> {
  const r = await trx.selectFrom('kb_folder_closure').select('depth').where('ancestor_id', '=', id).where('descendant_id', '=', candidate).executeTakeFirst();
  return !!r;
}

/** Moves a folder's whole subtree under a new parent (null: the space's root) in the closure table. */
export async function moveInClosure(trx: Transaction<DB>, id: string, newParentId: string | null): Promise<void> {
  await sql`
    delete from kb_folder_closure
    where descendant_id in (select descendant_id from kb_folder_closure where ancestor_id = ${id})
      and ancestor_id not in (select descendant_id from kb_folder_closure where ancestor_id = ${id})`.execute(trx);
  if (newParentId) {
    await sql`
      insert into kb_folder_closure (ancestor_id, descendant_id, depth)
      select p.ancestor_id, c.descendant_id, p.depth + c.depth + 1
      from kb_folder_closure p cross join kb_folder_closure c
      where p.descendant_id = ${newParentId} and c.ancestor_id = ${id}`.execute(trx);
  }
}

/**
 * Writes the search index's read keys (lib/search: `read_keys`) of one article or of every article
 * in a space: its effective view and edit audiences, from the same columns lib/kb's own checks
 * read. Called after indexing an article and after every recompute of a space's effective audiences.
 */
export async function refreshArticleReadKeys(trx: Transaction<DB>, which: { articleId: string } | { spaceId: string }): Promise<void> {
  const cond = 'articleId' in which ? sql`a.id = ${which.articleId}` : sql`a.space_id = ${which.spaceId}`;
  await sql`
    update search_document d set read_keys = k.keys
    from (select a.id, array_remove(array[coalesce(f.eff_view_audience_id, s.view_audience_id), coalesce(f.eff_edit_audience_id, s.edit_audience_id)], null)::uuid[] as keys
          from kb_article a join kb_space s on s.id = a.space_id left join kb_folder f on f.id = a.folder_id
          where ${cond}) k
    where d.kind = 'kb.article' and d.item_id = k.id and d.read_keys is distinct from k.keys`.execute(trx);
}
