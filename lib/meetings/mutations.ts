import 'server-only';
import { TZDate } from '@date-fns/tz';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import type { MeetingInvitationProps } from '@/emails/meeting-invitation';
import { recordAudit } from '@/lib/audit/record';
import { requireEmployee, requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError, invalidFields } from '@/lib/errors';
import type { FieldErrors } from '@/lib/errors';
import { describeFailure } from '@/lib/forms/describe';
import { parseInput } from '@/lib/forms/parse';
import type { RequestMeta } from '@/lib/http/request-meta';
import { markdownToText } from '@/lib/markdown/render';
import { notify, type EnqueueDeliver } from '@/lib/notifications/producer';
import type { Db } from '@/lib/tasks/access';
import { insertTask } from '@/lib/tasks/mutations';
import { indexDocument } from '@/lib/search/index';
import type { Upload } from '@/lib/files/validate';
import { uploadsOf } from '@/lib/forms/values';
import { requireMeetingAbility } from './abilities';
import { loadMeetingAccess, type MeetingAccess } from './access';
import { applyMeetingFileChanges, listMeetingFiles } from './files';
import { ACTION_ITEMS_MAX, actionItemRows, actionItemSchema, meetingSchema, minutesSchema, minuteTakerSchema } from './schema';

export type MeetingOpts = { meta?: RequestMeta; now?: Date; enqueueDeliver?: EnqueueDeliver; formData?: FormData; uploads?: Upload[] };

/** "2026-12-01T10:00" in `tz` → the instant. */
export function zonedInstant(local: string, tz: string): Date {
  const [d, t] = local.split('T');
  const [y, mo, da] = d.split('-').map(Number);
  const [h, mi] = t.split(':').map(Number);
  return new Date(new TZDate(y, mo - 1, da, h, mi, 0, tz).getTime());
}

async function invitationProps(trx: Db, meetingId: string, method: 'REQUEST' | 'CANCEL'): Promise<MeetingInvitationProps> {
  const m = await trx
    .selectFrom('meeting as m')
    .innerJoin('person as o', 'o.id', 'm.organiser_id')
    .select(['m.id', 'm.title', 'm.starts_at', 'm.ends_at', 'm.timezone', 'm.place', 'm.online_url', 'm.agenda_md', 'm.sequence', 'o.name', 'o.email'])
    .where('m.id', '=', meetingId)
    .executeTakeFirstOrThrow();
  const agendaText = markdownToText(m.agenda_md).slice(0, 4000);
  // Agenda documents travel as links (downloads check the reader), never as bytes in the mail.
  const files = (await listMeetingFiles(trx, meetingId)).map((f) => ({ id: f.id, filename: f.filename, size: f.size }));
  return {
    files,
    id: m.id, title: m.title, startsAt: m.starts_at.toISOString(), endsAt: m.ends_at.toISOString(), timezone: m.timezone, place: m.place, onlineUrl: m.online_url,
    description: agendaText, organiser: { name: m.name, email: m.email }, sequence: m.sequence, method, agendaText,
  };
}

/** Everyone invited but the organiser, as SQL for notify(). */
const attendeesSql = (meetingId: string, organiserId: string) =>
  sql<{ person_id: string }>`select person_id from meeting_attendee where meeting_id = ${meetingId} and person_id <> ${organiserId}`;

/**
 * Schedules a meeting or changes one (the organiser). Times are read in the organiser's time zone.
 * Attendees: named employees, every active employee of the chosen units' trees (set-based), and
 * partner contacts. Everyone invited gets the invitation mail with its calendar file; a change
 * sends the same UID with a higher SEQUENCE; people taken off the list get a cancellation.
 */
export async function saveMeeting(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: MeetingOpts = {}): Promise<{ id: string; created: boolean }> {
  const v = requireEmployee(viewer);
  const f = parseInput(meetingSchema, raw);
  const now = opts.now ?? new Date();
  const tz = v.timezone;
  const startsAt = zonedInstant(f.startsAt, tz);
  const endsAt = zonedInstant(f.endsAt, tz);
  const errors: Record<string, 'meetings.errors.endBeforeStart' | 'meetings.errors.startInPast' | 'meetings.errors.noAttendees' | 'meetings.errors.attendeeNotAllowed' | 'meetings.errors.partnerNotAllowed' | 'meetings.errors.unitUnknown' | 'meetings.errors.minuteTakerNotAllowed'> = {};
  if (endsAt <= startsAt) errors.endsAt = 'meetings.errors.endBeforeStart';
  if (!f.id && startsAt < now) errors.startsAt = 'meetings.errors.startInPast';
  if (f.attendees.length + f.units.length + f.partners.length === 0) errors.attendees = 'meetings.errors.noAttendees';
  const uploads = opts.uploads ?? (opts.formData ? await uploadsOf(opts.formData, 'attachments') : []);
  return db.transaction().execute(async (trx) => {
    const named = [...new Set([...f.attendees, ...f.partners])];
    const people = named.length
      ? await sql<{ id: string; kind: 'employee' | 'partner' }>`
          select p.id, p.kind from person p left join partner_org o on o.id = p.partner_org_id
          where p.id = any(${named}::uuid[]) and p.status = 'active' and (p.partner_org_id is null or o.status = 'active')`.execute(trx)
      : { rows: [] };
    const kinds = new Map(people.rows.map((p) => [p.id, p.kind]));
    if (f.attendees.some((id) => kinds.get(id) !== 'employee')) errors.attendees = 'meetings.errors.attendeeNotAllowed';
    if (f.partners.some((id) => kinds.get(id) !== 'partner')) errors.partners = 'meetings.errors.partnerNotAllowed';
    if (f.units.length) {
      const n = await trx.selectFrom('org_unit').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', f.units).executeTakeFirstOrThrow();
      if (Number(n.n) !== new Set(f.units).size) errors.units = 'meetings.errors.unitUnknown';
    }
    if (f.minuteTaker && !(await isActiveEmployee(trx, f.minuteTaker))) errors.minuteTaker = 'meetings.errors.minuteTakerNotAllowed';
    if (Object.keys(errors).length > 0) throw invalidFields(errors);

    const values = { title: f.title, starts_at: startsAt, ends_at: endsAt, timezone: tz, place: f.place, online_url: f.onlineUrl, agenda_md: f.agenda, updated_at: now };
    let id: string;
    let before = new Set<string>();
    let previousTaker: string | null = null;
    if (f.id) {
      const a = await loadMeetingAccess(trx, v, f.id, { forUpdate: true });
      requireMeetingAbility(a.can, 'edit');
      id = a.id;
      previousTaker = a.minuteTakerId;
      before = new Set((await trx.selectFrom('meeting_attendee').select('person_id').where('meeting_id', '=', id).execute()).map((r) => r.person_id));
      await trx.updateTable('meeting').set((eb) => ({ ...values, sequence: eb('sequence', '+', 1) })).where('id', '=', id).execute();
      await trx.deleteFrom('meeting_attendee').where('meeting_id', '=', id).execute();
    } else {
      id = (await trx.insertInto('meeting').values({ ...values, organiser_id: v.id, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
    }
    // The organiser, the named people, then every active employee of the chosen units' trees (one statement).
    await sql`
      insert into meeting_attendee (meeting_id, person_id, via_unit_id)
      select ${id}::uuid, x.id, null from unnest(${[v.id, ...named]}::uuid[]) as x(id)
      on conflict do nothing`.execute(trx);
    if (f.units.length) {
      await sql`
        insert into meeting_attendee (meeting_id, person_id, via_unit_id)
        select distinct on (p.id) ${id}::uuid, p.id, c.ancestor_id
        from org_unit_closure c join person p on p.unit_id = c.descendant_id
        where c.ancestor_id = any(${f.units}::uuid[]) and p.status = 'active' and p.kind = 'employee'
        on conflict do nothing`.execute(trx);
    }
    // The units invited as units (the "by unit" list), even when one has nobody active today.
    await trx.deleteFrom('meeting_unit').where('meeting_id', '=', id).execute();
    if (f.units.length) await trx.insertInto('meeting_unit').values([...new Set(f.units)].map((unit_id) => ({ meeting_id: id, unit_id }))).execute();
    const files = await applyMeetingFileChanges(trx, v, id, { add: uploads, remove: f.removeAttachments }, now);
    if (f.minuteTaker !== previousTaker) await assignMinuteTaker(trx, v, { id, title: f.title }, previousTaker, f.minuteTaker, opts);
    const props = await invitationProps(trx, id, 'REQUEST');
    await notify(trx, {
      kind: f.id ? 'meetings.updated' : 'meetings.invited',
      recipients: { sql: attendeesSql(id, v.id) },
      item: { type: 'meeting', id, title: f.title },
      link: `/meetings/${id}`,
      message: { key: f.id ? 'meetings.notifications.updated' : 'meetings.notifications.invited', params: { title: f.title, by: v.name } },
      actorId: v.id,
      mail: { template: 'meeting-invitation', props },
      dedupeKey: `meeting.invite:${id}:${props.sequence}`,
    }, opts.enqueueDeliver);
    if (f.id) {
      const after = new Set((await trx.selectFrom('meeting_attendee').select('person_id').where('meeting_id', '=', id).execute()).map((r) => r.person_id));
      const removed = [...before].filter((p) => !after.has(p) && p !== v.id);
      if (removed.length) {
        await notify(trx, {
          kind: 'meetings.cancelled', recipients: { personIds: removed }, item: { type: 'meeting', id, title: f.title }, link: '/meetings',
          message: { key: 'meetings.notifications.removed', params: { title: f.title, by: v.name } }, actorId: v.id,
          mail: { template: 'meeting-invitation', props: { ...props, method: 'CANCEL' } }, dedupeKey: `meeting.removed:${id}:${props.sequence}`,
        }, opts.enqueueDeliver);
      }
    }
    await recordAudit(trx, { actor: v, action: f.id ? 'meeting.update' : 'meeting.create', target: { type: 'meeting', id, label: f.title }, details: { sequence: props.sequence, filesAdded: files.added, filesRemoved: files.removed }, meta: opts.meta });
    return { id, created: !f.id };
  });
}

async function isActiveEmployee(trx: Db, personId: string): Promise<boolean> {
  const p = await trx.selectFrom('person').select('id').where('id', '=', personId).where('kind', '=', 'employee').where('status', '=', 'active').executeTakeFirst();
  return !!p;
}

/**
 * Records a new minute-taker (or none): the column, an audit entry with the previous and the new
 * one, and a notification to the person named. Callers have checked the ability and the person.
 */
async function assignMinuteTaker(trx: Db, v: Viewer, m: { id: string; title: string }, from: string | null, to: string | null, opts: MeetingOpts): Promise<void> {
  await trx.updateTable('meeting').set({ minute_taker_id: to }).where('id', '=', m.id).execute();
  await recordAudit(trx, { actor: v, action: 'meeting.minute_taker_set', target: { type: 'meeting', id: m.id, label: m.title }, details: { from, to }, meta: opts.meta });
  if (to && to !== v.id) {
    await notify(trx, {
      kind: 'meetings.minute_taker', recipients: { personIds: [to] }, item: { type: 'meeting', id: m.id, title: m.title }, link: `/meetings/${m.id}`,
      message: { key: 'meetings.notifications.minuteTaker', params: { title: m.title, by: v.name } }, actorId: v.id,
      dedupeKey: `meeting.minute_taker:${m.id}:${to}:${(opts.now ?? new Date()).getTime()}`,
    }, opts.enqueueDeliver);
  }
}

/**
 * Names (or clears) the meeting's minute-taker: the organiser or an admin, while the meeting is
 * scheduled. One active employee; audited; the person named is told.
 */
export async function setMinuteTaker(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: MeetingOpts = {}): Promise<{ id: string; changed: boolean }> {
  const v = requireViewer(viewer);
  const f = parseInput(minuteTakerSchema, raw);
  return db.transaction().execute(async (trx) => {
    const a: MeetingAccess = await loadMeetingAccess(trx, v, f.meetingId, { forUpdate: true });
    requireMeetingAbility(a.can, 'setMinuteTaker');
    if (f.minuteTaker && !(await isActiveEmployee(trx, f.minuteTaker))) throw invalidFields({ minuteTaker: 'meetings.errors.minuteTakerNotAllowed' });
    if (f.minuteTaker === a.minuteTakerId) return { id: a.id, changed: false };
    await assignMinuteTaker(trx, v, { id: a.id, title: a.title }, a.minuteTakerId, f.minuteTaker, opts);
    return { id: a.id, changed: true };
  });
}

/** Cancels a meeting (the organiser): everyone invited gets METHOD:CANCEL with the same UID and a higher SEQUENCE. */
export async function cancelMeeting(db: Kysely<DB>, viewer: Viewer | null, id: string, opts: MeetingOpts = {}): Promise<{ id: string }> {
  const v = requireViewer(viewer);
  return db.transaction().execute(async (trx) => {
    const a = await loadMeetingAccess(trx, v, id, { forUpdate: true });
    if (a.isOrganiser && a.status === 'cancelled') throw new AppError('CONFLICT', 'meetings.errors.alreadyCancelled');
    requireMeetingAbility(a.can, 'cancel');
    await trx.updateTable('meeting').set((eb) => ({ status: 'cancelled', sequence: eb('sequence', '+', 1), updated_at: opts.now ?? new Date() })).where('id', '=', a.id).execute();
    const props = await invitationProps(trx, a.id, 'CANCEL');
    await notify(trx, {
      kind: 'meetings.cancelled', recipients: { sql: attendeesSql(a.id, v.id) }, item: { type: 'meeting', id: a.id, title: a.title }, link: `/meetings/${a.id}`,
      message: { key: 'meetings.notifications.cancelled', params: { title: a.title, by: v.name } }, actorId: v.id,
      mail: { template: 'meeting-invitation', props }, dedupeKey: `meeting.cancel:${a.id}:${props.sequence}`,
    }, opts.enqueueDeliver);
    await recordAudit(trx, { actor: v, action: 'meeting.cancel', target: { type: 'meeting', id: a.id, label: a.title }, meta: opts.meta });
    return { id: a.id };
  });
}

/**
 * Saves the minutes (notes, decisions, action items) or publishes them. Publishing creates exactly
 * one task per action item — task.action_item_id is unique and items carry ids given when the form
 * was drawn, so a retried or doubled submission adds nothing — tells the attendees and keeps a
 * revision; later edits add revisions and create tasks only for new items. Items that already
 * have a task stay as they are (the task is the living record).
 */
export async function saveMinutes(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: MeetingOpts = {}): Promise<{ id: string; published: boolean; tasksCreated: number }> {
  const v = requireViewer(viewer);
  const f = parseInput(minutesSchema, raw);
  const values = (raw ?? {}) as Record<string, unknown>;
  const now = opts.now ?? new Date();
  const rows = actionItemRows(values);
  const fieldErrors: FieldErrors = {};
  const items: { index: number; data: ReturnType<typeof actionItemSchema.parse> }[] = [];
  for (const r of rows) {
    const parsed = actionItemSchema.safeParse(r.raw);
    if (parsed.success) items.push({ index: r.index, data: parsed.data });
    else for (const [k, m] of Object.entries(describeFailure(parsed.error)?.fieldErrors ?? {}) as [string, FieldErrors[string]][]) fieldErrors[`items.${r.index}.${k}`] = m;
  }
  if (items.length > ACTION_ITEMS_MAX) throw invalidFields({ items: 'meetings.errors.tooManyItems' }, { max: ACTION_ITEMS_MAX });
  return db.transaction().execute(async (trx) => {
    const a = await loadMeetingAccess(trx, v, f.meetingId, { forUpdate: true });
    requireMeetingAbility(a.can, 'writeMinutes');
    // Owners and collaborators: active employees, or partner contacts who attend this meeting.
    const everyone = [...new Set(items.flatMap((i) => [i.data.owner, ...i.data.collaborators]))];
    const ok = everyone.length
      ? await sql<{ id: string; today: string }>`
          select p.id, to_char((${now}::timestamptz at time zone p.timezone)::date, 'YYYY-MM-DD') as today
          from person p left join partner_org o on o.id = p.partner_org_id
          where p.id = any(${everyone}::uuid[]) and p.status = 'active'
            and (p.kind = 'employee' or (o.status = 'active' and exists (select 1 from meeting_attendee ma where ma.meeting_id = ${a.id} and ma.person_id = p.id)))`.execute(trx)
      : { rows: [] };
    const today = new Map(ok.rows.map((r) => [r.id, r.today]));
    const locked = new Set((await trx.selectFrom('meeting_action_item').select('id').where('meeting_id', '=', a.id).where('task_id', 'is not', null).execute()).map((r) => r.id));
    for (const { index, data } of items) {
      if (locked.has(data.id)) continue;
      if (!today.has(data.owner)) fieldErrors[`items.${index}.owner`] = { key: 'meetings.errors.ownerNotAllowed' };
      else if (data.dueOn < (today.get(data.owner) ?? '')) fieldErrors[`items.${index}.dueOn`] = { key: 'tasks.errors.dueInPast' };
      if (data.collaborators.some((c) => !today.has(c))) fieldErrors[`items.${index}.collaborators`] = { key: 'tasks.errors.collaboratorNotAllowed' };
    }
    const alsoTell = [...new Set(f.alsoTell)];
    if (alsoTell.length) {
      const n = await trx.selectFrom('org_unit').select((eb) => eb.fn.countAll<string>().as('n')).where('id', 'in', alsoTell).executeTakeFirstOrThrow();
      if (Number(n.n) !== alsoTell.length) fieldErrors.alsoTell = { key: 'meetings.errors.unitUnknown' };
    }
    if (Object.keys(fieldErrors).length > 0) throw new AppError('INVALID', 'errors.checkFields', { fieldErrors });
    await trx.deleteFrom('meeting_minutes_unit').where('meeting_id', '=', a.id).execute();
    if (alsoTell.length) await trx.insertInto('meeting_minutes_unit').values(alsoTell.map((unit_id) => ({ meeting_id: a.id, unit_id }))).execute();

    // Items without a task are replaced by what the form holds; items with one stay.
    await trx.deleteFrom('meeting_action_item').where('meeting_id', '=', a.id).where('task_id', 'is', null).execute();
    const max = await trx.selectFrom('meeting_action_item').select((eb) => eb.fn.max<number>('position').as('p')).where('meeting_id', '=', a.id).executeTakeFirst();
    let pos = Number(max?.p ?? 0);
    for (const { data } of items) {
      if (locked.has(data.id)) continue;
      pos += 1;
      await sql`
        insert into meeting_action_item (id, meeting_id, position, title, owner_id, due_on, priority, collaborator_ids)
        values (${data.id}, ${a.id}, ${pos}, ${data.title}, ${data.owner}, ${data.dueOn}::date, ${data.priority}, ${data.collaborators}::uuid[])
        on conflict (id) do nothing`.execute(trx);
    }
    const publish = f.intent === 'publish' || a.minutesStatus === 'published';
    const version = publish ? a.minutesVersion + 1 : a.minutesVersion;
    await trx.updateTable('meeting').set({
      minutes_notes_md: f.notes, minutes_decisions_md: f.decisions, updated_at: now,
      minutes_status: publish ? 'published' : 'draft', minutes_version: version,
      ...(publish && a.minutesStatus !== 'published' ? { minutes_published_at: now } : {}),
    }).where('id', '=', a.id).execute();
    let tasksCreated = 0;
    if (publish) {
      const all = await trx.selectFrom('meeting_action_item').selectAll().where('meeting_id', '=', a.id).orderBy('position').execute();
      await trx.insertInto('meeting_minutes_revision').values({
        meeting_id: a.id, version, notes_md: f.notes, decisions_md: f.decisions, edited_by: v.id, edited_at: now,
        items: JSON.stringify(all.map((i) => ({ id: i.id, title: i.title, ownerId: i.owner_id, dueOn: i.due_on, priority: i.priority, collaboratorIds: i.collaborator_ids }))),
      }).execute();
      for (const i of all.filter((x) => x.task_id === null)) {
        const dueOn = (await sql<{ d: string }>`select to_char(${i.due_on}::date, 'YYYY-MM-DD') as d`.execute(trx)).rows[0].d;
        const taskId = await insertTask(trx, {
          // The organiser is the tasks' creator (accepts them, decides 申请调整), whoever typed the minutes.
          title: i.title, descriptionMd: '', creatorId: a.organiserId, ownerId: i.owner_id, collaboratorIds: i.collaborator_ids, priority: i.priority,
          startsOn: null, dueOn, tags: [], meetingId: a.id, actionItemId: i.id,
        }, { now, actor: v });
        if (taskId) tasksCreated += 1;
      }
      // Searchable like the knowledge base (lib/search): notes and decisions only — action items stay
      // on the page, where a partner sees only their own.
      await indexDocument(trx, {
        kind: 'meeting.minutes', itemId: a.id, title: a.title, body: markdownToText(`${f.notes}\n\n${f.decisions}`).slice(0, 100_000), updatedAt: now,
      });
      await notify(trx, {
        kind: 'meetings.minutes_published', recipients: { sql: attendeesSql(a.id, v.id) }, item: { type: 'meeting', id: a.id, title: a.title },
        link: `/meetings/${a.id}#minutes`, message: { key: 'meetings.notifications.minutesPublished', params: { title: a.title, by: v.name } }, actorId: v.id,
        dedupeKey: `meeting.minutes:${a.id}:v${version}`,
      }, opts.enqueueDeliver);
      if (alsoTell.length) {
        // The wider audience: active employees of the chosen trees who are not attendees (told above), set-based.
        await notify(trx, {
          kind: 'meetings.minutes_published',
          recipients: { sql: sql<{ person_id: string }>`
            select distinct p.id as person_id from meeting_minutes_unit mu
            join org_unit_closure c on c.ancestor_id = mu.unit_id join person p on p.unit_id = c.descendant_id
            where mu.meeting_id = ${a.id} and p.kind = 'employee' and p.status = 'active' and p.id <> ${v.id}
              and not exists (select 1 from meeting_attendee ma where ma.meeting_id = ${a.id} and ma.person_id = p.id)` },
          item: { type: 'meeting', id: a.id, title: a.title }, link: `/meetings/${a.id}#minutes`,
          message: { key: 'meetings.notifications.minutesPublished', params: { title: a.title, by: v.name } }, actorId: v.id,
          dedupeKey: `meeting.minutes.audience:${a.id}:v${version}`,
        }, opts.enqueueDeliver);
      }
      await recordAudit(trx, { actor: v, action: 'meeting.minutes_publish', target: { type: 'meeting', id: a.id, label: a.title }, details: { version, tasksCreated }, meta: opts.meta });
    }
    return { id: a.id, published: publish, tasksCreated };
  });
}
