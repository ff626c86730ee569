import 'server-only';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { isActive } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { taskAbilities, type TaskAbilities, type TaskStatus } from './abilities';
import type { TaskPriority } from './schema';
import { personHeadsUnitSql } from '@/lib/authz/person-sql';

export type Db = Kysely<DB> | Transaction<DB>;

export type TaskAccess = {
  id: string;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  creatorId: string;
  ownerId: string;
  ownerTimezone: string;
  dueOn: string | null;
  dueAt: Date | null;
  overdue: boolean;
  isCreator: boolean;
  isOwner: boolean;
  isCollaborator: boolean;
  pendingExtensionId: string | null;
  can: TaskAbilities;
};

/** The viewer's heads-of-units as a SQL array (empty for partners). */
export const headsOf = (v: Viewer) => (v.kind === 'employee' ? [...v.headOfUnitIds] : []);

/** SQL: the unit `unitCol` lies in a tree the viewer heads. */
export const headsUnitSql = (v: Viewer, unitCol: ReturnType<typeof sql.ref>) => {
  const heads = headsOf(v);
  return sql<boolean>`(cardinality(${heads}::uuid[]) > 0 and ${unitCol} is not null and exists (
    select 1 from org_unit_closure c where c.descendant_id = ${unitCol} and c.ancestor_id = any(${heads}::uuid[])))`;
};

/**
 * Everything needed to decide what the viewer may do with one task, in one query. NOT_FOUND when
 * the viewer may not see it (malformed id, unknown, or not theirs to see).
 */
export async function loadTaskAccess(db: Db, viewer: Viewer | null, id: string, opts: { forUpdate?: boolean; now?: Date } = {}): Promise<TaskAccess> {
  if (!isActive(viewer)) throw new AppError('UNAUTHENTICATED');
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  const now = opts.now ?? new Date();
  const { rows } = await sql<{
    id: string; title: string; status: TaskStatus; priority: TaskPriority; creator_id: string; owner_id: string; owner_tz: string;
    due_on: string | null; due_at: Date | null; is_collaborator: boolean; heads_owner_unit: boolean; pending_id: string | null;
  }>`
    select t.id, t.title, t.status, t.priority, t.creator_id, t.owner_id, o.timezone as owner_tz, to_char(t.due_on, 'YYYY-MM-DD') as due_on, t.due_at,
      exists (select 1 from task_collaborator tc where tc.task_id = t.id and tc.person_id = ${viewer.id}) as is_collaborator,
      ${headsUnitSql(viewer, sql.ref('t.owner_unit_id'))} as heads_owner_unit,
      (select x.id from task_extension x where x.task_id = t.id and x.status = 'pending') as pending_id
    from task t join person o on o.id = t.owner_id
    where t.id = ${id}
    ${opts.forUpdate ? sql`for update of t` : sql``}`.execute(db);
  const r = rows[0];
  if (!r) throw new AppError('NOT_FOUND');
  const facts = {
    status: r.status,
    isCreator: r.creator_id === viewer.id,
    isOwner: r.owner_id === viewer.id,
    isCollaborator: r.is_collaborator,
    headsOwnerUnit: r.heads_owner_unit,
    hasDueDate: r.due_on !== null,
    pendingExtension: r.pending_id !== null,
  };
  const can = taskAbilities(viewer, facts);
  if (!can.view) throw new AppError('NOT_FOUND');
  return {
    id: r.id, title: r.title, status: r.status, priority: r.priority, creatorId: r.creator_id, ownerId: r.owner_id, ownerTimezone: r.owner_tz,
    dueOn: r.due_on, dueAt: r.due_at, overdue: r.status !== 'done' && r.due_at !== null && r.due_at <= now,
    isCreator: facts.isCreator, isOwner: facts.isOwner, isCollaborator: facts.isCollaborator, pendingExtensionId: r.pending_id, can,
  };
}

/**
 * SQL: person row `p` (an alias of `person` in the caller's query) may see task `taskId` —
 * taskAbilities(...).view as a correlated EXISTS on indexed keys (task pk, task_collaborator pk,
 * unit_head and the closure table), for callers that ask about many people at once (the
 * notification centre, the bell and the digest hide notifications of tasks the person no longer
 * sees). Keep it in step with taskAbilities: owner or collaborator; employees also as creator or
 * as head of a tree containing the owner's unit.
 */
export function taskVisibleToPersonSql(taskId: RawBuilder<unknown>, p = 'p'): RawBuilder<boolean> {
  const id = sql.ref(`${p}.id`);
  const employee = sql<boolean>`${sql.ref(`${p}.kind`)} = 'employee'`;
  return sql<boolean>`exists (select 1 from task t where t.id = ${taskId} and (
    t.owner_id = ${id}
    or exists (select 1 from task_collaborator tc where tc.task_id = t.id and tc.person_id = ${id})
    or (${employee} and t.creator_id = ${id})
    or (${employee} and t.owner_unit_id is not null and ${personHeadsUnitSql(id, sql`t.owner_unit_id`)})))`;
}
