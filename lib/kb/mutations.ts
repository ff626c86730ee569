import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { createAudience } from '@/lib/audience/queries';
import type { AudienceSpecInput } from '@/lib/audience/schema';
import { recordAudit } from '@/lib/audit/record';
import { requireEmployee, requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError, invalidFields } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import type { RequestMeta } from '@/lib/http/request-meta';
import { isUuid } from '@/lib/ids';
import { markdownToText } from '@/lib/markdown/render';
import { notify } from '@/lib/notifications/producer';
import { fileStore } from '@/lib/files/storage';
import { indexDocument, removeDocument } from '@/lib/search/index';
import { requireKbAbility } from './abilities';
import { loadArticleAccess, loadFolderAccess, loadSpaceAccess, viewerAudiences } from './access';
import {
  ackSchema, createArticleSchema, deleteArticleSchema, folderSchema, moveArticleSchema, moveFolderSchema, requiredReadingSchema, restoreSchema, saveArticleSchema, spaceSchema,
  type FolderInput, type SpaceInput,
} from './schema';
import { addToClosure, isSelfOrDescendant, moveInClosure, recomputeEffectiveAudiences, refreshArticleReadKeys } from './tree';

type Opts = { meta?: RequestMeta; now?: Date };
type AudienceFields = Pick<SpaceInput, 'viewEveryone' | 'viewUnits' | 'viewPeople' | 'viewPartnerOrgs' | 'editEveryone' | 'editUnits' | 'editPeople' | 'editPartnerOrgs'>;

function specOf(everyone: boolean, units: string[], people: string[], partnerOrgs: string[]): AudienceSpecInput | null {
  if (!everyone && units.length + people.length + partnerOrgs.length === 0) return null;
  return { everyone, units: units.map((unitId) => ({ unitId, includeSubUnits: true })), people, partnerOrgs };
}

/** Every id named in an audience must exist (units, people, partner organisations): a clear message, not a database error. */
async function checkAudienceIds(trx: Transaction<DB>, prefix: 'view' | 'edit', f: AudienceFields): Promise<void> {
  const units = prefix === 'view' ? f.viewUnits : f.editUnits;
  const people = prefix === 'view' ? f.viewPeople : f.editPeople;
  const orgs = prefix === 'view' ? f.viewPartnerOrgs : f.editPartnerOrgs;
  const count = async (table: 'org_unit' | 'person' | 'partner_org', ids: string[]) =>
    ids.length === 0 ? 0 : Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', [...new Set(ids)]).executeTakeFirstOrThrow()).n);
  if ((await count('org_unit', units)) !== new Set(units).size) throw invalidFields({ [`${prefix}Units`]: 'errors.validation.invalid' });
  if ((await count('person', people)) !== new Set(people).size) throw invalidFields({ [`${prefix}People`]: 'errors.validation.invalid' });
  if ((await count('partner_org', orgs)) !== new Set(orgs).size) throw invalidFields({ [`${prefix}PartnerOrgs`]: 'errors.validation.invalid' });
}

async function audienceIds(trx: Transaction<DB>, f: AudienceFields, opts: { folder: boolean; viewInherit?: boolean; editInherit?: boolean }) {
  const view = opts.viewInherit ? null : specOf(f.viewEveryone, f.viewUnits, f.viewPeople, f.viewPartnerOrgs);
  const edit = opts.editInherit ? null : specOf(f.editEveryone, f.editUnits, f.editPeople, f.editPartnerOrgs);
  if (!opts.viewInherit && !view) throw invalidFields({ viewUnits: 'kb.errors.viewAudienceEmpty' });
  // Partners edit only a named folder (a supplier's quality documents), never a whole space.
  if (!opts.folder && f.editPartnerOrgs.length > 0) throw invalidFields({ editPartnerOrgs: 'kb.errors.partnerEditFolderOnly' });
  if (view) await checkAudienceIds(trx, 'view', f);
  if (edit) await checkAudienceIds(trx, 'edit', f);
  return { viewId: view ? await createAudience(trx, view) : null, editId: edit ? await createAudience(trx, edit) : null };
}

async function checkOwners(trx: Transaction<DB>, owners: string[]): Promise<void> {
  if (owners.length === 0) return;
  const n = await trx.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', 'in', owners).where('kind', '=', 'employee').where('status', '=', 'active').executeTakeFirstOrThrow();
  if (Number(n.n) !== owners.length) throw invalidFields({ owners: 'kb.errors.ownersEmployees' });
}

/** Creates a space (any employee; they become an owner) or changes one (its owners, admins). */
export async function saveSpace(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<{ id: string; created: boolean }> {
  const v = requireEmployee(viewer);
  const f = parseInput(spaceSchema, raw);
  if (f.id) {
    const access = await loadSpaceAccess(db, v, f.id);
    requireKbAbility(v, access.can, 'manage');
  }
  const owners = [...new Set(f.id ? f.owners : [v.id, ...f.owners])];
  if (owners.length === 0) throw invalidFields({ owners: 'kb.errors.ownersEmpty' });
  return db.transaction().execute(async (trx) => {
    await checkOwners(trx, owners);
    const { viewId, editId } = await audienceIds(trx, f, { folder: false });
    const values = { name: f.name, description: f.description ?? '', view_audience_id: viewId!, edit_audience_id: editId, updated_at: opts.now ?? new Date() };
    let id = f.id;
    if (id) {
      await trx.updateTable('kb_space').set(values).where('id', '=', id).execute();
      await trx.deleteFrom('kb_space_owner').where('space_id', '=', id).execute();
    } else {
      id = (await trx.insertInto('kb_space').values({ ...values, created_by: v.id }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await trx.insertInto('kb_space_owner').values(owners.map((person_id) => ({ space_id: id!, person_id }))).execute();
    await recomputeEffectiveAudiences(trx, id);
    await recordAudit(trx, {
      actor: v, action: f.id ? 'kb.space_update' : 'kb.space_create', target: { type: 'kb_space', id, label: f.name },
      details: { owners, viewAudienceId: viewId, editAudienceId: editId, sharedWithPartnerOrgs: f.viewPartnerOrgs }, meta: opts.meta,
    });
    return { id, created: !f.id };
  });
}

/** Creates or changes a folder: the space's owners and admins. Audiences inherit unless set. */
export async function saveFolder(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<{ id: string; spaceId: string; created: boolean }> {
  const v = requireViewer(viewer);
  const f: FolderInput = parseInput(folderSchema, raw);
  const space = await loadSpaceAccess(db, v, f.spaceId);
  requireKbAbility(v, space.can, 'manage');
  if (f.parentId) {
    const parent = await loadFolderAccess(db, v, f.parentId);
    if (parent.spaceId !== space.id) throw invalidFields({ parentId: 'errors.validation.invalid' });
  }
  return db.transaction().execute(async (trx) => {
    const { viewId, editId } = await audienceIds(trx, f, { folder: true, viewInherit: f.viewInherit, editInherit: f.editInherit });
    let id = f.id;
    const now = opts.now ?? new Date();
    if (id) {
      const cur = await trx.selectFrom('kb_folder').select(['id', 'space_id']).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!cur || cur.space_id !== space.id) throw new AppError('NOT_FOUND');
      await trx.updateTable('kb_folder').set({ name: f.name, view_audience_id: viewId, edit_audience_id: editId, updated_at: now }).where('id', '=', id).execute();
    } else {
      id = (await trx.insertInto('kb_folder').values({
        space_id: space.id, parent_id: f.parentId, name: f.name, view_audience_id: viewId, edit_audience_id: editId,
        eff_view_audience_id: space.viewAudienceId, eff_edit_audience_id: space.editAudienceId,
      }).returning('id').executeTakeFirstOrThrow()).id;
      await addToClosure(trx, id, f.parentId);
    }
    await recomputeEffectiveAudiences(trx, space.id);
    await recordAudit(trx, {
      actor: v, action: f.id ? 'kb.folder_update' : 'kb.folder_create', target: { type: 'kb_folder', id, label: f.name },
      details: { spaceId: space.id, viewAudienceId: viewId, editAudienceId: editId, sharedWithPartnerOrgs: [...f.viewPartnerOrgs, ...f.editPartnerOrgs] }, meta: opts.meta,
    });
    return { id, spaceId: space.id, created: !f.id };
  });
}

/** Moves a folder under another folder of the same space (or to its root). Never into itself. */
export async function moveFolder(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<{ id: string; spaceId: string }> {
  const v = requireViewer(viewer);
  const f = parseInput(moveFolderSchema, raw);
  const folder = await loadFolderAccess(db, v, f.id);
  const space = await loadSpaceAccess(db, v, folder.spaceId);
  requireKbAbility(v, space.can, 'manage');
  return db.transaction().execute(async (trx) => {
    if (f.parentId) {
      const target = await trx.selectFrom('kb_folder').select(['id', 'space_id']).where('id', '=', f.parentId).executeTakeFirst();
      if (!target || target.space_id !== folder.spaceId) throw invalidFields({ parentId: 'errors.validation.invalid' });
      if (await isSelfOrDescendant(trx, folder.id, f.parentId)) throw invalidFields({ parentId: 'kb.errors.folderIntoItself' });
    }
    await trx.updateTable('kb_folder').set({ parent_id: f.parentId, updated_at: opts.now ?? new Date() }).where('id', '=', folder.id).execute();
    await moveInClosure(trx, folder.id, f.parentId);
    await recomputeEffectiveAudiences(trx, folder.spaceId);
    await recordAudit(trx, { actor: v, action: 'kb.folder_move', target: { type: 'kb_folder', id: folder.id, label: folder.name }, details: { from: folder.parentId, to: f.parentId }, meta: opts.meta });
    return { id: folder.id, spaceId: folder.spaceId };
  });
}

/** Where an article may be written: the space root or one of its folders, checked for `edit`. */
async function editableTarget(db: Kysely<DB> | Transaction<DB>, v: Viewer, spaceId: string, folderId: string | null) {
  if (folderId) {
    const folder = await loadFolderAccess(db, v, folderId);
    if (folder.spaceId !== spaceId) throw new AppError('NOT_FOUND');
    requireKbAbility(v, folder.can, 'edit');
    return { spaceId, folderId };
  }
  const space = await loadSpaceAccess(db, v, spaceId);
  if (!space.can.view && !space.can.edit) throw new AppError('NOT_FOUND');
  requireKbAbility(v, space.can, 'edit');
  return { spaceId, folderId: null };
}

/** Writes an article again into the search index (after its files changed). */
export async function reindexArticle(trx: Transaction<DB>, id: string): Promise<void> {
  const a = await trx.selectFrom('kb_article').select(['id', 'space_id', 'title', 'body_md', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();
  await index(trx, a);
}

async function index(trx: Transaction<DB>, a: { id: string; space_id: string; title: string; body_md: string; updated_at: Date }) {
  const files = await trx.selectFrom('kb_article_file as af').innerJoin('stored_file as sf', 'sf.id', 'af.file_id').select('sf.filename').where('af.article_id', '=', a.id).execute();
  await indexDocument(trx, { kind: 'kb.article', itemId: a.id, title: a.title, body: markdownToText(a.body_md), extra: files.map((x) => x.filename).join(' '), scopeId: a.space_id, updatedAt: a.updated_at });
  await refreshArticleReadKeys(trx, { articleId: a.id });
}

export async function createArticle(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<{ id: string }> {
  const v = requireViewer(viewer);
  const f = parseInput(createArticleSchema, raw);
  const target = await editableTarget(db, v, f.spaceId, f.folderId);
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const a = await trx.insertInto('kb_article').values({
      space_id: target.spaceId, folder_id: target.folderId, title: f.title, body_md: f.body, version: 1, created_by: v.id, updated_by: v.id, created_at: now, updated_at: now,
    }).returningAll().executeTakeFirstOrThrow();
    await trx.insertInto('kb_article_version').values({ article_id: a.id, version: 1, title: f.title, body_md: f.body, author_id: v.id, summary: f.summary, kind: 'create', created_at: now }).execute();
    await index(trx, a);
    await recordAudit(trx, { actor: v, action: 'kb.article_create', target: { type: 'kb_article', id: a.id, label: f.title }, meta: opts.meta });
    return { id: a.id };
  });
}

/** Asks the audience of a required reading again (a material change): one notification each, set-based. */
async function askAgain(trx: Transaction<DB>, v: Viewer, articleId: string, title: string, version: number) {
  const rr = await trx.selectFrom('kb_required_reading').select(['audience_id']).where('article_id', '=', articleId).executeTakeFirst();
  if (!rr) return;
  await trx.updateTable('kb_required_reading').set({ required_version: version }).where('article_id', '=', articleId).execute();
  await notify(trx, {
    kind: 'kb.required_reading', recipients: { audienceId: rr.audience_id }, item: { type: 'kb_article', id: articleId, title },
    link: `/kb/articles/${articleId}`, message: { key: 'kb.notifications.requiredChanged', params: { title } }, actorId: v.id,
    dedupeKey: `kb.required_reading:${articleId}:${version}`,
  });
}

/**
 * Saves a new version. `baseVersion` is the version the editor opened: when someone else saved in
 * between, the save is refused (nothing is overwritten; the form keeps the text and links to the
 * other change).
 */
export async function saveArticle(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<{ id: string; version: number }> {
  const v = requireViewer(viewer);
  const f = parseInput(saveArticleSchema, raw);
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const access = await loadArticleAccess(trx, v, f.id, { forUpdate: true });
    requireKbAbility(v, access.can, 'edit');
    if (access.version !== f.baseVersion) {
      const other = await trx.selectFrom('kb_article_version as av').innerJoin('person as p', 'p.id', 'av.author_id')
        .select(['p.name', 'av.version']).where('av.article_id', '=', f.id).orderBy('av.version', 'desc').limit(1).executeTakeFirstOrThrow();
      throw invalidFields({ baseVersion: 'kb.errors.staleVersion' }, { name: other.name, version: other.version, base: f.baseVersion }, 'CONFLICT');
    }
    const cur = await trx.selectFrom('kb_article').select(['title', 'body_md']).where('id', '=', f.id).executeTakeFirstOrThrow();
    if (cur.title === f.title && cur.body_md === f.body) return { id: f.id, version: access.version };
    const version = access.version + 1;
    const a = await trx.updateTable('kb_article').set({ title: f.title, body_md: f.body, version, updated_by: v.id, updated_at: now }).where('id', '=', f.id).returningAll().executeTakeFirstOrThrow();
    await trx.insertInto('kb_article_version').values({ article_id: f.id, version, title: f.title, body_md: f.body, author_id: v.id, summary: f.summary, kind: 'edit', material: f.material, created_at: now }).execute();
    await index(trx, a);
    if (f.material) await askAgain(trx, v, f.id, f.title, version);
    await recordAudit(trx, { actor: v, action: 'kb.article_edit', target: { type: 'kb_article', id: f.id, label: f.title }, details: { version, material: f.material }, meta: opts.meta });
    return { id: f.id, version };
  });
}

/** Restores an old version by saving it again as the newest one (history is never rewritten). */
export async function restoreVersion(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<{ id: string; version: number }> {
  const v = requireViewer(viewer);
  const f = parseInput(restoreSchema, raw);
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const access = await loadArticleAccess(trx, v, f.id, { forUpdate: true });
    requireKbAbility(v, access.can, 'edit');
    const old = await trx.selectFrom('kb_article_version').select(['title', 'body_md']).where('article_id', '=', f.id).where('version', '=', f.version).executeTakeFirst();
    if (!old) throw new AppError('NOT_FOUND');
    const version = access.version + 1;
    const a = await trx.updateTable('kb_article').set({ title: old.title, body_md: old.body_md, version, updated_by: v.id, updated_at: now }).where('id', '=', f.id).returningAll().executeTakeFirstOrThrow();
    await trx.insertInto('kb_article_version').values({ article_id: f.id, version, title: old.title, body_md: old.body_md, author_id: v.id, kind: 'restore', restored_from: f.version, created_at: now }).execute();
    await index(trx, a);
    await recordAudit(trx, { actor: v, action: 'kb.article_restore', target: { type: 'kb_article', id: f.id, label: old.title }, details: { restoredFrom: f.version, version }, meta: opts.meta });
    return { id: f.id, version };
  });
}

/** Moves an article to a folder or space root the viewer may edit (`target`: "space:<id>" or "folder:<id>"). */
export async function moveArticle(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<{ id: string }> {
  const v = requireViewer(viewer);
  const f = parseInput(moveArticleSchema, raw);
  const access = await loadArticleAccess(db, v, f.id);
  requireKbAbility(v, access.can, 'edit');
  const [kind, targetId] = f.target.split(':');
  if (!isUuid(targetId) || (kind !== 'space' && kind !== 'folder')) throw invalidFields({ target: 'errors.validation.choose' });
  let spaceId = targetId;
  if (kind === 'folder') {
    const folder = await loadFolderAccess(db, v, targetId);
    spaceId = folder.spaceId;
  }
  const target = await editableTarget(db, v, spaceId, kind === 'folder' ? targetId : null);
  return db.transaction().execute(async (trx) => {
    const a = await trx.updateTable('kb_article').set({ space_id: target.spaceId, folder_id: target.folderId }).where('id', '=', f.id).returningAll().executeTakeFirstOrThrow();
    await index(trx, a);
    await recordAudit(trx, { actor: v, action: 'kb.article_move', target: { type: 'kb_article', id: f.id, label: a.title }, details: { from: { spaceId: access.spaceId, folderId: access.folderId }, to: target }, meta: opts.meta });
    return { id: f.id };
  });
}

/**
 * Deletes an article (its space's owners and admins; the title typed again to confirm). Its
 * versions, required reading and acknowledgements go with it (their rows cascade; the audit entry
 * keeps the title, the version count and who had acknowledged which version); its files are
 * unlinked and their bytes removed unless another item still refers to them; it leaves the search.
 */
export async function deleteArticle(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<{ spaceId: string; folderId: string | null }> {
  const v = requireViewer(viewer);
  const f = parseInput(deleteArticleSchema, raw);
  return db.transaction().execute(async (trx) => {
    const access = await loadArticleAccess(trx, v, f.id, { forUpdate: true });
    requireKbAbility(v, access.can, 'manage');
    if (f.confirmTitle.trim() !== access.title.trim()) throw invalidFields({ confirmTitle: 'kb.errors.confirmTitle' });
    const files = await trx.selectFrom('kb_article_file').select('file_id').where('article_id', '=', f.id).execute();
    const acks = await trx.selectFrom('kb_ack').select(({ fn }) => [fn.countAll<string>().as('n')]).where('article_id', '=', f.id).executeTakeFirstOrThrow();
    await trx.deleteFrom('kb_article').where('id', '=', f.id).execute();
    await fileStore.deleteUnreferenced(trx, files.map((x) => x.file_id));
    await removeDocument(trx, 'kb.article', f.id);
    await recordAudit(trx, {
      actor: v, action: 'kb.article_delete', target: { type: 'kb_article', id: f.id, label: access.title },
      details: { spaceId: access.spaceId, folderId: access.folderId, versions: access.version, acknowledgements: Number(acks.n), files: files.length }, meta: opts.meta,
    });
    return { spaceId: access.spaceId, folderId: access.folderId };
  });
}

/** Marks an article as required reading for an audience (owners, admins, communications officers). */
export async function markRequired(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<{ id: string }> {
  const v = requireViewer(viewer);
  const f = parseInput(requiredReadingSchema, raw);
  const access = await loadArticleAccess(db, v, f.id);
  requireKbAbility(v, access.can, 'require');
  const spec = specOf(f.everyone, f.units, f.people, f.partnerOrgs);
  if (!spec) throw invalidFields({ units: 'kb.errors.viewAudienceEmpty' });
  return db.transaction().execute(async (trx) => {
    await checkAudienceIds(trx, 'view', { viewEveryone: f.everyone, viewUnits: f.units, viewPeople: f.people, viewPartnerOrgs: f.partnerOrgs, editEveryone: false, editUnits: [], editPeople: [], editPartnerOrgs: [] });
    const audienceId = await createAudience(trx, spec);
    await trx.insertInto('kb_required_reading')
      .values({ article_id: f.id, audience_id: audienceId, renewal_days: f.renewalDays, required_version: access.version, marked_by: v.id })
      .onConflict((oc) => oc.column('article_id').doUpdateSet({ audience_id: audienceId, renewal_days: f.renewalDays, marked_by: v.id }))
      .execute();
    await notify(trx, {
      kind: 'kb.required_reading', recipients: { audienceId }, item: { type: 'kb_article', id: f.id, title: access.title },
      link: `/kb/articles/${f.id}`, message: { key: 'kb.notifications.required', params: { title: access.title } }, actorId: v.id,
      dedupeKey: `kb.required_reading:${f.id}:${access.version}:${audienceId}`,
    });
    await recordAudit(trx, { actor: v, action: 'kb.required_mark', target: { type: 'kb_article', id: f.id, label: access.title }, details: { audienceId, renewalDays: f.renewalDays }, meta: opts.meta });
    return { id: f.id };
  });
}

export async function unmarkRequired(db: Kysely<DB>, viewer: Viewer | null, id: string, opts: Opts = {}): Promise<void> {
  const v = requireViewer(viewer);
  const access = await loadArticleAccess(db, v, id);
  requireKbAbility(v, access.can, 'require');
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('kb_required_reading').where('article_id', '=', id).execute();
    await recordAudit(trx, { actor: v, action: 'kb.required_unmark', target: { type: 'kb_article', id, label: access.title }, meta: opts.meta });
  });
}

/** Acknowledges the version the person read (it must be the current one). */
export async function acknowledge(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<void> {
  const v = requireViewer(viewer);
  const f = parseInput(ackSchema, raw);
  const access = await loadArticleAccess(db, v, f.id);
  const { rows } = await sql<{ ok: boolean }>`
    select exists (select 1 from kb_required_reading r where r.article_id = ${f.id}
      and r.audience_id in ${viewerAudiences(v)}) as ok`.execute(db);
  if (!rows[0]?.ok) throw new AppError(v.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  if (f.version !== access.version) throw new AppError('CONFLICT', 'kb.errors.ackStale');
  const now = opts.now ?? new Date();
  await db.insertInto('kb_ack').values({ article_id: f.id, person_id: v.id, version: f.version, acked_at: now })
    .onConflict((oc) => oc.columns(['article_id', 'person_id']).doUpdateSet({ version: f.version, acked_at: now }))
    .execute();
}
