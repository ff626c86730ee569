import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { requireEmployee } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError, invalidFields } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import type { RequestMeta } from '@/lib/http/request-meta';
import { isUuid } from '@/lib/ids';
import { requireSavedReplyAbility, savedReplyAbilities, type SavedReplyAbilities } from './abilities';
import { idOnly, savedReplyListSchema, savedReplySchema } from './schema';

type Db = Kysely<DB> | Transaction<DB>;
type Opts = { meta?: RequestMeta };

export const SAVED_REPLY_PAGE = 30;
/** At most this many replies are offered on a request page (the unit's and the viewer's own). */
export const SAVED_REPLY_OFFER = 100;

const headsUnitSql = (viewer: Viewer, unitCol: string) =>
  sql<boolean>`(${sql.ref(unitCol)} is not null and exists (select 1 from org_unit_closure c where c.descendant_id = ${sql.ref(unitCol)} and c.ancestor_id = any(${[...viewer.headOfUnitIds]}::uuid[])))`;

export type SavedReply = {
  id: string; title: string; titleEn: string | null; bodyZh: string; bodyEn: string;
  unitId: string | null; unitName: string | null; unitNameEn: string | null; personal: boolean; can: SavedReplyAbilities;
};

function toReply(viewer: Viewer, r: { id: string; title: string; title_en: string | null; body_zh: string; body_en: string; unit_id: string | null; owner_id: string | null; heads_unit: boolean; unit_name: string | null; unit_name_en: string | null }): SavedReply {
  return {
    id: r.id, title: r.title, titleEn: r.title_en, bodyZh: r.body_zh, bodyEn: r.body_en, unitId: r.unit_id, unitName: r.unit_name, unitNameEn: r.unit_name_en,
    personal: r.owner_id !== null, can: savedReplyAbilities(viewer, { unitId: r.unit_id, ownerId: r.owner_id, headsUnit: r.heads_unit }),
  };
}

const baseQuery = (db: Db, viewer: Viewer) =>
  db.selectFrom('request_saved_reply as s').leftJoin('org_unit as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.title', 's.title_en', 's.body_zh', 's.body_en', 's.unit_id', 's.owner_id', 'u.name as unit_name', 'u.name_en as unit_name_en', headsUnitSql(viewer, 's.unit_id').as('heads_unit')]);

/**
 * The replies offered on one request: the handling unit's and the viewer's personal ones (staff of
 * the request only — getRequest asks for them after its own check). Personal first, then by title.
 */
export async function savedRepliesForRequest(db: Db, viewer: Viewer, unitId: string): Promise<SavedReply[]> {
  const rows = await baseQuery(db, viewer)
    .where((eb) => eb.or([eb('s.unit_id', '=', unitId), eb('s.owner_id', '=', viewer.id)]))
    .orderBy(sql`s.owner_id is null`).orderBy('s.title').limit(SAVED_REPLY_OFFER).execute();
  return rows.map((r) => toReply(viewer, r)).filter((r) => r.personal || r.unitId === unitId);
}

/**
 * /requests/saved-replies: the viewer's personal replies and those of the units they use (their
 * own unit and the trees they head; admins every unit's). Paged; indexed on (owner_id, title) and
 * (unit_id, title).
 */
export async function listSavedReplies(db: Kysely<DB>, viewer: Viewer | null, raw: unknown = {}) {
  const v = requireEmployee(viewer);
  const p = savedReplyListSchema.safeParse(raw ?? {});
  const page = (p.success ? p.data.page : undefined) ?? 1;
  const admin = v.roles.includes('admin');
  let q = baseQuery(db, v);
  if (!admin) {
    q = q.where((eb) => eb.or([
      eb('s.owner_id', '=', v.id),
      ...(v.unitId ? [eb('s.unit_id', '=', v.unitId)] : []),
      ...(v.headOfUnitIds.length ? [eb('s.unit_id', 'in', eb.selectFrom('org_unit_closure').select('descendant_id').where('ancestor_id', 'in', [...v.headOfUnitIds]))] : []),
    ]));
  } else {
    q = q.where((eb) => eb.or([eb('s.owner_id', '=', v.id), eb('s.unit_id', 'is not', null)]));
  }
  const rows = await q.orderBy(sql`s.owner_id is null`).orderBy('u.name').orderBy('s.title').orderBy('s.id')
    .limit(SAVED_REPLY_PAGE + 1).offset((page - 1) * SAVED_REPLY_PAGE).execute();
  return {
    page, hasMore: rows.length > SAVED_REPLY_PAGE, items: rows.slice(0, SAVED_REPLY_PAGE).map((r) => toReply(v, r)),
    // Whether the viewer manages any unit's replies (the form then offers "for a unit").
    canManageUnits: admin || v.headOfUnitIds.length > 0,
  };
}

async function loadReply(db: Db, viewer: Viewer, id: string) {
  if (!isUuid(id)) throw new AppError(viewer.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  const row = await baseQuery(db, viewer).where('s.id', '=', id).forUpdate('s').executeTakeFirst();
  if (!row) throw new AppError(viewer.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  return toReply(viewer, row);
}

/** Creates a personal or unit reply, or edits one (its scope stays). Unit replies are audited: they speak for a queue. */
export async function saveSavedReply(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<{ id: string }> {
  const viewer0 = requireEmployee(viewer);
  const f = parseInput(savedReplySchema, raw);
  const values = { title: f.title, title_en: f.titleEn, body_zh: f.bodyZh, body_en: f.bodyEn };
  return db.transaction().execute(async (trx) => {
    if (f.id) {
      const r = await loadReply(trx, viewer0, f.id);
      const v = requireSavedReplyAbility(viewer0, r.can, 'edit');
      await trx.updateTable('request_saved_reply').set({ ...values, updated_at: new Date() }).where('id', '=', r.id).execute();
      if (!r.personal) await recordAudit(trx, { actor: v, action: 'request.saved_reply_edit', target: { type: 'request_saved_reply', id: r.id, label: f.title }, details: { unitId: r.unitId }, meta: opts.meta });
      return { id: r.id };
    }
    if (f.scope === 'personal') {
      const v = requireSavedReplyAbility(viewer0, savedReplyAbilities(viewer0, { unitId: null, ownerId: viewer0.id, headsUnit: false }), 'edit');
      const r = await trx.insertInto('request_saved_reply').values({ ...values, owner_id: v.id }).returning('id').executeTakeFirstOrThrow();
      return { id: r.id };
    }
    const unitId = f.unit[0];
    const unit = await trx.selectFrom('org_unit as u').select(['u.id', 'u.name', headsUnitSql(viewer0, 'u.id').as('heads_unit')]).where('u.id', '=', unitId).executeTakeFirst();
    if (!unit) throw invalidFields({ unit: 'requests.errors.unitInvalid' });
    const can = savedReplyAbilities(viewer0, { unitId: unit.id, ownerId: null, headsUnit: unit.heads_unit });
    if (!can.edit) throw invalidFields({ unit: 'requests.errors.savedReplyUnitNotYours' }, undefined, 'FORBIDDEN');
    const r = await trx.insertInto('request_saved_reply').values({ ...values, unit_id: unit.id }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, { actor: viewer0, action: 'request.saved_reply_add', target: { type: 'request_saved_reply', id: r.id, label: f.title }, details: { unitId: unit.id, unit: unit.name }, meta: opts.meta });
    return { id: r.id };
  });
}

export async function deleteSavedReply(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<void> {
  const viewer0 = requireEmployee(viewer);
  const { id } = parseInput(idOnly, raw);
  await db.transaction().execute(async (trx) => {
    const r = await loadReply(trx, viewer0, id);
    const v = requireSavedReplyAbility(viewer0, r.can, 'edit');
    await trx.deleteFrom('request_saved_reply').where('id', '=', r.id).execute();
    if (!r.personal) await recordAudit(trx, { actor: v, action: 'request.saved_reply_remove', target: { type: 'request_saved_reply', id: r.id, label: r.title }, details: { unitId: r.unitId }, meta: opts.meta });
  });
}
