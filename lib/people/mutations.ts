import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { requireAdmin } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { recordAudit } from '@/lib/audit/record';
import { invalid, invalidFields, notFound } from '@/lib/errors';
import type { RequestMeta } from '@/lib/http/request-meta';
import { isUniqueViolation } from '@/db/errors';
import { pinyinColumns } from './pinyin';
import { parseInput } from '@/lib/forms/parse';
import {
  directorySettingsSchema,
  createEmployeeSchema,
  personIdSchema,
  roleChangeSchema,
  updatePersonSchema,
} from './schema';

function emailTaken(e: unknown): never {
  if (isUniqueViolation(e, 'person_email_uq')) throw invalidFields({ email: 'admin.people.errors.emailTaken' }, undefined, 'CONFLICT');
  throw e;
}

async function requireUnit(trx: Transaction<DB>, unitId: string) {
  const unit = await trx.selectFrom('org_unit').select('id').where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw invalidFields({ unitId: 'admin.validation.unitRequired' });
}

/** An admin adds an employee by hand (origin 'admin'); their first SSO sign-in claims the record. */
export async function createEmployee(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<{ id: string }> {
  const actor = requireAdmin(viewer);
  const data = parseInput(createEmployeeSchema, input);
  return db
    .transaction()
    .execute(async (trx) => {
      await requireUnit(trx, data.unitId);
      const { id } = await trx
        .insertInto('person')
        .values({
          kind: 'employee',
          email: data.email,
          name: data.name,
          ...pinyinColumns(data.name),
          name_en: data.nameEn,
          unit_id: data.unitId,
          position: data.position,
          level: data.level,
          origin: 'admin',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actor,
        action: 'person.create',
        target: { type: 'person', id, label: data.email },
        details: { name: data.name, unitId: data.unitId, position: data.position, level: data.level },
        meta,
      });
      return { id };
    })
    .catch(emailTaken);
}

/** Admin edit of a person's profile. Partner people have no unit; the unit field is ignored for them. */
export async function updatePerson(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<void> {
  const actor = requireAdmin(viewer);
  const data = parseInput(updatePersonSchema, input);
  await db
    .transaction()
    .execute(async (trx) => {
      const before = await trx
        .selectFrom('person')
        .select(['id', 'kind', 'email', 'name', 'name_en', 'unit_id', 'position', 'level'])
        .where('id', '=', data.personId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound();
      const unitId = before.kind === 'employee' ? data.unitId : null;
      if (before.kind === 'employee') {
        if (!unitId) throw invalidFields({ unitId: 'admin.validation.unitRequired' });
        await requireUnit(trx, unitId);
      }
      const after = { email: data.email, name: data.name, name_en: data.nameEn, unit_id: unitId, position: data.position, level: data.level };
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const k of Object.keys(after) as (keyof typeof after)[]) {
        if (before[k] !== after[k]) changes[k] = { from: before[k], to: after[k] };
      }
      if (Object.keys(changes).length === 0) return;
      await trx
        .updateTable('person')
        .set({ ...after, ...pinyinColumns(after.name), ...(after.email !== before.email ? { email_verified_at: null } : {}), updated_at: new Date() })
        .where('id', '=', data.personId)
        .execute();
      await recordAudit(trx, { actor, action: 'person.update', target: { type: 'person', id: data.personId, label: data.email }, details: { changes }, meta });
    })
    .catch(emailTaken);
}

/** Which roles fit which kind of person. */
function roleFits(kind: string, role: string) {
  return kind === 'partner' ? role === 'partner_admin' : role === 'admin' || role === 'comms_officer';
}

export async function grantRole(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<void> {
  const actor = requireAdmin(viewer);
  const data = parseInput(roleChangeSchema, input);
  await db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom('person').select(['id', 'kind', 'email', 'status']).where('id', '=', data.personId).executeTakeFirst();
    if (!person) throw notFound();
    if (!roleFits(person.kind, data.role)) throw invalid('admin.people.errors.roleNotForKind');
    const r = await trx.insertInto('person_role').values({ person_id: person.id, role: data.role }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return;
    await recordAudit(trx, { actor, action: 'role.grant', target: { type: 'person', id: person.id, label: person.email }, details: { role: data.role }, meta });
  });
}

/** An admin cannot remove their own admin role (someone else must), so the last admin cannot lock everyone out by accident. */
export async function revokeRole(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<void> {
  const actor = requireAdmin(viewer);
  const data = parseInput(roleChangeSchema, input);
  if (data.role === 'admin' && data.personId === actor.id) throw invalid('admin.people.errors.ownAdminRole');
  await db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom('person').select(['id', 'email']).where('id', '=', data.personId).executeTakeFirst();
    if (!person) throw notFound();
    const removed = await trx.deleteFrom('person_role').where('person_id', '=', person.id).where('role', '=', data.role).returning('role').executeTakeFirst();
    if (!removed) return;
    await recordAudit(trx, { actor, action: 'role.revoke', target: { type: 'person', id: person.id, label: person.email }, details: { role: data.role }, meta });
  });
}

/**
 * Deactivates a person inside the caller's transaction: status, time, and every session row
 * deleted so that they are signed out at once. Callers check who may do it.
 */
export async function deactivateInTransaction(
  trx: Transaction<DB>,
  actor: Viewer,
  person: { id: string; email: string },
  meta?: RequestMeta,
): Promise<boolean> {
  const updated = await trx
    .updateTable('person')
    .set({ status: 'deactivated', deactivated_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', person.id)
    .where('status', '=', 'active')
    .returning('id')
    .executeTakeFirst();
  if (!updated) return false;
  const sessions = await trx.deleteFrom('auth_session').where('person_id', '=', person.id).executeTakeFirst();
  await recordAudit(trx, {
    actor,
    action: 'person.deactivate',
    target: { type: 'person', id: person.id, label: person.email },
    details: { sessionsEnded: Number(sessions.numDeletedRows) },
    meta,
  });
  return true;
}

export async function deactivatePerson(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<void> {
  const actor = requireAdmin(viewer);
  const data = parseInput(personIdSchema, input);
  if (data.personId === actor.id) throw invalid('admin.people.errors.deactivateSelf');
  await db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom('person').select(['id', 'email']).where('id', '=', data.personId).forUpdate().executeTakeFirst();
    if (!person) throw notFound();
    await deactivateInTransaction(trx, actor, person, meta);
  });
}

export async function reactivatePerson(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<void> {
  const actor = requireAdmin(viewer);
  const data = parseInput(personIdSchema, input);
  await db.transaction().execute(async (trx) => {
    const person = await trx
      .updateTable('person')
      .set({ status: 'active', deactivated_at: null, updated_at: sql`now()` })
      .where('id', '=', data.personId)
      .where('status', '=', 'deactivated')
      .returning(['id', 'email'])
      .executeTakeFirst();
    if (!person) {
      const exists = await trx.selectFrom('person').select('id').where('id', '=', data.personId).executeTakeFirst();
      if (!exists) throw notFound();
      return;
    }
    await recordAudit(trx, { actor, action: 'person.reactivate', target: { type: 'person', id: person.id, label: person.email }, meta });
  });
}

/** Which contact fields person pages show (/admin/people/settings). */
export async function saveDirectorySettings(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<void> {
  const actor = requireAdmin(viewer);
  const data = parseInput(directorySettingsSchema, input);
  const fields = [...new Set(data.contactFields)];
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('directory_setting').set({ contact_fields: fields, updated_at: new Date() }).execute();
    await recordAudit(trx, { actor, action: 'directory.contact_fields', target: { type: 'directory_setting' }, details: { contactFields: fields }, meta });
  });
}
