import 'server-only';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { audiencesOfViewerSql, personInAudienceSql } from '@/lib/audience/queries';
import { isAdmin, requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { kbAbilities, type KbAbilities } from './abilities';
import { personHasRoleSql } from '@/lib/authz/person-sql';

type Db = Kysely<DB> | Transaction<DB>;

/** The ids of the audiences the viewer is in (lib/audience), as a subquery. */
export function viewerAudiences(v: Viewer): RawBuilder<unknown> {
  return sql`(select audience_id from (${audiencesOfViewerSql(v)}) va)`;
}

/** The spaces the viewer owns, as a subquery. */
function ownedSpaces(v: Viewer): RawBuilder<unknown> {
  return sql`(select o.space_id from kb_space_owner o where o.person_id = ${v.id})`;
}

/**
 * True when the viewer may read what has effective audiences `viewCol`/`editCol` in space `spaceCol`:
 * the SQL form of kbAbilities(...).view, shared by lists, search and the todo source.
 */
export function readableSql(v: Viewer, viewCol: RawBuilder<unknown>, editCol: RawBuilder<unknown>, spaceCol: RawBuilder<unknown>): RawBuilder<boolean> {
  if (isAdmin(v)) return sql<boolean>`true`;
  const aud = viewerAudiences(v);
  return sql<boolean>`(${viewCol} in ${aud} or ${editCol} in ${aud} or ${spaceCol} in ${ownedSpaces(v)})`;
}

/** Folder `f` readable by the viewer. */
export const folderReadableSql = (v: Viewer, alias = 'f') =>
  readableSql(v, sql.ref(`${alias}.eff_view_audience_id`), sql.ref(`${alias}.eff_edit_audience_id`), sql.ref(`${alias}.space_id`));

/** Article `a` (with its folder `f` left-joined and space `s` joined) readable by the viewer. */
export const articleReadableSql = (v: Viewer) =>
  readableSql(v, sql`coalesce(f.eff_view_audience_id, s.view_audience_id)`, sql`coalesce(f.eff_edit_audience_id, s.edit_audience_id)`, sql`a.space_id`);

/** Space `s` readable at its root by the viewer. */
export const spaceReadableSql = (v: Viewer) => readableSql(v, sql`s.view_audience_id`, sql`s.edit_audience_id`, sql`s.id`);

type FactsRow = { in_view: boolean; in_edit: boolean; is_owner: boolean; archived: boolean };

function factsOf(v: Viewer, r: FactsRow): KbAbilities {
  return kbAbilities(v, { inView: r.in_view, inEdit: r.in_edit, isOwner: r.is_owner, archived: r.archived });
}

function factsColumns(v: Viewer, view: RawBuilder<unknown>, edit: RawBuilder<unknown>, space: RawBuilder<unknown>) {
  const aud = viewerAudiences(v);
  return sql`coalesce(${view} in ${aud}, false) as in_view, coalesce(${edit} in ${aud}, false) as in_edit,
    exists (select 1 from kb_space_owner o where o.space_id = ${space} and o.person_id = ${v.id}) as is_owner,
    (s.status = 'archived') as archived`;
}

export type SpaceAccess = { id: string; name: string; status: 'active' | 'archived'; viewAudienceId: string; editAudienceId: string | null; can: KbAbilities };

/** A space and what the viewer may do at its root. NOT_FOUND when it does not exist (callers decide about folder-only visibility). */
export async function loadSpaceAccess(db: Db, viewer: Viewer | null, id: string): Promise<SpaceAccess> {
  const v = requireViewer(viewer);
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  const { rows } = await sql<FactsRow & { id: string; name: string; status: 'active' | 'archived'; view_audience_id: string; edit_audience_id: string | null }>`
    select s.id, s.name, s.status, s.view_audience_id, s.edit_audience_id, ${factsColumns(v, sql`s.view_audience_id`, sql`s.edit_audience_id`, sql`s.id`)}
    from kb_space s where s.id = ${id}`.execute(db);
  const r = rows[0];
  if (!r) throw new AppError('NOT_FOUND');
  return { id: r.id, name: r.name, status: r.status, viewAudienceId: r.view_audience_id, editAudienceId: r.edit_audience_id, can: factsOf(v, r) };
}

export type FolderAccess = {
  id: string; spaceId: string; parentId: string | null; name: string; viewAudienceId: string | null; editAudienceId: string | null; can: KbAbilities;
};

export async function loadFolderAccess(db: Db, viewer: Viewer | null, id: string): Promise<FolderAccess> {
  const v = requireViewer(viewer);
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  const { rows } = await sql<FactsRow & { id: string; space_id: string; parent_id: string | null; name: string; view_audience_id: string | null; edit_audience_id: string | null }>`
    select f.id, f.space_id, f.parent_id, f.name, f.view_audience_id, f.edit_audience_id,
      ${factsColumns(v, sql`f.eff_view_audience_id`, sql`f.eff_edit_audience_id`, sql`f.space_id`)}
    from kb_folder f join kb_space s on s.id = f.space_id where f.id = ${id}`.execute(db);
  const r = rows[0];
  if (!r) throw new AppError('NOT_FOUND');
  const can = factsOf(v, r);
  if (!can.view) throw new AppError('NOT_FOUND');
  return { id: r.id, spaceId: r.space_id, parentId: r.parent_id, name: r.name, viewAudienceId: r.view_audience_id, editAudienceId: r.edit_audience_id, can };
}

export type ArticleAccess = {
  id: string; spaceId: string; folderId: string | null; title: string; version: number; can: KbAbilities;
};

/** One article and what the viewer may do with it; NOT_FOUND for anyone who may not read it. */
export async function loadArticleAccess(db: Db, viewer: Viewer | null, id: string, opts: { forUpdate?: boolean } = {}): Promise<ArticleAccess> {
  const v = requireViewer(viewer);
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  if (opts.forUpdate) await sql`select 1 from kb_article where id = ${id} for update`.execute(db);
  const { rows } = await sql<FactsRow & { id: string; space_id: string; folder_id: string | null; title: string; version: number }>`
    select a.id, a.space_id, a.folder_id, a.title, a.version,
      ${factsColumns(v, sql`coalesce(f.eff_view_audience_id, s.view_audience_id)`, sql`coalesce(f.eff_edit_audience_id, s.edit_audience_id)`, sql`a.space_id`)}
    from kb_article a join kb_space s on s.id = a.space_id left join kb_folder f on f.id = a.folder_id
    where a.id = ${id}`.execute(db);
  const r = rows[0];
  if (!r) throw new AppError('NOT_FOUND');
  const can = factsOf(v, r);
  if (!can.view) throw new AppError('NOT_FOUND');
  return { id: r.id, spaceId: r.space_id, folderId: r.folder_id, title: r.title, version: r.version, can };
}

/**
 * SQL: person row `p` (an alias of `person` in the caller's query) may read article `articleId` —
 * readableSql / kbAbilities(...).view as a correlated EXISTS, for callers that ask about many
 * people at once (the notification centre, the bell and the digest): admins; the article's
 * effective view or edit audience (its folder's, else its space's); the space's owners (employees).
 */
export function articleReadableByPersonSql(articleId: RawBuilder<unknown>, p = 'p'): RawBuilder<boolean> {
  const id = sql.ref(`${p}.id`);
  const employee = sql<boolean>`${sql.ref(`${p}.kind`)} = 'employee'`;
  return sql<boolean>`exists (select 1 from kb_article a join kb_space s on s.id = a.space_id left join kb_folder f on f.id = a.folder_id
    where a.id = ${articleId} and (
      (${employee} and ${personHasRoleSql(id, 'admin')})
      or ${personInAudienceSql(sql`coalesce(f.eff_view_audience_id, s.view_audience_id)`, p)}
      or ${personInAudienceSql(sql`coalesce(f.eff_edit_audience_id, s.edit_audience_id)`, p)}
      or (${employee} and exists (select 1 from kb_space_owner o where o.space_id = a.space_id and o.person_id = ${id}))))`;
}
