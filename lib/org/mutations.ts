import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { requireAdmin } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { recordAudit } from '@/lib/audit/record';
import { conflict, invalidFields, notFound } from '@/lib/errors';
import type { RequestMeta } from '@/lib/http/request-meta';
import { isUniqueViolation } from '@/db/errors';
import { parseInput } from '@/lib/forms/parse';
import {
  addUnitHeadSchema,
  createUnitSchema,
  deleteUnitSchema,
  moveUnitSchema,
  removeUnitHeadSchema,
  renameUnitSchema,
} from './schema';

/**
 * Org-tree changes. The closure table (org_unit_closure, with (self, self, 0) rows) is kept
 * in step here with set-based statements. Structural changes take one transaction-scoped
 * advisory lock so two concurrent moves can never build a cycle between them.
 */

const TREE_LOCK = 'plaza.org_unit.tree';

async function lockTree(trx: Transaction<DB>) {
  await sql`select pg_advisory_xact_lock(hashtext(${TREE_LOCK}))`.execute(trx);
}

function nameTaken(e: unknown): never {
  if (isUniqueViolation(e, 'org_unit_sibling_name_uq')) throw invalidFields({ name: 'admin.org.errors.nameTaken' }, undefined, 'CONFLICT');
  throw e;
}

async function loadUnit(trx: Transaction<DB>, unitId: string) {
  const unit = await trx.selectFrom('org_unit').select(['id', 'parent_id', 'name', 'name_en']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw notFound('admin.org.errors.unitNotFound');
  return unit;
}

export async function createUnit(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<{ id: string }> {
  const actor = requireAdmin(viewer);
  const data = parseInput(createUnitSchema, input);
  return db
    .transaction()
    .execute(async (trx) => {
      await lockTree(trx);
      if (data.parentId) await loadUnit(trx, data.parentId);
      const { id } = await trx
        .insertInto('org_unit')
        .values({ parent_id: data.parentId, name: data.name, name_en: data.nameEn })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Self row plus one row per ancestor of the parent.
      await sql`
        insert into org_unit_closure (ancestor_id, descendant_id, depth)
        select ${id}::uuid, ${id}::uuid, 0
        union all
        select c.ancestor_id, ${id}::uuid, c.depth + 1 from org_unit_closure c where c.descendant_id = ${data.parentId}::uuid`.execute(trx);
      await recordAudit(trx, {
        actor,
        action: 'unit.create',
        target: { type: 'org_unit', id, label: data.name },
        details: { parentId: data.parentId, name: data.name, nameEn: data.nameEn },
        meta,
      });
      return { id };
    })
    .catch(nameTaken);
}

export async function renameUnit(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<void> {
  const actor = requireAdmin(viewer);
  const data = parseInput(renameUnitSchema, input);
  await db
    .transaction()
    .execute(async (trx) => {
      const before = await loadUnit(trx, data.unitId);
      await trx.updateTable('org_unit').set({ name: data.name, name_en: data.nameEn, updated_at: new Date() }).where('id', '=', data.unitId).execute();
      await recordAudit(trx, {
        actor,
        action: 'unit.rename',
        target: { type: 'org_unit', id: data.unitId, label: data.name },
        details: { from: { name: before.name, nameEn: before.name_en }, to: { name: data.name, nameEn: data.nameEn } },
        meta,
      });
    })
    .catch(nameTaken);
}

export async function moveUnit(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<void> {
  const actor = requireAdmin(viewer);
  const data = parseInput(moveUnitSchema, input);
  await db
    .transaction()
    .execute(async (trx) => {
      await lockTree(trx);
      const unit = await loadUnit(trx, data.unitId);
      if (data.newParentId === unit.parent_id) return; // nothing to do
      if (data.newParentId) {
        await loadUnit(trx, data.newParentId);
        const inSubtree = await trx
          .selectFrom('org_unit_closure')
          .select('depth')
          .where('ancestor_id', '=', data.unitId)
          .where('descendant_id', '=', data.newParentId)
          .executeTakeFirst();
        if (inSubtree) throw invalidFields({ newParentId: 'admin.org.errors.moveIntoOwnSubtree' });
      }
      // Detach the subtree from its old ancestors (keep the pairs inside the subtree) …
      await sql`
        delete from org_unit_closure
        where descendant_id in (select descendant_id from org_unit_closure where ancestor_id = ${data.unitId}::uuid)
          and ancestor_id not in (select descendant_id from org_unit_closure where ancestor_id = ${data.unitId}::uuid)`.execute(trx);
      // … and attach it under every ancestor of the new parent (including the parent itself).
      if (data.newParentId) {
        await sql`
          insert into org_unit_closure (ancestor_id, descendant_id, depth)
          select up.ancestor_id, down.descendant_id, up.depth + down.depth + 1
          from org_unit_closure up cross join org_unit_closure down
          where up.descendant_id = ${data.newParentId}::uuid and down.ancestor_id = ${data.unitId}::uuid`.execute(trx);
      }
      await trx.updateTable('org_unit').set({ parent_id: data.newParentId, updated_at: new Date() }).where('id', '=', data.unitId).execute();
      await recordAudit(trx, {
        actor,
        action: 'unit.move',
        target: { type: 'org_unit', id: data.unitId, label: unit.name },
        details: { fromParentId: unit.parent_id, toParentId: data.newParentId },
        meta,
      });
    })
    .catch(nameTaken);
}

/** Refuses a unit that still has sub-units or people (active or deactivated) anywhere in its subtree. */
export async function deleteUnit(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<void> {
  const actor = requireAdmin(viewer);
  const data = parseInput(deleteUnitSchema, input);
  await db.transaction().execute(async (trx) => {
    await lockTree(trx);
    const unit = await loadUnit(trx, data.unitId);
    const { rows } = await sql<{ children: number; people: number }>`
      select
        (select count(*)::int from org_unit_closure c where c.ancestor_id = ${data.unitId}::uuid and c.depth > 0) as children,
        (select count(*)::int from person p join org_unit_closure c on c.descendant_id = p.unit_id where c.ancestor_id = ${data.unitId}::uuid) as people`.execute(trx);
    const { children, people } = rows[0];
    if (children > 0) throw conflict('admin.org.errors.hasChildren', { params: { count: children } });
    if (people > 0) throw conflict('admin.org.errors.hasPeople', { params: { count: people } });
    await trx.deleteFrom('unit_head').where('unit_id', '=', data.unitId).execute();
    await trx.deleteFrom('org_unit_closure').where('descendant_id', '=', data.unitId).execute();
    await trx.deleteFrom('org_unit').where('id', '=', data.unitId).execute();
    await recordAudit(trx, {
      actor,
      action: 'unit.delete',
      target: { type: 'org_unit', id: data.unitId, label: unit.name },
      details: { parentId: unit.parent_id, name: unit.name, nameEn: unit.name_en },
      meta,
    });
  });
}

/** The head must be an active employee; chosen by id (the picker) or named by e-mail. */
export async function addUnitHead(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<void> {
  const actor = requireAdmin(viewer);
  const data = parseInput(addUnitHeadSchema, input);
  await db.transaction().execute(async (trx) => {
    const unit = await loadUnit(trx, data.unitId);
    const person = await trx
      .selectFrom('person')
      .select(['id', 'email', 'kind', 'status'])
      .$call((q) => (data.personId ? q.where('id', '=', data.personId) : q.where(sql`lower(email)`, '=', data.email ?? '')))
      .executeTakeFirst();
    if (!person || person.kind !== 'employee' || person.status !== 'active') {
      throw invalidFields(data.personId ? { personId: 'admin.org.errors.headNotEmployee' } : { email: 'admin.org.errors.headNotEmployee' });
    }
    const inserted = await trx
      .insertInto('unit_head')
      .values({ unit_id: data.unitId, person_id: person.id })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
    await recordAudit(trx, {
      actor,
      action: 'unit.head_add',
      target: { type: 'org_unit', id: data.unitId, label: unit.name },
      details: { personId: person.id, email: person.email },
      meta,
    });
  });
}

export async function removeUnitHead(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<void> {
  const actor = requireAdmin(viewer);
  const data = parseInput(removeUnitHeadSchema, input);
  await db.transaction().execute(async (trx) => {
    const unit = await loadUnit(trx, data.unitId);
    const removed = await trx
      .deleteFrom('unit_head')
      .where('unit_id', '=', data.unitId)
      .where('person_id', '=', data.personId)
      .returning('person_id')
      .executeTakeFirst();
    if (!removed) return;
    const person = await trx.selectFrom('person').select('email').where('id', '=', data.personId).executeTakeFirst();
    await recordAudit(trx, {
      actor,
      action: 'unit.head_remove',
      target: { type: 'org_unit', id: data.unitId, label: unit.name },
      details: { personId: data.personId, email: person?.email ?? null },
      meta,
    });
  });
}
