import 'server-only';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '@/db/types';
import { requireEmployee, requireViewer } from '@/lib/authz/policies';
import { loadVisibleAccess } from '@/lib/announcements/access';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { renderMarkdown } from '@/lib/markdown/render';
import { allowedMoves, requireTaskAbility, taskAbilities, taskStatuses, type TaskAbilities, type TaskStatus } from './abilities';
import { headsOf, headsUnitSql, loadTaskAccess } from './access';
import { loadMeetingAccess } from '@/lib/meetings/access';
import { listFilterSchema, type ListFilter, type TaskPriority } from './schema';

export const PAGE_SIZE = 50;
export const BOARD_COLUMN_LIMIT = 100;

export type TaskCard = {
  id: string;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  dueOn: string | null;
  overdue: boolean;
  tags: string[];
  ownerId: string;
  ownerName: string;
  ownerNameEn: string | null;
  pendingExtension: boolean;
  can: TaskAbilities;
  moves: { to: TaskStatus; ability: 'start' | 'submit' | 'accept' | 'return' }[];
};

type CardRow = {
  id: string; title: string; status: TaskStatus; priority: TaskPriority; due_on: string | null; overdue: boolean; tags: string[];
  owner_id: string; owner_name: string; owner_name_en: string | null; creator_id: string; is_collaborator: boolean; heads_owner_unit: boolean; pending: boolean;
};

const cardColumns = (v: Viewer, now: Date) => sql`
  t.id, t.title, t.status, t.priority, to_char(t.due_on, 'YYYY-MM-DD') as due_on, (t.status <> 'done' and t.due_at <= ${now}) as overdue, t.tags,
  t.owner_id, o.name as owner_name, o.name_en as owner_name_en, t.creator_id,
  exists (select 1 from task_collaborator tc where tc.task_id = t.id and tc.person_id = ${v.id}) as is_collaborator,
  ${headsUnitSql(v, sql.ref('t.owner_unit_id'))} as heads_owner_unit,
  exists (select 1 from task_extension x where x.task_id = t.id and x.status = 'pending') as pending`;

function toCard(v: Viewer, r: CardRow): TaskCard {
  const can = taskAbilities(v, {
    status: r.status, isCreator: r.creator_id === v.id, isOwner: r.owner_id === v.id, isCollaborator: r.is_collaborator,
    headsOwnerUnit: r.heads_owner_unit, hasDueDate: r.due_on !== null, pendingExtension: r.pending,
  });
  return {
    id: r.id, title: r.title, status: r.status, priority: r.priority, dueOn: r.due_on, overdue: r.overdue, tags: r.tags, ownerId: r.owner_id,
    ownerName: r.owner_name, ownerNameEn: r.owner_name_en, pendingExtension: r.pending, can, moves: allowedMoves(can, r.status),
  };
}

/** Task ids in a scope, as SQL: each branch uses its own index (owner, collaborator, creator, unit tree). */
function scopeSql(v: Viewer, scope: ListFilter['scope']): RawBuilder<unknown> {
  if (scope === 'created') return sql`t.creator_id = ${v.id}`;
  if (scope === 'team') {
    const heads = headsOf(v);
    return sql`t.owner_unit_id in (select c.descendant_id from org_unit_closure c where c.ancestor_id = any(${heads}::uuid[]))`;
  }
  return sql`t.id in (select id from task where owner_id = ${v.id} union all select task_id from task_collaborator where person_id = ${v.id})`;
}

function tabSql(tab: ListFilter['tab'], now: Date): RawBuilder<unknown> {
  if (tab === 'open') return sql`t.status <> 'done'`;
  if (tab === 'overdue') return sql`t.status <> 'done' and t.due_at <= ${now}`;
  return sql`t.status = ${tab}`;
}

function filtersSql(f: ListFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (f.tag) parts.push(sql`t.tags @> array[${f.tag}]::text[]`);
  if (f.priority) parts.push(sql`t.priority = ${f.priority}`);
  if (f.owner) parts.push(sql`t.owner_id = ${f.owner}`);
  if (f.dueFrom) parts.push(sql`t.due_on >= ${f.dueFrom}::date`);
  if (f.dueTo) parts.push(sql`t.due_on <= ${f.dueTo}::date`);
  return sql.join(parts, sql` and `);
}

/**
 * My tasks (owned or collaborating), tasks I created, or — for heads — the tasks of their unit
 * trees; by tab (open, each status, overdue) and filters; 50 a page, due first.
 */
export async function listTasks(db: Kysely<DB>, viewer: Viewer | null, rawFilter: unknown, opts: { now?: Date } = {}) {
  const v = requireViewer(viewer);
  const f = listFilterSchema.parse(rawFilter ?? {});
  const now = opts.now ?? new Date();
  const scopes: ListFilter['scope'][] = v.kind === 'employee' ? (v.headOfUnitIds.length > 0 ? ['mine', 'created', 'team'] : ['mine', 'created']) : ['mine'];
  const scope = scopes.includes(f.scope) ? f.scope : 'mine';
  const offset = (f.page - 1) * PAGE_SIZE;
  const { rows } = await sql<CardRow>`
    select ${cardColumns(v, now)}
    from task t join person o on o.id = t.owner_id
    where ${scopeSql(v, scope)} and ${tabSql(f.tab, now)} and ${filtersSql(f)}
    order by t.due_at asc nulls last, t.created_at desc, t.id
    limit ${PAGE_SIZE + 1} offset ${offset}`.execute(db);
  const counts = await sql<{ open: number; overdue: number }>`
    select count(*) filter (where t.status <> 'done')::int as open, count(*) filter (where t.status <> 'done' and t.due_at <= ${now})::int as overdue
    from task t where ${scopeSql(v, scope)}`.execute(db);
  return {
    scope, scopes, filter: { ...f, scope },
    items: rows.slice(0, PAGE_SIZE).map((r) => toCard(v, r)),
    hasMore: rows.length > PAGE_SIZE,
    counts: counts.rows[0] ?? { open: 0, overdue: 0 },
  };
}

export type BoardTarget = { kind: 'person'; id: string } | { kind: 'unit'; id: string } | { kind: 'meeting'; id: string };

/**
 * A board (看板): one person's tasks (their own, or — for heads — anyone's in their trees), a
 * unit tree's tasks (heads of it) or a meeting's tasks (what the viewer may see of them), in status columns of at most 100 cards each with totals.
 */
export async function getBoard(db: Kysely<DB>, viewer: Viewer | null, target: BoardTarget | null, opts: { now?: Date; locale?: string } = {}) {
  const v = requireViewer(viewer);
  const now = opts.now ?? new Date();
  const t: BoardTarget = target ?? { kind: 'person', id: v.id };
  if (!isUuid(t.id)) throw new AppError('NOT_FOUND');
  let where: RawBuilder<unknown>;
  let label: { name: string; nameEn: string | null };
  if (t.kind === 'person') {
    const p = await sql<{ name: string; name_en: string | null; allowed: boolean }>`
      select p.name, p.name_en, (p.id = ${v.id} or ${headsUnitSql(v, sql.ref('p.unit_id'))}) as allowed from person p where p.id = ${t.id}`.execute(db);
    const row = p.rows[0];
    if (!row?.allowed) throw new AppError(v.kind === 'partner' || !row ? 'NOT_FOUND' : 'FORBIDDEN');
    label = { name: row.name, nameEn: row.name_en };
    where = sql`t.id in (select id from task where owner_id = ${t.id} union all select task_id from task_collaborator where person_id = ${t.id})`;
  } else if (t.kind === 'meeting') {
    // Anyone who may see the meeting; the cards are the meeting's tasks this viewer may see
    // (a partner: only their own action items; the organiser, as their creator: all of them).
    const m = await loadMeetingAccess(db, v, t.id);
    label = { name: m.title, nameEn: null };
    const heads = headsOf(v);
    where = sql`t.meeting_id = ${m.id} and (t.owner_id = ${v.id} or (${v.kind === 'employee'} and t.creator_id = ${v.id})
      or exists (select 1 from task_collaborator tc where tc.task_id = t.id and tc.person_id = ${v.id})
      or (cardinality(${heads}::uuid[]) > 0 and t.owner_unit_id in (select c.descendant_id from org_unit_closure c where c.ancestor_id = any(${heads}::uuid[]))))`;
  } else {
    const u = await sql<{ name: string; name_en: string | null; allowed: boolean }>`
      select u.name, u.name_en, ${headsUnitSql(v, sql.ref('u.id'))} as allowed from org_unit u where u.id = ${t.id}`.execute(db);
    const row = u.rows[0];
    if (!row?.allowed) throw new AppError(v.kind === 'partner' || !row ? 'NOT_FOUND' : 'FORBIDDEN');
    label = { name: row.name, nameEn: row.name_en };
    where = sql`t.owner_unit_id in (select c.descendant_id from org_unit_closure c where c.ancestor_id = ${t.id})`;
  }
  // Rank first on the narrow index columns (id, status, due_at: task_board_idx), then build the
  // cards — collaborator, headship and extension facts — only for the at most 4 × 100 shown.
  const { rows } = await sql<CardRow & { total: number }>`
    with ranked as (
      select t.id, count(*) over (partition by t.status)::int as total,
        row_number() over (partition by t.status order by t.due_at asc nulls last, t.id) as rn
      from task t
      where ${where} and (t.status <> 'done' or t.completed_at >= ${new Date(now.getTime() - 30 * 86400_000)})
    )
    select ${cardColumns(v, now)}, r.total
    from ranked r join task t on t.id = r.id join person o on o.id = t.owner_id
    where r.rn <= ${BOARD_COLUMN_LIMIT}
    order by r.rn`.execute(db);
  const columns = taskStatuses.map((status) => {
    const items = rows.filter((r) => r.status === status);
    return { status, total: items[0]?.total ?? 0, items: items.map((r) => toCard(v, r)) };
  });
  // Heads may open the boards of people and units in their trees: the page offers the choice when this says so.
  return { target: t, label, columns, can: { chooseOthers: headsOf(v).length > 0 } };
}

export type TaskEvent = {
  id: string; kind: string; actorName: string | null; actorNameEn: string | null; fromStatus: string | null; toStatus: string | null;
  body: string; bodyHtml: string; details: Record<string, unknown>; at: Date;
};

/** One task with its people, history (status moves, progress, comments) and extension requests. */
export async function getTask(db: Kysely<DB>, viewer: Viewer | null, id: string, opts: { now?: Date } = {}) {
  const a = await loadTaskAccess(db, viewer, id, opts);
  const t = await db
    .selectFrom('task as t')
    .innerJoin('person as c', 'c.id', 't.creator_id')
    .innerJoin('person as o', 'o.id', 't.owner_id')
    .leftJoin('announcement as an', 'an.id', 't.announcement_id')
    .leftJoin('meeting as m', 'm.id', 't.meeting_id')
    .select([
      't.id', 't.title', 't.description_md', 't.priority', 't.status', 't.tags', 't.created_at', 't.completed_at', 't.announcement_id', 't.meeting_id',
      sql<string | null>`to_char(t.starts_on, 'YYYY-MM-DD')`.as('starts_on'),
      'c.name as creator_name', 'c.name_en as creator_name_en', 'o.name as owner_name', 'o.name_en as owner_name_en', 'o.timezone as owner_tz',
      'an.title as announcement_title', 'm.title as meeting_title',
    ])
    .where('t.id', '=', a.id)
    .executeTakeFirstOrThrow();
  const [collaborators, events, extensions, attachments] = await Promise.all([
    db.selectFrom('task_collaborator as tc').innerJoin('person as p', 'p.id', 'tc.person_id').select(['p.id', 'p.name', 'p.name_en']).where('tc.task_id', '=', a.id).orderBy('p.name').execute(),
    db.selectFrom('task_event as e').leftJoin('person as p', 'p.id', 'e.actor_id')
      .select(['e.id', 'e.kind', 'e.from_status', 'e.to_status', 'e.body', 'e.details', 'e.at', 'p.name', 'p.name_en'])
      .where('e.task_id', '=', a.id).orderBy('e.id').limit(500).execute(),
    db.selectFrom('task_extension as x').innerJoin('person as p', 'p.id', 'x.requested_by').leftJoin('person as d', 'd.id', 'x.decided_by')
      .select(['x.id', 'x.status', 'x.reason', 'x.decision_note', 'x.created_at', 'x.decided_at', 'p.name as requester', 'd.name as decider',
        sql<string | null>`to_char(x.previous_due_on, 'YYYY-MM-DD')`.as('previous_due_on'), sql<string>`to_char(x.requested_due_on, 'YYYY-MM-DD')`.as('requested_due_on')])
      .where('x.task_id', '=', a.id).orderBy('x.created_at', 'desc').execute(),
    db.selectFrom('task_attachment as ta').innerJoin('stored_file as f', 'f.id', 'ta.file_id')
      .select(['f.id', 'f.filename', 'f.size', 'f.content_type', 'ta.event_id', 'ta.added_at'])
      .where('ta.task_id', '=', a.id).orderBy('ta.added_at').orderBy('f.filename').execute(),
  ]);
  // A partner sees the announcement or meeting the task came from only as a title they already know.
  const employee = viewer?.kind === 'employee';
  return {
    ...a,
    title: t.title,
    descriptionMd: t.description_md,
    descriptionHtml: renderMarkdown(t.description_md),
    tags: t.tags,
    startsOn: t.starts_on,
    createdAt: t.created_at,
    completedAt: t.completed_at,
    creatorName: t.creator_name, creatorNameEn: t.creator_name_en,
    ownerName: t.owner_name, ownerNameEn: t.owner_name_en, ownerTimezone: t.owner_tz,
    announcement: employee && t.announcement_id ? { id: t.announcement_id, title: t.announcement_title ?? '' } : null,
    meeting: t.meeting_id ? { id: t.meeting_id, title: t.meeting_title ?? '' } : null,
    collaborators: collaborators.map((c) => ({ id: c.id, name: c.name, nameEn: c.name_en })),
    people: [
      { id: a.creatorId, name: t.creator_name, nameEn: t.creator_name_en },
      { id: a.ownerId, name: t.owner_name, nameEn: t.owner_name_en },
      ...collaborators.map((c) => ({ id: c.id, name: c.name, nameEn: c.name_en })),
    ].filter((p, i, all) => all.findIndex((q) => q.id === p.id) === i),
    events: events.map((e): TaskEvent => ({
      id: String(e.id), kind: e.kind, actorName: e.name, actorNameEn: e.name_en, fromStatus: e.from_status, toStatus: e.to_status, body: e.body,
      bodyHtml: e.kind === 'comment' || e.kind === 'progress' ? renderMarkdown(e.body) : '', details: (e.details ?? {}) as Record<string, unknown>, at: e.at,
    })),
    attachments: attachments.map((f) => ({ id: f.id, filename: f.filename, size: f.size, contentType: f.content_type, eventId: f.event_id === null ? null : String(f.event_id), addedAt: f.added_at })),
    extensions: extensions.map((x) => ({
      id: x.id, status: x.status, reason: x.reason, decisionNote: x.decision_note, createdAt: x.created_at, decidedAt: x.decided_at, requester: x.requester, decider: x.decider,
      previousDueOn: x.previous_due_on, requestedDueOn: x.requested_due_on,
    })),
  };
}

/** What the new-task form needs: employees only; the announcement to link, if the viewer may see it. */
export async function getNewTaskContext(db: Kysely<DB>, viewer: Viewer | null, announcementId?: string | null) {
  const v = requireEmployee(viewer);
  if (!announcementId || !isUuid(announcementId)) return { announcement: null };
  try {
    const a = await loadVisibleAccess(db, v, announcementId);
    const row = await db.selectFrom('announcement').select(['id', 'title']).where('id', '=', a.id).executeTakeFirstOrThrow();
    return { announcement: { id: row.id, title: row.title } };
  } catch {
    return { announcement: null };
  }
}

/** The edit form's task (the creator, while open): FORBIDDEN with the reason otherwise. */
export async function getTaskForEdit(db: Kysely<DB>, viewer: Viewer | null, id: string, opts: { now?: Date } = {}) {
  const task = await getTask(db, viewer, id, opts);
  requireTaskAbility(task.can, 'edit', task.status === 'done' ? 'tasks.errors.editDone' : 'tasks.errors.editNotYours');
  return task;
}
