import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { requireEmployee, requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError, invalidFields } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import type { RequestMeta } from '@/lib/http/request-meta';
import { loadVisibleAccess } from '@/lib/announcements/access';
import { notify, type EnqueueDeliver } from '@/lib/notifications/producer';
import { allowedMoves, requireTaskAbility, type TaskStatus } from './abilities';
import { loadTaskAccess, type TaskAccess } from './access';
import { fileStore } from '@/lib/files/storage';
import { checkUploads, type Upload } from '@/lib/files/validate';
import { uploadsOf } from '@/lib/forms/values';
import {
  createTaskSchema, editTaskSchema, extensionDecisionSchema, extensionRequestSchema, moveSchema, noteSchema, returnSchema, type TaskPriority,
} from './schema';

type Db = Kysely<DB> | Transaction<DB>;
export type TaskOpts = { meta?: RequestMeta; now?: Date; enqueueDeliver?: EnqueueDeliver; formData?: FormData; uploads?: Upload[] };

const uploadsFrom = async (opts: TaskOpts): Promise<Upload[]> => opts.uploads ?? (opts.formData ? await uploadsOf(opts.formData, 'attachments') : []);

/**
 * Stores checked uploads (lib/files: content-sniffed, size and count limits) and links them to the
 * task, optionally to the history entry they came with. At most MAX_FILES_PER_ITEM per task.
 */
async function storeAttachments(trx: Db, viewer: Viewer, taskId: string, eventId: number | null, uploads: Upload[], now: Date): Promise<number> {
  if (uploads.length === 0) return 0;
  const existing = await trx.selectFrom('task_attachment').select((eb) => eb.fn.countAll<string>().as('n')).where('task_id', '=', taskId).executeTakeFirstOrThrow();
  const checked = checkUploads(uploads, Number(existing.n));
  if (!checked.ok) throw invalidFields({ attachments: { key: `errors.files.${checked.refusal.error}`, params: checked.refusal.params } });
  for (const f of checked.files) {
    const meta = await fileStore.put(trx, viewer.id, f);
    await trx.insertInto('task_attachment').values({ task_id: taskId, file_id: meta.id, event_id: eventId, added_by: viewer.id, added_at: now }).onConflict((oc) => oc.doNothing()).execute();
  }
  return checked.files.length;
}

type Person = { id: string; kind: 'employee' | 'partner'; status: 'active' | 'deactivated'; unit_id: string | null; timezone: string; today: string };

/** The people named, with "today" in each one's own time zone (for due dates). */
async function peopleById(db: Db, ids: readonly string[], now: Date): Promise<Map<string, Person>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<Person>`
    select p.id, p.kind, p.status, p.unit_id, p.timezone, to_char((${now}::timestamptz at time zone p.timezone)::date, 'YYYY-MM-DD') as today
    from person p
    left join partner_org o on o.id = p.partner_org_id
    where p.id = any(${[...ids]}::uuid[]) and (p.partner_org_id is null or o.status = 'active')`.execute(db);
  return new Map(rows.map((r) => [r.id, r]));
}

export type NewTask = {
  title: string;
  descriptionMd: string;
  creatorId: string;
  ownerId: string;
  collaboratorIds: readonly string[];
  priority: TaskPriority;
  startsOn: string | null;
  dueOn: string | null;
  tags: readonly string[];
  announcementId?: string | null;
  meetingId?: string | null;
  actionItemId?: string | null;
};

/**
 * Inserts one task with its collaborators and first history entry, and tells owner and
 * collaborators. Idempotent for action items: a second insert for the same action item adds
 * nothing and returns null. Owners and collaborators are checked by the caller.
 */
export async function insertTask(trx: Db, t: NewTask, opts: { now: Date; actor: Viewer; link?: string }): Promise<string | null> {
  const row = await sql<{ id: string; owner_unit_id: string | null }>`
    insert into task (title, description_md, creator_id, owner_id, owner_unit_id, priority, starts_on, due_on, due_at, tags, announcement_id, meeting_id, action_item_id, created_at, updated_at)
    select ${t.title}, ${t.descriptionMd}, ${t.creatorId}, o.id, o.unit_id, ${t.priority}, ${t.startsOn}::date, ${t.dueOn}::date,
      case when ${t.dueOn}::date is null then null else ((${t.dueOn}::date + 1)::timestamp at time zone o.timezone) end,
      ${[...t.tags]}::text[], ${t.announcementId ?? null}::uuid, ${t.meetingId ?? null}::uuid, ${t.actionItemId ?? null}::uuid, ${opts.now}, ${opts.now}
    from person o where o.id = ${t.ownerId}
    on conflict (action_item_id) do nothing
    returning id, owner_unit_id`.execute(trx);
  const created = row.rows[0];
  if (!created) return null;
  const id = created.id;
  const collaborators = [...new Set(t.collaboratorIds)].filter((c) => c !== t.ownerId);
  if (collaborators.length > 0) {
    await trx.insertInto('task_collaborator').values(collaborators.map((person_id) => ({ task_id: id, person_id }))).onConflict((oc) => oc.doNothing()).execute();
  }
  await trx.insertInto('task_event').values({ task_id: id, kind: 'created', actor_id: opts.actor.id, to_status: 'todo', at: opts.now }).execute();
  if (t.actionItemId) await trx.updateTable('meeting_action_item').set({ task_id: id }).where('id', '=', t.actionItemId).execute();
  const toTell = [t.ownerId, ...collaborators].filter((p) => p !== opts.actor.id);
  if (toTell.length > 0) {
    await notify(trx, {
      kind: 'tasks.assigned',
      recipients: { personIds: toTell },
      item: { type: 'task', id, title: t.title },
      link: `/tasks/${id}`,
      message: { key: 'tasks.notifications.assigned', params: { title: t.title, by: opts.actor.name } },
      actorId: opts.actor.id,
      dedupeKey: `task.assigned:${id}`,
    });
  }
  return id;
}

/** Checks the people a task is given to: an active employee owns it; collaborators are active employees. */
export function checkAssignees(people: Map<string, Person>, ownerId: string, collaboratorIds: readonly string[], opts: { allowPartnerIds?: ReadonlySet<string> } = {}) {
  const ok = (id: string) => {
    const p = people.get(id);
    return !!p && p.status === 'active' && (p.kind === 'employee' || !!opts.allowPartnerIds?.has(id));
  };
  const errors: Record<string, 'tasks.errors.ownerNotAllowed' | 'tasks.errors.collaboratorNotAllowed'> = {};
  if (!ok(ownerId)) errors.owner = 'tasks.errors.ownerNotAllowed';
  if (collaboratorIds.some((c) => !ok(c))) errors.collaborators = 'tasks.errors.collaboratorNotAllowed';
  return errors;
}

/** Creates a task directly (employees). Owner and collaborators are active employees; the due date is not in the owner's past. */
export async function createTask(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: TaskOpts = {}): Promise<{ id: string }> {
  const v = requireEmployee(viewer);
  const f = parseInput(createTaskSchema, raw);
  const now = opts.now ?? new Date();
  const uploads = await uploadsFrom(opts);
  return db.transaction().execute(async (trx) => {
    const people = await peopleById(trx, [f.owner, ...f.collaborators], now);
    const errors: Record<string, 'tasks.errors.ownerNotAllowed' | 'tasks.errors.collaboratorNotAllowed' | 'tasks.errors.dueInPast' | 'tasks.errors.startAfterDue' | 'tasks.errors.announcementNotFound'> = checkAssignees(people, f.owner, f.collaborators);
    const owner = people.get(f.owner);
    if (f.dueOn && owner && f.dueOn < owner.today) errors.dueOn = 'tasks.errors.dueInPast';
    if (f.dueOn && f.startsOn && f.startsOn > f.dueOn) errors.startsOn = 'tasks.errors.startAfterDue';
    if (f.announcementId) {
      try {
        await loadVisibleAccess(trx, v, f.announcementId);
      } catch {
        errors.announcementId = 'tasks.errors.announcementNotFound';
      }
    }
    if (Object.keys(errors).length > 0) throw invalidFields(errors);
    const id = await insertTask(trx, {
      title: f.title, descriptionMd: f.description, creatorId: v.id, ownerId: f.owner, collaboratorIds: f.collaborators, priority: f.priority,
      startsOn: f.startsOn, dueOn: f.dueOn, tags: f.tags, announcementId: f.announcementId,
    }, { now, actor: v });
    if (!id) throw new AppError('CONFLICT');
    await storeAttachments(trx, v, id, null, uploads, now);
    await recordAudit(trx, { actor: v, action: 'task.create', target: { type: 'task', id, label: f.title }, details: { ownerId: f.owner }, meta: opts.meta });
    return { id };
  });
}

async function setStatus(trx: Db, a: TaskAccess, to: TaskStatus, now: Date) {
  const r = await trx
    .updateTable('task')
    .set({ status: to, updated_at: now, completed_at: to === 'done' ? now : null })
    .where('id', '=', a.id)
    .where('status', '=', a.status)
    .executeTakeFirst();
  if (!r.numUpdatedRows) throw new AppError('CONFLICT', 'tasks.errors.changedMeanwhile');
}

/**
 * Moves a task one step along to do → in progress → submitted for review → done. The owner
 * starts and submits; the creator accepts. Any other move is refused with a clear message.
 */
export async function moveTask(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: TaskOpts = {}): Promise<{ id: string; status: TaskStatus }> {
  const v = requireViewer(viewer);
  const f = parseInput(moveSchema, raw);
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const a = await loadTaskAccess(trx, v, f.id, { forUpdate: true, now });
    const move = allowedMoves(a.can, a.status).find((m) => m.to === f.to);
    if (!move) {
      const edge = f.to === 'in_progress' ? 'start' : f.to === 'in_review' ? 'submit' : f.to === 'done' ? 'accept' : 'start';
      if (a.can.view && !a.can[edge] && a.status !== f.to) {
        const isEdge = (a.status === 'todo' && f.to === 'in_progress') || (a.status === 'in_progress' && f.to === 'in_review') || (a.status === 'in_review' && f.to === 'done');
        throw new AppError(isEdge ? 'FORBIDDEN' : 'INVALID', isEdge ? 'tasks.errors.moveNotYours' : 'tasks.errors.badMove');
      }
      throw new AppError('INVALID', 'tasks.errors.badMove');
    }
    await setStatus(trx, a, f.to, now);
    await trx.insertInto('task_event').values({ task_id: a.id, kind: 'status', actor_id: v.id, from_status: a.status, to_status: f.to, at: now }).execute();
    if (move.ability === 'submit' && a.creatorId !== v.id) {
      const ev = await lastEventId(trx, a.id);
      await notify(trx, {
        kind: 'tasks.submitted', recipients: { personIds: [a.creatorId] }, item: { type: 'task', id: a.id, title: a.title }, link: `/tasks/${a.id}`,
        message: { key: 'tasks.notifications.submitted', params: { title: a.title, by: v.name } }, actorId: v.id, dedupeKey: `task.submitted:${ev}`,
      }, opts.enqueueDeliver);
    }
    if (move.ability === 'accept' && a.ownerId !== v.id) {
      const ev = await lastEventId(trx, a.id);
      await notify(trx, {
        kind: 'tasks.accepted', recipients: { personIds: [a.ownerId] }, item: { type: 'task', id: a.id, title: a.title }, link: `/tasks/${a.id}`,
        message: { key: 'tasks.notifications.accepted', params: { title: a.title, by: v.name } }, actorId: v.id, dedupeKey: `task.accepted:${ev}`,
      }, opts.enqueueDeliver);
    }
    return { id: a.id, status: f.to };
  });
}

async function lastEventId(trx: Db, taskId: string): Promise<string> {
  const r = await trx.selectFrom('task_event').select('id').where('task_id', '=', taskId).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  return String(r.id);
}

/** The creator sends a submitted task back to the owner with a reason. */
export async function returnTask(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: TaskOpts = {}): Promise<{ id: string }> {
  const v = requireViewer(viewer);
  const f = parseInput(returnSchema, raw);
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const a = await loadTaskAccess(trx, v, f.id, { forUpdate: true, now });
    if (a.can.view && a.isCreator && a.status !== 'in_review') throw new AppError('CONFLICT', 'tasks.errors.notInReview');
    requireTaskAbility(a.can, 'return');
    await setStatus(trx, a, 'in_progress', now);
    const ev = await trx.insertInto('task_event').values({ task_id: a.id, kind: 'returned', actor_id: v.id, from_status: a.status, to_status: 'in_progress', body: f.reason, at: now }).returning('id').executeTakeFirstOrThrow();
    if (a.ownerId !== v.id) {
      await notify(trx, {
        kind: 'tasks.returned', recipients: { personIds: [a.ownerId] }, item: { type: 'task', id: a.id, title: a.title }, link: `/tasks/${a.id}`,
        message: { key: 'tasks.notifications.returned', params: { title: a.title, by: v.name } }, actorId: v.id, dedupeKey: `task.returned:${ev.id}`,
      }, opts.enqueueDeliver);
    }
    return { id: a.id };
  });
}

/** A progress update (owner, collaborators) or a comment (anyone who sees the task), with @mentions of people on the task. */
export async function addNote(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, kind: 'progress' | 'comment', opts: TaskOpts = {}): Promise<{ id: string }> {
  const v = requireViewer(viewer);
  const f = parseInput(noteSchema, raw);
  const now = opts.now ?? new Date();
  const uploads = kind === 'progress' ? await uploadsFrom(opts) : [];
  return db.transaction().execute(async (trx) => {
    const a = await loadTaskAccess(trx, v, f.id, { now });
    requireTaskAbility(a.can, kind === 'progress' ? 'progress' : 'comment', kind === 'progress' ? 'tasks.errors.progressNotYours' : undefined);
    const mentions = [...new Set(f.mentions)].filter((m) => m !== v.id);
    if (mentions.length > 0) {
      // Only people on the task: mentioning someone must not show them a task they may not see.
      const { rows } = await sql<{ id: string }>`
        select unnest(array[${a.creatorId}::uuid, ${a.ownerId}::uuid]) as id
        union select person_id from task_collaborator where task_id = ${a.id}`.execute(trx);
      const on = new Set(rows.map((r) => r.id));
      if (mentions.some((m) => !on.has(m))) throw invalidFields({ mentions: 'tasks.errors.mentionNotOnTask' });
    }
    const ev = await trx
      .insertInto('task_event')
      .values({ task_id: a.id, kind, actor_id: v.id, body: f.body, details: JSON.stringify({ mentions }), at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await storeAttachments(trx, v, a.id, Number(ev.id), uploads, now);
    await trx.updateTable('task').set({ updated_at: now }).where('id', '=', a.id).execute();
    if (mentions.length > 0) {
      await notify(trx, {
        kind: 'tasks.mentioned', recipients: { personIds: mentions }, item: { type: 'task', id: a.id, title: a.title }, link: `/tasks/${a.id}#e${ev.id}`,
        message: { key: 'tasks.notifications.mentioned', params: { title: a.title, by: v.name } }, actorId: v.id, dedupeKey: `task.mention:${ev.id}`,
      }, opts.enqueueDeliver);
    }
    return { id: a.id };
  });
}

/** 申请调整: the owner asks the creator for a later due date, with a reason. */
export async function requestExtension(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: TaskOpts = {}): Promise<{ id: string; extensionId: string }> {
  const v = requireViewer(viewer);
  const f = parseInput(extensionRequestSchema, raw);
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const a = await loadTaskAccess(trx, v, f.id, { forUpdate: true, now });
    if (a.can.view && a.isOwner && a.pendingExtensionId) throw new AppError('CONFLICT', 'tasks.errors.extensionPending');
    requireTaskAbility(a.can, 'requestExtension', 'tasks.errors.extensionNotYours');
    const today = (await peopleById(trx, [a.ownerId], now)).get(a.ownerId)?.today ?? '';
    if (f.dueOn < today) throw invalidFields({ dueOn: 'tasks.errors.dueInPast' });
    if (a.dueOn && f.dueOn <= a.dueOn) throw invalidFields({ dueOn: 'tasks.errors.extensionNotLater' });
    const x = await trx
      .insertInto('task_extension')
      .values({ task_id: a.id, requested_by: v.id, previous_due_on: a.dueOn, requested_due_on: f.dueOn, reason: f.reason, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('task_event').values({ task_id: a.id, kind: 'extension_requested', actor_id: v.id, body: f.reason, details: JSON.stringify({ from: a.dueOn, to: f.dueOn }), at: now }).execute();
    await notify(trx, {
      kind: 'tasks.extension', recipients: { personIds: [a.creatorId] }, item: { type: 'task', id: a.id, title: a.title }, link: `/tasks/${a.id}#extension`,
      message: { key: 'tasks.notifications.extensionRequested', params: { title: a.title, by: v.name, due: f.dueOn } }, actorId: v.id, dedupeKey: `task.extension:${x.id}`,
    }, opts.enqueueDeliver);
    return { id: a.id, extensionId: x.id };
  });
}

/** The creator approves (the due date moves, reminders start again) or declines a pending request. Audited. */
export async function decideExtension(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: TaskOpts = {}): Promise<{ id: string }> {
  const v = requireViewer(viewer);
  const f = parseInput(extensionDecisionSchema, raw);
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const a = await loadTaskAccess(trx, v, f.id, { forUpdate: true, now });
    if (a.can.view && a.isCreator && a.pendingExtensionId !== f.extensionId) throw new AppError('CONFLICT', 'tasks.errors.extensionDecided');
    requireTaskAbility(a.can, 'decideExtension');
    const approve = f.decision === 'approve';
    const x = await trx
      .updateTable('task_extension')
      .set({ status: approve ? 'approved' : 'declined', decided_by: v.id, decided_at: now, decision_note: f.note || null })
      .where('id', '=', f.extensionId)
      .where('task_id', '=', a.id)
      .where('status', '=', 'pending')
      .returning(['requested_due_on'])
      .executeTakeFirst();
    if (!x) throw new AppError('CONFLICT', 'tasks.errors.extensionDecided');
    const newDue = approve ? (await sql<{ d: string }>`select to_char(${x.requested_due_on}::date, 'YYYY-MM-DD') as d`.execute(trx)).rows[0].d : null;
    if (approve) {
      await sql`
        update task t set due_on = ${newDue}::date, due_at = ((${newDue}::date + 1)::timestamp at time zone o.timezone), updated_at = ${now},
          reminded_day_at = null, reminded_hour_at = null, overdue_notified_at = null
        from person o where o.id = t.owner_id and t.id = ${a.id}`.execute(trx);
    }
    await trx.insertInto('task_event').values({
      task_id: a.id, kind: approve ? 'extension_approved' : 'extension_declined', actor_id: v.id, body: f.note, details: JSON.stringify({ from: a.dueOn, to: newDue }), at: now,
    }).execute();
    await notify(trx, {
      kind: 'tasks.extension', recipients: { personIds: [a.ownerId] }, item: { type: 'task', id: a.id, title: a.title }, link: `/tasks/${a.id}#extension`,
      message: { key: approve ? 'tasks.notifications.extensionApproved' : 'tasks.notifications.extensionDeclined', params: { title: a.title, by: v.name } },
      actorId: v.id, dedupeKey: `task.extension_decided:${f.extensionId}`,
    }, opts.enqueueDeliver);
    await recordAudit(trx, { actor: v, action: approve ? 'task.extension_approve' : 'task.extension_decline', target: { type: 'task', id: a.id, label: a.title }, details: { extensionId: f.extensionId, from: a.dueOn, to: newDue }, meta: opts.meta });
    return { id: a.id };
  });
}

type EditError = 'tasks.errors.ownerNotAllowed' | 'tasks.errors.collaboratorNotAllowed' | 'tasks.errors.dueInPast' | 'tasks.errors.startAfterDue';

/**
 * The creator edits an open task: title, description, priority, start, due date, tags,
 * collaborators, and the owner (reassigning). What changed goes into the history ('edited', and
 * 'reassigned' with from/to); a new owner and new collaborators are told; a new owner or due date
 * recomputes the due moment in the owner's time zone and restarts the reminders; a pending 申请调整
 * of the previous owner is closed. Files added here are stored through lib/files. Audited.
 */
export async function editTask(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: TaskOpts = {}): Promise<{ id: string; reassigned: boolean }> {
  const v = requireViewer(viewer);
  const f = parseInput(editTaskSchema, raw);
  const now = opts.now ?? new Date();
  const uploads = await uploadsFrom(opts);
  return db.transaction().execute(async (trx) => {
    const a = await loadTaskAccess(trx, v, f.id, { forUpdate: true, now });
    requireTaskAbility(a.can, 'edit', a.status === 'done' ? 'tasks.errors.editDone' : 'tasks.errors.editNotYours');
    const before = await trx.selectFrom('task').select(['title', 'description_md', 'priority', 'tags', sql<string | null>`to_char(starts_on, 'YYYY-MM-DD')`.as('starts_on')]).where('id', '=', a.id).executeTakeFirstOrThrow();
    const beforeCollaborators = (await trx.selectFrom('task_collaborator').select('person_id').where('task_id', '=', a.id).execute()).map((r) => r.person_id);
    const collaborators = [...new Set(f.collaborators)].filter((c) => c !== f.owner);
    const people = await peopleById(trx, [f.owner, ...collaborators], now);
    // Who already is on the task stays allowed (a partner contact who owns an action item); anyone new must be an active employee.
    const already = new Set([a.ownerId, ...beforeCollaborators]);
    const errors: Record<string, EditError> = checkAssignees(people, f.owner, collaborators, { allowPartnerIds: already });
    const owner = people.get(f.owner);
    const dueChanged = f.dueOn !== a.dueOn;
    const reassigned = f.owner !== a.ownerId;
    if (f.dueOn && owner && (dueChanged || reassigned) && f.dueOn < owner.today) errors.dueOn = 'tasks.errors.dueInPast';
    if (f.dueOn && f.startsOn && f.startsOn > f.dueOn) errors.startsOn = 'tasks.errors.startAfterDue';
    if (Object.keys(errors).length > 0) throw invalidFields(errors);

    const changed: string[] = [];
    if (f.title !== before.title) changed.push('title');
    if (f.description !== before.description_md) changed.push('description');
    if (f.priority !== before.priority) changed.push('priority');
    if (f.startsOn !== before.starts_on) changed.push('startsOn');
    if (dueChanged) changed.push('dueOn');
    if ([...f.tags].sort().join('\n') !== [...before.tags].sort().join('\n')) changed.push('tags');
    const added = collaborators.filter((c) => !beforeCollaborators.includes(c));
    const removed = beforeCollaborators.filter((c) => !collaborators.includes(c));
    if (added.length || removed.length) changed.push('collaborators');

    await sql`
      update task t set title = ${f.title}, description_md = ${f.description}, priority = ${f.priority}, starts_on = ${f.startsOn}::date, tags = ${[...f.tags]}::text[],
        owner_id = o.id, owner_unit_id = o.unit_id, due_on = ${f.dueOn}::date,
        due_at = case when ${f.dueOn}::date is null then null else ((${f.dueOn}::date + 1)::timestamp at time zone o.timezone) end,
        reminded_day_at = case when ${dueChanged || reassigned} then null else t.reminded_day_at end,
        reminded_hour_at = case when ${dueChanged || reassigned} then null else t.reminded_hour_at end,
        overdue_notified_at = case when ${dueChanged || reassigned} then null else t.overdue_notified_at end,
        updated_at = ${now}
      from person o where o.id = ${f.owner} and t.id = ${a.id}`.execute(trx);
    if (removed.length) await trx.deleteFrom('task_collaborator').where('task_id', '=', a.id).where('person_id', 'in', removed).execute();
    // The new owner is no longer also a collaborator.
    await trx.deleteFrom('task_collaborator').where('task_id', '=', a.id).where('person_id', '=', f.owner).execute();
    if (added.length) await trx.insertInto('task_collaborator').values(added.map((person_id) => ({ task_id: a.id, person_id }))).onConflict((oc) => oc.doNothing()).execute();

    let lastEvent: number | null = null;
    if (changed.length > 0) {
      const e = await trx.insertInto('task_event').values({ task_id: a.id, kind: 'edited', actor_id: v.id, details: JSON.stringify({ changed, from: { dueOn: a.dueOn }, to: { dueOn: f.dueOn } }), at: now }).returning('id').executeTakeFirstOrThrow();
      lastEvent = Number(e.id);
    }
    if (reassigned) {
      const names = await trx.selectFrom('person').select(['id', 'name', 'name_en']).where('id', 'in', [a.ownerId, f.owner]).execute();
      const nameOf = (id: string) => names.find((n) => n.id === id)?.name ?? '';
      const nameEnOf = (id: string) => names.find((n) => n.id === id)?.name_en ?? null;
      const e = await trx.insertInto('task_event').values({
        task_id: a.id, kind: 'reassigned', actor_id: v.id, body: f.reassignNote,
        details: JSON.stringify({ fromId: a.ownerId, toId: f.owner, fromName: nameOf(a.ownerId), toName: nameOf(f.owner), fromNameEn: nameEnOf(a.ownerId), toNameEn: nameEnOf(f.owner) }), at: now,
      }).returning('id').executeTakeFirstOrThrow();
      lastEvent = Number(e.id);
      // The previous owner's pending 申请调整 is no longer theirs to ask.
      await trx.updateTable('task_extension').set({ status: 'declined', decided_by: v.id, decided_at: now, decision_note: 'reassigned' })
        .where('task_id', '=', a.id).where('status', '=', 'pending').execute();
      if (f.owner !== v.id) {
        await notify(trx, {
          kind: 'tasks.assigned', recipients: { personIds: [f.owner] }, item: { type: 'task', id: a.id, title: f.title }, link: `/tasks/${a.id}`,
          message: { key: 'tasks.notifications.reassigned', params: { title: f.title, by: v.name } }, actorId: v.id, dedupeKey: `task.reassigned:${e.id}`,
        }, opts.enqueueDeliver);
      }
    }
    const newCollaborators = added.filter((c) => c !== v.id);
    if (newCollaborators.length > 0 && lastEvent !== null) {
      await notify(trx, {
        kind: 'tasks.assigned', recipients: { personIds: newCollaborators }, item: { type: 'task', id: a.id, title: f.title }, link: `/tasks/${a.id}`,
        message: { key: 'tasks.notifications.collaborating', params: { title: f.title, by: v.name } }, actorId: v.id, dedupeKey: `task.collaborators:${lastEvent}`,
      }, opts.enqueueDeliver);
    }
    const files = await storeAttachments(trx, v, a.id, lastEvent, uploads, now);
    if (files > 0 && lastEvent === null) {
      await trx.insertInto('task_event').values({ task_id: a.id, kind: 'attachment', actor_id: v.id, details: JSON.stringify({ count: files }), at: now }).execute();
    }
    if (changed.length > 0 || reassigned) {
      await recordAudit(trx, {
        actor: v, action: reassigned ? 'task.reassign' : 'task.edit', target: { type: 'task', id: a.id, label: f.title },
        details: { changed, ...(reassigned ? { fromOwnerId: a.ownerId, toOwnerId: f.owner } : {}) }, meta: opts.meta,
      });
    }
    return { id: a.id, reassigned };
  });
}
