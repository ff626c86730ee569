import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { isAdmin, requireEmployee, requireViewer } from '@/lib/authz/policies';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import type { Viewer } from '@/lib/authz/viewer';
import { renderMarkdown } from '@/lib/markdown/render';
import { requireMeetingAbility } from './abilities';
import { loadMeetingAccess } from './access';
import { meetingIcs } from './ics';
import { listMeetingFiles } from './files';
import { meetingCursor, meetingTabs, type MeetingTab } from './schema';

export const MEETINGS_PAGE = 30;
/** From this many people in a unit tree on, an admin's "by unit" list scans meetings in start order instead of gathering candidates. */
const BY_UNIT_SCAN_AT = 3000;
const ATTENDEES_SHOWN = 100;

/**
 * Meetings the viewer attends, organises or takes the minutes of: upcoming (soonest first), past
 * (latest first) or organised by them; 30 a page, keyset-paged (`after` = the last row's start and
 * id). Employees may narrow any tab to a unit: meetings organised by people of the unit's tree, or
 * to which a unit of that tree was invited as a unit. Admins see every meeting (abilities), so
 * their unit view covers the whole company; everyone else only ever sees their own meetings.
 */
export async function listMeetings(db: Kysely<DB>, viewer: Viewer | null, input: { tab?: string; after?: string; unit?: string }, opts: { now?: Date } = {}) {
  const v = requireViewer(viewer);
  const tab: MeetingTab = (meetingTabs as readonly string[]).includes(input.tab ?? '') ? (input.tab as MeetingTab) : 'upcoming';
  const now = opts.now ?? new Date();
  const employee = v.kind === 'employee';
  let unit: { id: string; name: string; nameEn: string | null } | null = null;
  if (employee && input.unit) {
    if (!isUuid(input.unit)) throw new AppError('NOT_FOUND');
    const u = await db.selectFrom('org_unit').select(['id', 'name', 'name_en']).where('id', '=', input.unit).executeTakeFirst();
    if (!u) throw new AppError('NOT_FOUND');
    unit = { id: u.id, name: u.name, nameEn: u.name_en };
  }
  const seesAll = isAdmin(v) && unit !== null;
  // The query starts from a small set of candidate meetings found by index (mine: what I organise;
  // otherwise what I attend or take the minutes of; an admin's unit view: what people of the tree
  // organise and what its units were invited to), then filters, orders and takes one page. Only an
  // admin's view of a large tree reads every meeting in start order until the page is full.
  const large = seesAll && unit ? (await sql<{ n: number }>`
    select count(*)::int as n from (select 1 from org_unit_closure c join person p on p.unit_id = c.descendant_id
    where c.ancestor_id = ${unit.id} limit ${BY_UNIT_SCAN_AT}) x`.execute(db)).rows[0].n >= BY_UNIT_SCAN_AT : false;
  const unitCandidates = (u: string) => sql`
    select m2.id from org_unit_closure c join person p on p.unit_id = c.descendant_id join meeting m2 on m2.organiser_id = p.id where c.ancestor_id = ${u}
    union
    select mu.meeting_id from org_unit_closure c join meeting_unit mu on mu.unit_id = c.descendant_id where c.ancestor_id = ${u}`;
  const fromUnit = tab !== 'mine' && seesAll && !large;
  const candidates = tab === 'mine'
    ? sql`select id from meeting where organiser_id = ${v.id}`
    : !seesAll
      ? sql`select meeting_id as id from meeting_attendee where person_id = ${v.id} union select id from meeting where minute_taker_id = ${v.id}`
      : fromUnit ? unitCandidates(unit!.id) : null;
  // Organised by someone of the tree, or one of its units invited as a unit (already so when the candidates came from the unit).
  const byUnit = unit && !fromUnit
    ? sql`(o.unit_id in (select descendant_id from org_unit_closure where ancestor_id = ${unit.id})
        or exists (select 1 from meeting_unit mu join org_unit_closure c on c.descendant_id = mu.unit_id where mu.meeting_id = m.id and c.ancestor_id = ${unit.id}))`
    : sql`true`;
  const when = tab === 'upcoming' ? sql`m.ends_at >= ${now}` : tab === 'past' ? sql`m.ends_at < ${now}` : sql`true`;
  const asc = tab === 'upcoming';
  const cursor = meetingCursor.decode(input.after);
  const after = cursor ? (asc ? sql`(m.starts_at, m.id) > (${cursor.startsAt}, ${cursor.id}::uuid)` : sql`(m.starts_at, m.id) < (${cursor.startsAt}, ${cursor.id}::uuid)`) : sql`true`;
  const order = asc ? sql`m.starts_at asc, m.id asc` : sql`m.starts_at desc, m.id desc`;
  const { rows } = await sql<{
    id: string; title: string; starts_at: Date; ends_at: Date; timezone: string; place: string | null; status: 'scheduled' | 'cancelled';
    minutes_status: 'none' | 'draft' | 'published'; organiser_name: string; organiser_name_en: string | null;
  }>`
    ${candidates ? sql`with k as materialized (${candidates})` : sql``}
    select m.id, m.title, m.starts_at, m.ends_at, m.timezone, m.place, m.status, m.minutes_status, o.name as organiser_name, o.name_en as organiser_name_en
    from ${candidates ? sql`k join meeting m on m.id = k.id` : sql`meeting m`} join person o on o.id = m.organiser_id
    where ${when} and ${byUnit} and ${after}
    order by ${order}
    limit ${MEETINGS_PAGE + 1}`.execute(db);
  const items = rows.slice(0, MEETINGS_PAGE);
  const last = items[items.length - 1];
  return {
    tab, unit, canSchedule: employee, canFilterByUnit: employee, isFirstPage: !cursor,
    next: rows.length > MEETINGS_PAGE && last ? meetingCursor.encode(last.starts_at, last.id) : null,
    items: items.map((r) => ({
      id: r.id, title: r.title, startsAt: r.starts_at, endsAt: r.ends_at, timezone: r.timezone, place: r.place, status: r.status,
      minutesStatus: r.minutes_status, organiserName: r.organiser_name, organiserNameEn: r.organiser_name_en,
    })),
  };
}

/**
 * One meeting as the viewer may see it: partners see the organiser and people of their own
 * organisation among the attendees, and only the action items they own or help with.
 */
export async function getMeeting(db: Kysely<DB>, viewer: Viewer | null, id: string) {
  const a = await loadMeetingAccess(db, viewer, id);
  const v = viewer!;
  const m = await db
    .selectFrom('meeting as m')
    .innerJoin('person as o', 'o.id', 'm.organiser_id')
    .select(['m.id', 'm.title', 'm.starts_at', 'm.ends_at', 'm.timezone', 'm.place', 'm.online_url', 'm.agenda_md', 'm.status', 'm.sequence',
      'm.minutes_status', 'm.minutes_notes_md', 'm.minutes_decisions_md', 'm.minutes_version', 'm.minutes_published_at', 'o.name as organiser_name', 'o.name_en as organiser_name_en'])
    .leftJoin('person as mt', 'mt.id', 'm.minute_taker_id')
    .select(['mt.id as minute_taker_id', 'mt.name as minute_taker_name', 'mt.name_en as minute_taker_name_en'])
    .where('m.id', '=', a.id)
    .executeTakeFirstOrThrow();
  const attendeeFilter = a.can.seeAttendees ? sql`true` : sql`(p.id = ${a.organiserId} or p.partner_org_id = ${v.partnerOrgId})`;
  const [attendees, count, items, files, revisions] = await Promise.all([
    sql<{ id: string; name: string; name_en: string | null; kind: 'employee' | 'partner' }>`
      select p.id, p.name, p.name_en, p.kind from meeting_attendee ma join person p on p.id = ma.person_id
      where ma.meeting_id = ${a.id} and ${attendeeFilter} order by p.kind, p.name limit ${ATTENDEES_SHOWN}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from meeting_attendee ma join person p on p.id = ma.person_id where ma.meeting_id = ${a.id} and ${attendeeFilter}`.execute(db),
    a.can.readMinutes
      ? sql<{ id: string; title: string; owner_id: string; owner_name: string; owner_name_en: string | null; due_on: string; priority: 'high' | 'medium' | 'low'; task_id: string | null }>`
          select i.id, i.title, i.owner_id, p.name as owner_name, p.name_en as owner_name_en, to_char(i.due_on, 'YYYY-MM-DD') as due_on, i.priority, i.task_id
          from meeting_action_item i join person p on p.id = i.owner_id
          where i.meeting_id = ${a.id} ${a.can.seeAllActionItems ? sql`` : sql`and (i.owner_id = ${v.id} or ${v.id}::uuid = any(i.collaborator_ids))`}
          order by i.position`.execute(db)
      : Promise.resolve({ rows: [] }),
    a.can.downloadFiles ? listMeetingFiles(db, a.id) : Promise.resolve([]),
    // The minutes' history: every published version, who published it and when (newest first).
    a.can.readMinutes
      ? db.selectFrom('meeting_minutes_revision as r').leftJoin('person as e', 'e.id', 'r.edited_by')
        .select(['r.version', 'r.edited_at', 'e.name', 'e.name_en']).where('r.meeting_id', '=', a.id).orderBy('r.version', 'desc').limit(50).execute()
      : Promise.resolve([]),
  ]);
  const showMinutes = a.can.readMinutes && m.minutes_status !== 'none';
  return {
    id: m.id, title: m.title, startsAt: m.starts_at, endsAt: m.ends_at, timezone: m.timezone, place: m.place, onlineUrl: m.online_url,
    agendaMd: m.agenda_md, agendaHtml: renderMarkdown(m.agenda_md), status: m.status, sequence: m.sequence,
    organiserId: a.organiserId, organiserName: m.organiser_name, organiserNameEn: m.organiser_name_en,
    minuteTaker: m.minute_taker_id ? { id: m.minute_taker_id, name: m.minute_taker_name ?? '', nameEn: m.minute_taker_name_en } : null,
    files,
    history: revisions.map((r) => ({ version: r.version, editedAt: r.edited_at, editorName: r.name ?? '', editorNameEn: r.name_en })),
    attendees: attendees.rows.map((p) => ({ id: p.id, name: p.name, nameEn: p.name_en, kind: p.kind })), attendeeCount: count.rows[0]?.n ?? 0,
    minutes: showMinutes
      ? { status: m.minutes_status, version: m.minutes_version, publishedAt: m.minutes_published_at, notesHtml: renderMarkdown(m.minutes_notes_md), decisionsHtml: renderMarkdown(m.minutes_decisions_md) }
      : null,
    actionItems: items.rows.map((i) => ({ id: i.id, title: i.title, ownerId: i.owner_id, ownerName: i.owner_name, ownerNameEn: i.owner_name_en, dueOn: i.due_on, priority: i.priority, taskId: i.task_id })),
    can: a.can,
  };
}

/** The meeting form's current values (the organiser changing it), times as wall clock in the meeting's zone. */
export async function getMeetingForEdit(db: Kysely<DB>, viewer: Viewer | null, id: string) {
  const a = await loadMeetingAccess(db, viewer, id);
  requireMeetingAbility(a.can, 'edit');
  const m = await sql<{ starts: string; ends: string; title: string; place: string | null; online_url: string | null; agenda_md: string }>`
    select to_char(starts_at at time zone timezone, 'YYYY-MM-DD"T"HH24:MI') as starts, to_char(ends_at at time zone timezone, 'YYYY-MM-DD"T"HH24:MI') as ends,
      title, place, online_url, agenda_md from meeting where id = ${a.id}`.execute(db);
  const people = await sql<{ id: string; name: string; kind: 'employee' | 'partner'; via_unit_id: string | null }>`
    select p.id, p.name, p.kind, ma.via_unit_id from meeting_attendee ma join person p on p.id = ma.person_id
    where ma.meeting_id = ${a.id} and ma.person_id <> ${a.organiserId} and ma.via_unit_id is null order by p.name limit 500`.execute(db);
  const units = await sql<{ id: string; name: string }>`
    select u.id, u.name from meeting_unit mu join org_unit u on u.id = mu.unit_id where mu.meeting_id = ${a.id} order by u.name`.execute(db);
  const taker = a.minuteTakerId ? await db.selectFrom('person').select(['id', 'name']).where('id', '=', a.minuteTakerId).executeTakeFirst() : undefined;
  const files = await listMeetingFiles(db, a.id);
  const r = m.rows[0];
  return {
    id: a.id, title: r.title, startsAt: r.starts, endsAt: r.ends, place: r.place, onlineUrl: r.online_url, agenda: r.agenda_md,
    attendees: people.rows.filter((p) => p.kind === 'employee').map((p) => ({ id: p.id, label: p.name })),
    partners: people.rows.filter((p) => p.kind === 'partner').map((p) => ({ id: p.id, label: p.name })),
    units: units.rows.map((u) => ({ id: u.id, label: u.name })),
    minuteTaker: taker ? [{ id: taker.id, label: taker.name }] : [],
    files,
  };
}

/** What the minutes form needs (the organiser): notes, decisions, editable items, items already tasks, fresh ids for new rows. */
export async function getMinutesForm(db: Kysely<DB>, viewer: Viewer | null, id: string, blankRows = 3) {
  const v = requireEmployee(viewer);
  const a = await loadMeetingAccess(db, v, id);
  requireMeetingAbility(a.can, 'writeMinutes');
  const m = await db.selectFrom('meeting').select(['minutes_notes_md', 'minutes_decisions_md']).where('id', '=', a.id).executeTakeFirstOrThrow();
  const items = await sql<{ id: string; title: string; owner_id: string; owner_name: string; due_on: string; priority: 'high' | 'medium' | 'low'; task_id: string | null; collaborators: { id: string; label: string }[] }>`
    select i.id, i.title, i.owner_id, p.name as owner_name, to_char(i.due_on, 'YYYY-MM-DD') as due_on, i.priority, i.task_id,
      coalesce((select json_agg(json_build_object('id', c.id, 'label', c.name)) from person c where c.id = any(i.collaborator_ids)), '[]'::json) as collaborators
    from meeting_action_item i join person p on p.id = i.owner_id where i.meeting_id = ${a.id} order by i.position`.execute(db);
  const editable = items.rows.filter((i) => !i.task_id);
  const alsoTell = await sql<{ id: string; name: string }>`
    select u.id, u.name from meeting_minutes_unit mu join org_unit u on u.id = mu.unit_id where mu.meeting_id = ${a.id} order by u.name`.execute(db);
  return {
    alsoTell: alsoTell.rows.map((u) => ({ id: u.id, label: u.name })),
    id: a.id, title: a.title, published: a.minutesStatus === 'published', notes: m.minutes_notes_md, decisions: m.minutes_decisions_md,
    locked: items.rows.filter((i) => i.task_id).map((i) => ({ id: i.id, title: i.title, ownerName: i.owner_name, dueOn: i.due_on, taskId: i.task_id })),
    rows: [
      ...editable.map((i) => ({ id: i.id, title: i.title, owner: [{ id: i.owner_id, label: i.owner_name }], dueOn: i.due_on, priority: i.priority, collaborators: i.collaborators })),
      ...Array.from({ length: blankRows }, () => ({ id: randomUUID(), title: '', owner: [] as { id: string; label: string }[], dueOn: '', priority: 'medium' as const, collaborators: [] as { id: string; label: string }[] })),
    ],
  };
}

/** The meeting's calendar file for one attendee (the current version: REQUEST, or CANCEL once cancelled). */
export async function getMeetingIcs(db: Kysely<DB>, viewer: Viewer | null, id: string, baseUrl: string): Promise<string> {
  const m = await getMeeting(db, viewer, id);
  const o = await db.selectFrom('person').select(['name', 'email']).where('id', '=', m.organiserId).executeTakeFirstOrThrow();
  return meetingIcs({
    id: m.id, title: m.title, startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(), timezone: m.timezone, place: m.place, onlineUrl: m.onlineUrl,
    description: m.agendaMd.slice(0, 4000), organiser: { name: o.name, email: o.email }, sequence: m.sequence, method: m.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
    url: `${baseUrl.replace(/\/$/, '')}/meetings/${m.id}`,
  });
}
