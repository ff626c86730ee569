import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { audienceMembersSql, getAudienceSpec } from '@/lib/audience/queries';
import type { AudienceSpec } from '@/lib/audience/schema';
import { isAdmin, requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { canCreateSpace, kbAbilities, requireKbAbility, type KbAbilities } from './abilities';
import { articleReadableSql, folderReadableSql, loadArticleAccess, loadFolderAccess, loadSpaceAccess, spaceReadableSql, viewerAudiences } from './access';
import { diffStats, diffText, type DiffPart } from './diff';
import { renderArticle, type OutlineEntry } from './outline';

export const VERSIONS_PAGE = 50;
export const ACK_PAGE = 50;

export type SpaceListItem = { id: string; name: string; description: string; status: 'active' | 'archived'; articleCount: number; updatedAt: Date | null };

/**
 * The spaces the viewer reaches: readable at their root, or holding a folder they may read (a
 * partner sees a space through the one folder shared with their organisation). Nothing else.
 */
export async function listSpaces(db: Kysely<DB>, viewer: Viewer | null): Promise<{ items: SpaceListItem[]; canCreate: boolean }> {
  const v = requireViewer(viewer);
  const { rows } = await sql<{ id: string; name: string; description: string; status: 'active' | 'archived'; updated_at: Date | null }>`
    select s.id, s.name, s.description, s.status,
      (select max(a.updated_at) from kb_article a where a.space_id = s.id) as updated_at
    from kb_space s
    where ${spaceReadableSql(v)} or exists (select 1 from kb_folder f where f.space_id = s.id and ${folderReadableSql(v)})
    order by s.status, s.name
    limit 500`.execute(db);
  return {
    items: rows.map((r) => ({ id: r.id, name: r.name, description: r.description, status: r.status, articleCount: 0, updatedAt: r.updated_at })),
    canCreate: canCreateSpace(v),
  };
}

export type FolderItem = { id: string; name: string; restricted: boolean };
export type ArticleItem = { id: string; title: string; updatedAt: Date; updatedByName: string; version: number; folderId: string | null; folderName: string | null };
export type Crumb = { kind: 'space' | 'folder'; id: string; name: string | null };

type ArticleRow = { id: string; title: string; updated_at: Date; updated_by_name: string; version: number; folder_id: string | null; folder_name: string | null };
const toArticleItem = (r: ArticleRow): ArticleItem => ({
  id: r.id, title: r.title, updatedAt: r.updated_at, updatedByName: r.updated_by_name, version: r.version, folderId: r.folder_id, folderName: r.folder_name,
});

async function folderCrumbs(db: Kysely<DB>, v: Viewer, spaceId: string, spaceName: string, folderId: string | null): Promise<Crumb[]> {
  const crumbs: Crumb[] = [{ kind: 'space', id: spaceId, name: spaceName }];
  if (!folderId) return crumbs;
  const { rows } = await sql<{ id: string; name: string; readable: boolean }>`
    select f.id, f.name, ${folderReadableSql(v)} as readable
    from kb_folder_closure c join kb_folder f on f.id = c.ancestor_id
    where c.descendant_id = ${folderId} order by c.depth desc`.execute(db);
  // A folder above one shared with the viewer keeps its name to itself.
  return [...crumbs, ...rows.map((r) => ({ kind: 'folder' as const, id: r.id, name: r.readable ? r.name : null }))];
}

export type SpaceHome = {
  id: string; name: string; description: string; status: 'active' | 'archived'; can: KbAbilities;
  folders: FolderItem[]; rootArticles: ArticleItem[]; recent: ArticleItem[]; owners: { id: string; name: string }[];
};

/** A space's home: its folders the viewer may read and the recently changed articles. */
export async function getSpace(db: Kysely<DB>, viewer: Viewer | null, id: string): Promise<SpaceHome> {
  const v = requireViewer(viewer);
  const space = await loadSpaceAccess(db, v, id);
  const [{ rows: folders }, s] = await Promise.all([
    // Folders readable whose parent is not (the top of what the viewer sees in this space).
    sql<{ id: string; name: string; restricted: boolean }>`
      select f.id, f.name, (f.view_audience_id is not null) as restricted from kb_folder f
      left join kb_folder p on p.id = f.parent_id
      where f.space_id = ${id} and ${folderReadableSql(v)} and (f.parent_id is null or not ${folderReadableSql(v, 'p')})
      order by f.name limit 500`.execute(db),
    db.selectFrom('kb_space').select(['description', 'status']).where('id', '=', id).executeTakeFirstOrThrow(),
  ]);
  if (!space.can.view && folders.length === 0) throw new AppError('NOT_FOUND');
  const [{ rows: recent }, { rows: rootArticles }, owners] = await Promise.all([
    sql<ArticleRow>`
      select a.id, a.title, a.updated_at, p.name as updated_by_name, a.version, a.folder_id, f.name as folder_name
      from kb_article a join kb_space s on s.id = a.space_id left join kb_folder f on f.id = a.folder_id join person p on p.id = a.updated_by
      where a.space_id = ${id} and ${articleReadableSql(v)}
      order by a.updated_at desc limit 10`.execute(db),
    space.can.view
      ? sql<ArticleRow>`
        select a.id, a.title, a.updated_at, p.name as updated_by_name, a.version, a.folder_id, null as folder_name
        from kb_article a join person p on p.id = a.updated_by
        where a.space_id = ${id} and a.folder_id is null order by a.title limit 200`.execute(db)
      : Promise.resolve({ rows: [] as ArticleRow[] }),
    db.selectFrom('kb_space_owner as o').innerJoin('person as p', 'p.id', 'o.person_id').select(['p.id', 'p.name']).where('o.space_id', '=', id).orderBy('p.name').execute(),
  ]);
  return {
    id, name: space.name, description: s.description, status: s.status, can: space.can,
    folders: folders.map((f) => ({ id: f.id, name: f.name, restricted: f.restricted })),
    rootArticles: rootArticles.map(toArticleItem), recent: recent.map(toArticleItem),
    owners: v.kind === 'employee' ? owners : [],
  };
}

export type FolderPage = {
  id: string; name: string; spaceId: string; spaceName: string; parentId: string | null; can: KbAbilities; crumbs: Crumb[];
  folders: FolderItem[]; articles: ArticleItem[];
};

export async function getFolder(db: Kysely<DB>, viewer: Viewer | null, id: string): Promise<FolderPage> {
  const v = requireViewer(viewer);
  const folder = await loadFolderAccess(db, v, id);
  const space = await db.selectFrom('kb_space').select(['name']).where('id', '=', folder.spaceId).executeTakeFirstOrThrow();
  const [crumbs, { rows: folders }, { rows: articles }] = await Promise.all([
    folderCrumbs(db, v, folder.spaceId, space.name, folder.parentId),
    sql<{ id: string; name: string; restricted: boolean }>`
      select f.id, f.name, (f.view_audience_id is not null) as restricted from kb_folder f
      where f.parent_id = ${id} and ${folderReadableSql(v)} order by f.name limit 500`.execute(db),
    sql<ArticleRow>`
      select a.id, a.title, a.updated_at, p.name as updated_by_name, a.version, a.folder_id, null as folder_name
      from kb_article a join person p on p.id = a.updated_by
      where a.folder_id = ${id} order by a.title limit 500`.execute(db),
  ]);
  return {
    id, name: folder.name, spaceId: folder.spaceId, spaceName: space.name, parentId: folder.parentId, can: folder.can, crumbs,
    folders: folders.map((f) => ({ id: f.id, name: f.name, restricted: f.restricted })), articles: articles.map(toArticleItem),
  };
}

export type RequiredState = {
  /** Required for the viewer (in the audience). */
  required: boolean;
  requiredVersion: number;
  ackedVersion: number | null;
  ackedAt: Date | null;
  /** Asked to acknowledge now (never acknowledged, an older version than required, or renewal due). */
  due: boolean;
  renewalDays: number | null;
};

export type ArticleDetail = {
  id: string; title: string; html: string; outline: OutlineEntry[]; version: number; spaceId: string; spaceName: string; folderId: string | null;
  crumbs: Crumb[]; updatedAt: Date; updatedByName: string; can: KbAbilities;
  requiredReading: { audienceSize: number | null; renewalDays: number | null; requiredVersion: number } | null;
  me: RequiredState | null;
  files: { id: string; filename: string; size: number; contentType: string }[];
};

function dueOf(r: { required_version: number; renewal_days: number | null; acked_version: number | null; acked_at: Date | null }, now: Date): boolean {
  if (r.acked_version === null || r.acked_version < r.required_version) return true;
  return r.renewal_days !== null && !!r.acked_at && r.acked_at.getTime() + r.renewal_days * 86_400_000 < now.getTime();
}

export async function getArticle(db: Kysely<DB>, viewer: Viewer | null, id: string, now = new Date()): Promise<ArticleDetail> {
  const v = requireViewer(viewer);
  const access = await loadArticleAccess(db, v, id);
  const a = await db.selectFrom('kb_article as a').innerJoin('kb_space as s', 's.id', 'a.space_id').innerJoin('person as p', 'p.id', 'a.updated_by')
    .select(['a.id', 'a.title', 'a.body_md', 'a.version', 'a.space_id', 's.name as space_name', 'a.folder_id', 'a.updated_at', 'p.name as updated_by_name'])
    .where('a.id', '=', id).executeTakeFirstOrThrow();
  const [crumbs, rr, files] = await Promise.all([
    folderCrumbs(db, v, a.space_id, a.space_name, a.folder_id),
    sql<{ audience_id: string; renewal_days: number | null; required_version: number; in_audience: boolean; acked_version: number | null; acked_at: Date | null }>`
      select r.audience_id, r.renewal_days, r.required_version, r.audience_id in ${viewerAudiences(v)} as in_audience, k.version as acked_version, k.acked_at
      from kb_required_reading r left join kb_ack k on k.article_id = r.article_id and k.person_id = ${v.id}
      where r.article_id = ${id}`.execute(db),
    db.selectFrom('kb_article_file as af').innerJoin('stored_file as f', 'f.id', 'af.file_id').select(['f.id', 'f.filename', 'f.size', 'f.content_type'])
      .where('af.article_id', '=', id).orderBy('af.created_at').execute(),
  ]);
  const r = rr.rows[0];
  const { html, outline } = renderArticle(a.body_md);
  return {
    id: a.id, title: a.title, html, outline, version: a.version, spaceId: a.space_id, spaceName: a.space_name, folderId: a.folder_id, crumbs,
    updatedAt: a.updated_at, updatedByName: a.updated_by_name, can: access.can,
    requiredReading: r && access.can.require ? { audienceSize: null, renewalDays: r.renewal_days, requiredVersion: r.required_version } : null,
    me: r && r.in_audience ? { required: true, requiredVersion: r.required_version, ackedVersion: r.acked_version, ackedAt: r.acked_at, due: dueOf(r, now), renewalDays: r.renewal_days } : null,
    files: files.map((f) => ({ id: f.id, filename: f.filename, size: Number(f.size), contentType: f.content_type })),
  };
}

/** The article's source for its editor (editors only). */
export async function getArticleSource(db: Kysely<DB>, viewer: Viewer | null, id: string) {
  const v = requireViewer(viewer);
  const access = await loadArticleAccess(db, v, id);
  requireKbAbility(v, access.can, 'edit');
  const a = await db.selectFrom('kb_article').select(['id', 'title', 'body_md', 'version', 'space_id', 'folder_id']).where('id', '=', id).executeTakeFirstOrThrow();
  const s = await db.selectFrom('kb_space').select('name').where('id', '=', a.space_id).executeTakeFirstOrThrow();
  return { id: a.id, title: a.title, bodyMd: a.body_md, version: a.version, spaceId: a.space_id, spaceName: s.name, folderId: a.folder_id, can: access.can, crumbs: await folderCrumbs(db, v, a.space_id, s.name, a.folder_id) };
}

export type VersionItem = { version: number; title: string; authorName: string; summary: string | null; kind: 'create' | 'edit' | 'restore' | 'move'; restoredFrom: number | null; material: boolean; createdAt: Date };

export async function listVersions(db: Kysely<DB>, viewer: Viewer | null, id: string, page = 1) {
  const v = requireViewer(viewer);
  const access = await loadArticleAccess(db, v, id);
  const rows = await db.selectFrom('kb_article_version as av').innerJoin('person as p', 'p.id', 'av.author_id')
    .select(['av.version', 'av.title', 'p.name as author_name', 'av.summary', 'av.kind', 'av.restored_from', 'av.material', 'av.created_at'])
    .where('av.article_id', '=', id).orderBy('av.version', 'desc').limit(VERSIONS_PAGE + 1).offset((page - 1) * VERSIONS_PAGE).execute();
  return {
    id, title: access.title, current: access.version, can: access.can, page, hasNext: rows.length > VERSIONS_PAGE,
    items: rows.slice(0, VERSIONS_PAGE).map((r): VersionItem => ({
      version: r.version, title: r.title, authorName: r.author_name, summary: r.summary, kind: r.kind, restoredFrom: r.restored_from, material: r.material, createdAt: r.created_at,
    })),
  };
}

export type Comparison = {
  id: string; title: string; current: number; can: KbAbilities;
  from: { version: number; title: string; authorName: string; createdAt: Date };
  to: { version: number; title: string; authorName: string; createdAt: Date };
  titleDiff: DiffPart[]; parts: DiffPart[]; stats: { added: number; removed: number };
};

/** Compares any two versions of an article, inline: additions and deletions marked. */
export async function compareVersions(db: Kysely<DB>, viewer: Viewer | null, id: string, from: number, to: number): Promise<Comparison> {
  const v = requireViewer(viewer);
  const access = await loadArticleAccess(db, v, id);
  if (!Number.isInteger(from) || !Number.isInteger(to)) throw new AppError('NOT_FOUND');
  const rows = await db.selectFrom('kb_article_version as av').innerJoin('person as p', 'p.id', 'av.author_id')
    .select(['av.version', 'av.title', 'av.body_md', 'p.name as author_name', 'av.created_at'])
    .where('av.article_id', '=', id).where('av.version', 'in', [from, to]).execute();
  const a = rows.find((r) => r.version === from);
  const b = rows.find((r) => r.version === to);
  if (!a || !b) throw new AppError('NOT_FOUND');
  const parts = diffText(a.body_md, b.body_md);
  return {
    id, title: access.title, current: access.version, can: access.can,
    from: { version: a.version, title: a.title, authorName: a.author_name, createdAt: a.created_at },
    to: { version: b.version, title: b.title, authorName: b.author_name, createdAt: b.created_at },
    titleDiff: diffText(a.title, b.title), parts, stats: diffStats(parts),
  };
}

/** One old version, rendered. */
export async function getVersion(db: Kysely<DB>, viewer: Viewer | null, id: string, version: number) {
  const v = requireViewer(viewer);
  const access = await loadArticleAccess(db, v, id);
  const r = await db.selectFrom('kb_article_version as av').innerJoin('person as p', 'p.id', 'av.author_id')
    .select(['av.version', 'av.title', 'av.body_md', 'p.name as author_name', 'av.created_at', 'av.summary'])
    .where('av.article_id', '=', id).where('av.version', '=', Number.isInteger(version) ? version : -1).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND');
  return { id, current: access.version, can: access.can, version: r.version, title: r.title, html: renderArticle(r.body_md).html, authorName: r.author_name, createdAt: r.created_at, summary: r.summary };
}

export type MoveTarget = { value: string; label: string };

/** Where the viewer may move an article or write a new one: space roots and folders they may edit (at most 300). */
export async function listEditableTargets(db: Kysely<DB>, viewer: Viewer | null): Promise<MoveTarget[]> {
  const v = requireViewer(viewer);
  const aud = viewerAudiences(v);
  const admin = isAdmin(v);
  const owned = sql`(select o.space_id from kb_space_owner o where o.person_id = ${v.id})`;
  const { rows } = await sql<{ kind: 'space' | 'folder'; id: string; space_name: string; path: string | null }>`
    select 'space' as kind, s.id, s.name as space_name, null as path from kb_space s
    where s.status = 'active' and (${admin} or s.id in ${owned} or s.edit_audience_id in ${aud})
    union all
    select 'folder', f.id, s.name, (select string_agg(af.name, ' / ' order by c.depth desc) from kb_folder_closure c join kb_folder af on af.id = c.ancestor_id where c.descendant_id = f.id)
    from kb_folder f join kb_space s on s.id = f.space_id
    where s.status = 'active' and (${admin} or f.space_id in ${owned} or f.eff_edit_audience_id in ${aud})
    order by 3, 4 nulls first limit 300`.execute(db);
  return rows.map((r) => ({ value: `${r.kind}:${r.id}`, label: r.path ? `${r.space_name} / ${r.path}` : r.space_name }));
}

/** A space's folders (for the move-folder choice), for its managers. */
export async function listSpaceFolders(db: Kysely<DB>, viewer: Viewer | null, spaceId: string): Promise<MoveTarget[]> {
  const v = requireViewer(viewer);
  const space = await loadSpaceAccess(db, v, spaceId);
  requireKbAbility(v, space.can, 'manage');
  const { rows } = await sql<{ id: string; path: string }>`
    select f.id, (select string_agg(af.name, ' / ' order by c.depth desc) from kb_folder_closure c join kb_folder af on af.id = c.ancestor_id where c.descendant_id = f.id) as path
    from kb_folder f where f.space_id = ${spaceId} order by 2 limit 500`.execute(db);
  return rows.map((r) => ({ value: r.id, label: r.path }));
}

export type AudienceForm = { spec: AudienceSpec | null; labels: { units: Record<string, string>; people: Record<string, string>; partnerOrgs: Record<string, string> } };

async function audienceForm(db: Kysely<DB>, audienceId: string | null): Promise<AudienceForm> {
  if (!audienceId) return { spec: null, labels: { units: {}, people: {}, partnerOrgs: {} } };
  const spec = await getAudienceSpec(db, audienceId);
  const [units, people, orgs] = await Promise.all([
    spec.units.length ? db.selectFrom('org_unit').select(['id', 'name']).where('id', 'in', spec.units.map((u) => u.unitId)).execute() : [],
    spec.people.length ? db.selectFrom('person').select(['id', 'name', 'email']).where('id', 'in', spec.people).execute() : [],
    spec.partnerOrgs.length ? db.selectFrom('partner_org').select(['id', 'name']).where('id', 'in', spec.partnerOrgs).execute() : [],
  ]);
  return {
    spec,
    labels: {
      units: Object.fromEntries(units.map((u) => [u.id, u.name])),
      people: Object.fromEntries(people.map((p) => [p.id, `${p.name} <${p.email}>`])),
      partnerOrgs: Object.fromEntries(orgs.map((o) => [o.id, o.name])),
    },
  };
}

/** A space's settings for its managers' form. */
export async function getSpaceSettings(db: Kysely<DB>, viewer: Viewer | null, id: string) {
  const v = requireViewer(viewer);
  const space = await loadSpaceAccess(db, v, id);
  requireKbAbility(v, space.can, 'manage');
  const s = await db.selectFrom('kb_space').select(['name', 'description']).where('id', '=', id).executeTakeFirstOrThrow();
  const owners = await db.selectFrom('kb_space_owner as o').innerJoin('person as p', 'p.id', 'o.person_id').select(['p.id', 'p.name', 'p.email']).where('o.space_id', '=', id).execute();
  const [view, edit] = await Promise.all([audienceForm(db, space.viewAudienceId), audienceForm(db, space.editAudienceId)]);
  return { id, name: s.name, description: s.description, can: space.can, owners: owners.map((o) => ({ id: o.id, label: `${o.name} <${o.email}>` })), view, edit };
}

/** A folder's settings for the space's managers. */
export async function getFolderSettings(db: Kysely<DB>, viewer: Viewer | null, id: string) {
  const v = requireViewer(viewer);
  const folder = await loadFolderAccess(db, v, id);
  const space = await loadSpaceAccess(db, v, folder.spaceId);
  requireKbAbility(v, space.can, 'manage');
  const [view, edit] = await Promise.all([audienceForm(db, folder.viewAudienceId), audienceForm(db, folder.editAudienceId)]);
  return { id, spaceId: folder.spaceId, parentId: folder.parentId, name: folder.name, can: space.can, view, edit };
}

export type AckRow = { personId: string; name: string; email: string; ackedVersion: number | null; ackedAt: Date | null; current: boolean };

/** Who in the required reading's audience acknowledged which version (owners, admins, communications officers). */
export async function getAckReport(db: Kysely<DB>, viewer: Viewer | null, id: string, opts: { page?: number; filter?: 'pending' | 'done' | 'all' } = {}, now = new Date()) {
  const v = requireViewer(viewer);
  const access = await loadArticleAccess(db, v, id);
  requireKbAbility(v, access.can, 'require');
  const rr = await db.selectFrom('kb_required_reading').selectAll().where('article_id', '=', id).executeTakeFirst();
  if (!rr) throw new AppError('NOT_FOUND');
  const page = opts.page ?? 1;
  const renewalCut = rr.renewal_days ? new Date(now.getTime() - rr.renewal_days * 86_400_000) : null;
  const doneSql = sql`(k.version >= ${rr.required_version} and (${renewalCut}::timestamptz is null or k.acked_at >= ${renewalCut}::timestamptz))`;
  const filter = opts.filter === 'pending' ? sql`and not coalesce(${doneSql}, false)` : opts.filter === 'done' ? sql`and ${doneSql}` : sql``;
  const [{ rows: counts }, { rows }] = await Promise.all([
    sql<{ total: number; done: number }>`
      select count(*)::int as total, count(*) filter (where ${doneSql})::int as done
      from (${audienceMembersSql(rr.audience_id)}) m left join kb_ack k on k.article_id = ${id} and k.person_id = m.person_id`.execute(db),
    sql<{ person_id: string; name: string; email: string; acked_version: number | null; acked_at: Date | null; done: boolean }>`
      select p.id as person_id, p.name, p.email, k.version as acked_version, k.acked_at, coalesce(${doneSql}, false) as done
      from (${audienceMembersSql(rr.audience_id)}) m join person p on p.id = m.person_id
      left join kb_ack k on k.article_id = ${id} and k.person_id = m.person_id
      where true ${filter}
      order by p.name, p.id limit ${ACK_PAGE + 1} offset ${(page - 1) * ACK_PAGE}`.execute(db),
  ]);
  return {
    id, title: access.title, version: access.version, requiredVersion: rr.required_version, renewalDays: rr.renewal_days,
    total: counts[0]?.total ?? 0, done: counts[0]?.done ?? 0, page, hasNext: rows.length > ACK_PAGE,
    items: rows.slice(0, ACK_PAGE).map((r): AckRow => ({ personId: r.person_id, name: r.name, email: r.email, ackedVersion: r.acked_version, ackedAt: r.acked_at, current: r.done })),
  };
}

/** What changed since the version the viewer acknowledged (shown when they are asked again). */
export async function changesSinceAck(db: Kysely<DB>, viewer: Viewer | null, id: string): Promise<Comparison | null> {
  const v = requireViewer(viewer);
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  const k = await db.selectFrom('kb_ack').select('version').where('article_id', '=', id).where('person_id', '=', v.id).executeTakeFirst();
  const a = await loadArticleAccess(db, v, id);
  if (!k || k.version >= a.version) return null;
  return compareVersions(db, v, id, k.version, a.version);
}

export { kbAbilities };
