import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError, invalidFields } from '@/lib/errors';
import { fileStore } from '@/lib/files/storage';
import { checkUploads, type Upload } from '@/lib/files/validate';
import { parseInput } from '@/lib/forms/parse';
import { uploadsOf } from '@/lib/forms/values';
import type { RequestMeta } from '@/lib/http/request-meta';
import { markdownToText } from '@/lib/markdown/render';
import { notify, type EnqueueDeliver } from '@/lib/notifications/producer';
import { requireRequestAbility } from './abilities';
import { loadRequestAccess, requireArea, type RequestRow } from './access';
import { workingMinutesBetween, type WorkCalendar } from './calendar';
import { loadDefaultCalendar } from './calendar-store';
import { indexRequest } from './search';
import { assignSchema, customerReplySchema, prioritySchema, rateSchema, shareSchema, staffMessageSchema, statusSchema, submitSchema, idOnly, type Priority, type RequestType } from './schema';
import { nextAlertAt, slaSchedule, type AlertKind, type SlaState } from './sla';

type Trx = Transaction<DB>;
type Status = RequestRow['status'];
/** `enqueueDeliver` replaces the mail job's queueing (tests record the event ids instead). */
export type MutationOpts = { meta?: RequestMeta; now?: Date; formData?: FormData; uploads?: Upload[]; enqueueDeliver?: EnqueueDeliver };

const link = (id: string, partner: boolean) => (partner ? `/partner/requests/${id}` : `/requests/${id}`);
const titleOf = (r: { number: number; subject: string }) => `#${r.number} ${r.subject}`;

/** Which unit handles a type + topic: the most specific route (type and topic, then type, then the default). */
export async function routeFor(db: Kysely<DB> | Trx, type: RequestType, topic: string | null): Promise<string | null> {
  const row = await db
    .selectFrom('request_route')
    .select('unit_id')
    .where((eb) => eb.or([
      eb.and([eb('request_type', '=', type), eb.or([eb('topic', 'is', null), ...(topic ? [eb(sql`lower(topic)`, '=', topic.toLowerCase())] : [])])]),
      eb('request_type', 'is', null),
    ]))
    .orderBy(sql`request_type is null`)
    .orderBy(sql`topic is null`)
    .limit(1)
    .executeTakeFirst();
  return row?.unit_id ?? null;
}

async function policyFor(db: Kysely<DB> | Trx, type: RequestType, priority: Priority) {
  return db.selectFrom('request_sla_policy').select(['first_response_minutes', 'resolution_minutes']).where('request_type', '=', type).where('priority', '=', priority).executeTakeFirst();
}

const stateOf = (r: Pick<RequestRow, 'created_at' | 'status' | 'first_target_min' | 'first_response_at' | 'resolve_target_min' | 'resolve_consumed_min' | 'resolve_running_since'>): SlaState => ({
  createdAt: r.created_at, status: r.status, firstTargetMin: r.first_target_min, firstResponseAt: r.first_response_at,
  resolveTargetMin: r.resolve_target_min, resolveConsumedMin: r.resolve_consumed_min, resolveRunningSince: r.resolve_running_since,
});

async function sentAlerts(db: Kysely<DB> | Trx, requestId: string): Promise<Set<AlertKind>> {
  const rows = await db.selectFrom('request_sla_alert').select('kind').where('request_id', '=', requestId).execute();
  return new Set(rows.map((r) => r.kind));
}

/** Due times and the next alert instant of a state, as columns. */
function slaColumns(s: SlaState, cal: WorkCalendar, sent: ReadonlySet<AlertKind>) {
  const sch = slaSchedule(s, cal);
  return { first_due_at: sch.firstDueAt, resolve_due_at: sch.resolveDueAt, sla_next_at: nextAlertAt(sch, sent) };
}

/**
 * Moves a request to a status and keeps the resolution clock right: it stops (adding the working
 * minutes used) when the request waits for the customer or is resolved/closed, and runs again
 * when it opens. Returns the columns to write.
 */
function transition(r: RequestRow, to: Status, now: Date, cal: WorkCalendar, sent: ReadonlySet<AlertKind>) {
  const s = stateOf(r);
  const running = to === 'new' || to === 'open';
  let consumed = s.resolveConsumedMin;
  let since = s.resolveRunningSince;
  if (!running && since) {
    consumed += Math.round(workingMinutesBetween(since, now, cal));
    since = null;
  } else if (running && !since) {
    since = now;
  }
  const cols: Record<string, unknown> = { status: to, resolve_consumed_min: consumed, resolve_running_since: since, updated_at: now };
  if (to === 'resolved' || (to === 'closed' && !r.resolved_at)) { cols.resolved_at = now; cols.resolution_min = consumed; }
  if (to === 'closed') cols.closed_at = now;
  if (running) { cols.resolved_at = null; cols.closed_at = null; cols.resolution_min = null; }
  Object.assign(cols, slaColumns({ ...s, status: to, resolveConsumedMin: consumed, resolveRunningSince: since }, cal, sent));
  return cols;
}

async function storeAttachments(trx: Trx, viewer: Viewer, requestId: string, messageId: string | null, uploads: Upload[]) {
  if (uploads.length === 0) return;
  const existing = await trx.selectFrom('request_attachment').select((eb) => eb.fn.countAll<string>().as('n')).where('request_id', '=', requestId).executeTakeFirstOrThrow();
  const checked = checkUploads(uploads, Number(existing.n));
  if (!checked.ok) throw invalidFields({ attachments: { key: `errors.files.${checked.refusal.error}`, params: checked.refusal.params } });
  for (const f of checked.files) {
    const meta = await fileStore.put(trx, viewer.id, f);
    await trx.insertInto('request_attachment').values({ request_id: requestId, message_id: messageId, file_id: meta.id }).execute();
  }
}

/** People of a unit (set-based), for in-app notifications of a queue. */
const unitMembersSql = (unitId: string) => sql<{ person_id: string }>`select id as person_id from person where unit_id = ${unitId} and kind = 'employee' and status = 'active'`;

/**
 * A customer files a request: routed to a handling unit, SLA targets taken from the policy for its
 * type and the priority the customer suggests, attachments checked and stored, the unit told.
 */
export async function submitRequest(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: MutationOpts = {}): Promise<{ id: string; number: number }> {
  const v = await requireArea(db, viewer, 'submit');
  const f = parseInput(submitSchema, raw);
  const uploads = opts.uploads ?? (opts.formData ? await uploadsOf(opts.formData, 'attachments') : []);
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const unitId = await routeFor(trx, f.type, f.topic);
    if (!unitId) throw new AppError('CONFLICT', 'requests.errors.noRoute');
    const policy = await policyFor(trx, f.type, f.priority);
    const cal = await loadDefaultCalendar(trx);
    const state: SlaState = {
      createdAt: now, status: 'new', firstTargetMin: policy?.first_response_minutes ?? null, firstResponseAt: null,
      resolveTargetMin: policy?.resolution_minutes ?? null, resolveConsumedMin: 0, resolveRunningSince: now,
    };
    const r = await trx
      .insertInto('request')
      .values({
        partner_org_id: v.partnerOrgId!, requester_id: v.id, request_type: f.type, topic: f.topic, suggested_priority: f.priority, priority: f.priority,
        subject: f.subject, description_md: f.description, shared_with_org: f.share, unit_id: unitId, created_at: now, updated_at: now,
        first_target_min: state.firstTargetMin, resolve_target_min: state.resolveTargetMin, resolve_running_since: now,
        ...slaColumns(state, cal, new Set()),
      })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    await storeAttachments(trx, v, r.id, null, uploads);
    await indexRequest(trx, r.id);
    await notify(trx, {
      kind: 'request.submitted', recipients: { sql: unitMembersSql(unitId) }, item: { type: 'request', id: r.id, title: titleOf({ number: r.number, subject: f.subject }) },
      link: link(r.id, false), message: { key: 'requests.notifications.submitted', params: { number: r.number } }, actorId: v.id, dedupeKey: `request.submitted:${r.id}`,
    }, opts.enqueueDeliver);
    return { id: r.id, number: r.number };
  });
}

/**
 * Staff write on a request: a public reply (the customer sees it and gets it by mail; the first
 * one stops the first-response clock; the status moves as chosen) or an internal note (staff only:
 * never on a partner's page, in a mail, a search result or an export).
 */
export async function addStaffMessage(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: MutationOpts = {}): Promise<{ messageId: string }> {
  const f = parseInput(staffMessageSchema, raw);
  const uploads = opts.uploads ?? (opts.formData ? await uploadsOf(opts.formData, 'attachments') : []);
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const a = await loadRequestAccess(trx, viewer, f.id, { forUpdate: true, now });
    if (f.visibility === 'public' && a.row.status === 'closed') throw new AppError('CONFLICT', 'requests.errors.closed');
    const v = requireRequestAbility(a.viewer, a.can, f.visibility === 'public' ? 'staffReply' : 'note');
    const m = await trx.insertInto('request_message').values({ request_id: a.row.id, author_id: v.id, visibility: f.visibility, body_md: f.body, created_at: now }).returning('id').executeTakeFirstOrThrow();
    // Files of an internal note stay internal (getRequest and mayViewRequestFile read the message's visibility).
    await storeAttachments(trx, v, a.row.id, m.id, uploads);
    if (f.visibility === 'internal') {
      await trx.updateTable('request').set({ updated_at: now }).where('id', '=', a.row.id).execute();
      return { messageId: m.id };
    }
    const cal = await loadDefaultCalendar(trx);
    const sent = await sentAlerts(trx, a.row.id);
    const firstResponse = a.row.first_response_at ? {} : { first_response_at: now, first_response_min: Math.round(workingMinutesBetween(a.row.created_at, now, cal)) };
    const row = { ...a.row, ...firstResponse } as RequestRow;
    const cols = transition(row, f.then, now, cal, sent);
    await trx.updateTable('request').set({ ...cols, ...firstResponse, assignee_id: a.row.assignee_id ?? v.id }).where('id', '=', a.row.id).execute();
    // Public replies are searchable (by the customer side too); internal notes above never are.
    await indexRequest(trx, a.row.id);
    await notify(trx, {
      kind: 'request.replied', recipients: { personIds: [a.row.requester_id] }, item: { type: 'request', id: a.row.id, title: titleOf(a.row) },
      link: link(a.row.id, true), message: { key: 'requests.notifications.replied', params: { number: a.row.number } }, actorId: v.id,
      mail: { template: 'request-reply', props: { requestId: a.row.id, number: a.row.number, subject: a.row.subject, author: v.name, text: markdownToText(f.body).slice(0, 10000), status: f.then } },
      dedupeKey: `request.reply:${m.id}`,
    }, opts.enqueueDeliver);
    return { messageId: m.id };
  });
}

/** The customer answers from the portal; a request waiting for them opens again (its clock runs). */
export async function addCustomerReply(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: MutationOpts = {}): Promise<{ messageId: string }> {
  const f = parseInput(customerReplySchema, raw);
  const uploads = opts.uploads ?? (opts.formData ? await uploadsOf(opts.formData, 'attachments') : []);
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const a = await loadRequestAccess(trx, viewer, f.id, { forUpdate: true, now });
    if (a.viewer.kind === 'partner' && (a.row.status === 'closed' || a.row.status === 'resolved')) throw new AppError('CONFLICT', 'requests.errors.closed');
    const v = requireRequestAbility(a.viewer, a.can, 'reply');
    const m = await trx.insertInto('request_message').values({ request_id: a.row.id, author_id: v.id, visibility: 'public', body_md: f.body, created_at: now }).returning('id').executeTakeFirstOrThrow();
    await storeAttachments(trx, v, a.row.id, m.id, uploads);
    const cal = await loadDefaultCalendar(trx);
    const cols = a.row.status === 'waiting' ? transition(a.row, 'open', now, cal, await sentAlerts(trx, a.row.id)) : { updated_at: now };
    await trx.updateTable('request').set(cols).where('id', '=', a.row.id).execute();
    await indexRequest(trx, a.row.id);
    await notify(trx, {
      kind: 'request.customer_replied', recipients: a.row.assignee_id ? { personIds: [a.row.assignee_id] } : { sql: unitMembersSql(a.row.unit_id) },
      item: { type: 'request', id: a.row.id, title: titleOf(a.row) }, link: link(a.row.id, false),
      message: { key: 'requests.notifications.customerReplied', params: { number: a.row.number } }, actorId: v.id, dedupeKey: `request.customer_reply:${m.id}`,
    }, opts.enqueueDeliver);
    return { messageId: m.id };
  });
}

async function internalEvent(trx: Trx, requestId: string, actorId: string, event: 'reassigned' | 'priority' | 'status' | 'taken', body: string, now: Date) {
  await trx.insertInto('request_message').values({ request_id: requestId, author_id: actorId, visibility: 'internal', event, body_md: body, created_at: now }).execute();
}

/** A handler takes the request (becomes its assignee); a new request opens. */
export async function takeRequest(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: MutationOpts = {}): Promise<void> {
  const { id } = parseInput(idOnly, raw);
  const now = opts.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const a = await loadRequestAccess(trx, viewer, id, { forUpdate: true, now });
    const v = requireRequestAbility(a.viewer, a.can, 'take');
    const cols = a.row.status === 'new' ? transition(a.row, 'open', now, await loadDefaultCalendar(trx), await sentAlerts(trx, id)) : { updated_at: now };
    await trx.updateTable('request').set({ ...cols, assignee_id: v.id }).where('id', '=', id).execute();
    await internalEvent(trx, id, v.id, 'taken', '', now);
    await indexRequest(trx, id);
  });
}

/** Reassigns to a person (an active employee) and/or another unit, with a note kept internal. Audited. */
export async function reassignRequest(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: MutationOpts = {}): Promise<void> {
  const f = parseInput(assignSchema, raw);
  const now = opts.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const a = await loadRequestAccess(trx, viewer, f.id, { forUpdate: true, now });
    const v = requireRequestAbility(a.viewer, a.can, 'assign');
    const personId = f.person[0] ?? null;
    const unitId = f.unit[0] ?? null;
    if (personId) {
      const p = await trx.selectFrom('person').select('id').where('id', '=', personId).where('kind', '=', 'employee').where('status', '=', 'active').executeTakeFirst();
      if (!p) throw invalidFields({ person: 'requests.errors.assigneeInvalid' });
    }
    if (unitId) {
      const u = await trx.selectFrom('org_unit').select('id').where('id', '=', unitId).executeTakeFirst();
      if (!u) throw invalidFields({ unit: 'requests.errors.unitInvalid' });
    }
    const set = { assignee_id: personId ?? (unitId && unitId !== a.row.unit_id ? null : a.row.assignee_id), unit_id: unitId ?? a.row.unit_id, updated_at: now };
    await trx.updateTable('request').set(set).where('id', '=', f.id).execute();
    await internalEvent(trx, f.id, v.id, 'reassigned', f.note, now);
    await indexRequest(trx, f.id);
    await recordAudit(trx, { actor: v, action: 'request.reassign', target: { type: 'request', id: f.id, label: titleOf(a.row) }, details: { from: { unitId: a.row.unit_id, assigneeId: a.row.assignee_id }, to: { unitId: set.unit_id, assigneeId: set.assignee_id } }, meta: opts.meta });
    const recipients = set.assignee_id && set.assignee_id !== v.id ? { personIds: [set.assignee_id] } : set.unit_id !== a.row.unit_id ? { sql: unitMembersSql(set.unit_id) } : null;
    if (recipients) {
      await notify(trx, {
        kind: 'request.assigned', recipients, item: { type: 'request', id: f.id, title: titleOf(a.row) }, link: link(f.id, false),
        message: { key: 'requests.notifications.assigned', params: { number: a.row.number } }, actorId: v.id, dedupeKey: `request.assigned:${f.id}:${now.getTime()}`,
      }, opts.enqueueDeliver);
    }
  });
}

/** Changes the priority: the SLA targets follow the policy for the new priority. */
export async function changePriority(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: MutationOpts = {}): Promise<void> {
  const f = parseInput(prioritySchema, raw);
  const now = opts.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const a = await loadRequestAccess(trx, viewer, f.id, { forUpdate: true, now });
    const v = requireRequestAbility(a.viewer, a.can, 'changePriority');
    if (a.row.priority === f.priority) return;
    const policy = await policyFor(trx, a.row.request_type, f.priority);
    const targets = { first_target_min: policy?.first_response_minutes ?? null, resolve_target_min: policy?.resolution_minutes ?? null };
    const state = { ...stateOf(a.row), firstTargetMin: targets.first_target_min, resolveTargetMin: targets.resolve_target_min };
    const cal = await loadDefaultCalendar(trx);
    await trx.updateTable('request').set({ priority: f.priority, ...targets, ...slaColumns(state, cal, await sentAlerts(trx, f.id)), updated_at: now }).where('id', '=', f.id).execute();
    await internalEvent(trx, f.id, v.id, 'priority', `${a.row.priority} → ${f.priority}`, now);
  });
}

/** Staff move the status (open, waiting for the customer, resolved, closed). */
export async function setStatus(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: MutationOpts = {}): Promise<void> {
  const f = parseInput(statusSchema, raw);
  const now = opts.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const a = await loadRequestAccess(trx, viewer, f.id, { forUpdate: true, now });
    if (a.row.status === 'closed') throw new AppError('CONFLICT', 'requests.errors.closed');
    const v = requireRequestAbility(a.viewer, a.can, 'setStatus');
    if (a.row.status === f.status) return;
    const cols = transition(a.row, f.status, now, await loadDefaultCalendar(trx), await sentAlerts(trx, f.id));
    await trx.updateTable('request').set(cols).where('id', '=', f.id).execute();
    await internalEvent(trx, f.id, v.id, 'status', `${a.row.status} → ${f.status}`, now);
    // Closing asks the customer for a satisfaction rating (in the portal and by mail).
    if (f.status === 'closed' && a.row.rating === null) {
      await notify(trx, {
        kind: 'request.closed', recipients: { personIds: [a.row.requester_id] }, item: { type: 'request', id: f.id, title: titleOf(a.row) },
        link: link(f.id, true), message: { key: 'requests.notifications.closed', params: { number: a.row.number } }, actorId: v.id,
        mail: { template: 'request-closed', props: { requestId: f.id, number: a.row.number, subject: a.row.subject } },
        dedupeKey: `request.closed:${f.id}:${now.getTime()}`,
      }, opts.enqueueDeliver);
    }
  });
}

/** The customer accepts a resolved request (closes it). */
export async function closeByCustomer(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: MutationOpts = {}): Promise<void> {
  const { id } = parseInput(idOnly, raw);
  const now = opts.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const a = await loadRequestAccess(trx, viewer, id, { forUpdate: true, now });
    if (a.row.status === 'closed') throw new AppError('CONFLICT', 'requests.errors.closed');
    requireRequestAbility(a.viewer, a.can, 'close');
    await trx.updateTable('request').set(transition(a.row, 'closed', now, await loadDefaultCalendar(trx), await sentAlerts(trx, id))).where('id', '=', id).execute();
  });
}

/** The customer reopens a resolved or closed request within the set period. */
export async function reopenRequest(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: MutationOpts = {}): Promise<void> {
  const { id } = parseInput(idOnly, raw);
  const now = opts.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const a = await loadRequestAccess(trx, viewer, id, { forUpdate: true, now });
    if (a.row.status !== 'resolved' && a.row.status !== 'closed') throw new AppError('CONFLICT', 'requests.errors.notResolved');
    if (a.facts.reopenUntil && now > a.facts.reopenUntil) throw new AppError('CONFLICT', 'requests.errors.reopenExpired');
    const v = requireRequestAbility(a.viewer, a.can, 'reopen');
    await trx.updateTable('request').set(transition(a.row, 'open', now, await loadDefaultCalendar(trx), await sentAlerts(trx, id))).where('id', '=', id).execute();
    await notify(trx, {
      kind: 'request.customer_replied', recipients: a.row.assignee_id ? { personIds: [a.row.assignee_id] } : { sql: unitMembersSql(a.row.unit_id) },
      item: { type: 'request', id, title: titleOf(a.row) }, link: link(id, false), message: { key: 'requests.notifications.reopened', params: { number: a.row.number } },
      actorId: v.id, dedupeKey: `request.reopened:${id}:${now.getTime()}`,
    }, opts.enqueueDeliver);
  });
}

/** A satisfaction rating (1–5 and a comment), once, after closing. */
export async function rateRequest(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: MutationOpts = {}): Promise<void> {
  const f = parseInput(rateSchema, raw);
  const now = opts.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const a = await loadRequestAccess(trx, viewer, f.id, { forUpdate: true, now });
    if (a.row.rating !== null) throw new AppError('CONFLICT', 'requests.errors.alreadyRated');
    if (a.row.status !== 'closed') throw new AppError('CONFLICT', 'requests.errors.rateAfterClose');
    requireRequestAbility(a.viewer, a.can, 'rate');
    const r = await trx.updateTable('request').set({ rating: f.rating, rating_comment: f.comment || null, rated_at: now }).where('id', '=', f.id).where('rating', 'is', null).executeTakeFirst();
    if (!r.numUpdatedRows) throw new AppError('CONFLICT', 'requests.errors.alreadyRated');
  });
}

/** The requester (or the partner admin) shares a request with the whole organisation, or stops sharing. */
export async function shareRequest(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: MutationOpts = {}): Promise<void> {
  const f = parseInput(shareSchema, raw);
  await db.transaction().execute(async (trx) => {
    const a = await loadRequestAccess(trx, viewer, f.id, { forUpdate: true, now: opts.now });
    requireRequestAbility(a.viewer, a.can, 'share');
    await trx.updateTable('request').set({ shared_with_org: f.share }).where('id', '=', f.id).execute();
    await indexRequest(trx, f.id);
  });
}
