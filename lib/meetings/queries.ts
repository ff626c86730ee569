import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { requireEmployee, requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { renderMarkdown } from '@/lib/markdown/render';
import { requireMeetingAbility } from './abilities';
import { loadMeetingAccess } from './access';
import { meetingIcs } from './ics';
import { meetingTabs, type MeetingTab } from './schema';

export const MEETINGS_PAGE = 30;
const ATTENDEES_SHOWN = 100;

/** Meetings the viewer attends or organises: upcoming (soonest first), past (latest first) or organised by them; 30 a page. */
export async function listMeetings(db: Kysely<DB>, viewer: Viewer | null, input: { tab?: string; page?: string | number }, opts: { now?: Date } = {}) {
  const v = requireViewer(viewer);
  const tab: MeetingTab = (meetingTabs as readonly string[]).includes(input.tab ?? '') ? (input.tab as MeetingTab) : 'upcoming';
  const page = Math.max(1, Math.min(10000, Number(input.page) || 1));
  const now = opts.now ?? new Date();
  const scope = tab === 'mine' ? sql`m.organiser_id = ${v.id}` : sql`m.id in (select meeting_id from meeting_attendee where person_id = ${v.id})`;
  const when = tab === 'upcoming' ? sql`m.ends_at >= ${now}` : tab === 'past' ? sql`m.ends_at < ${now}` : sql`true`;
  const order = tab === 'upcoming' ? sql`m.starts_at asc, m.id` : sql`m.starts_at desc, m.id`;
  const { rows } = await sql<{
    id: string; title: string; starts_at: Date; ends_at: Date; timezone: string; place: string | null; status: 'scheduled' | 'cancelled';
    minutes_status: 'none' | 'draft' | 'published'; organiser_name: string; organiser_name_en: string | null;
  }>`
    select m.id, m.title, m.starts_at, m.ends_at, m.timezone, m.place, m.status, m.minutes_status, o.name as organiser_name, o.name_en as organiser_name_en
    from meeting m join person o on o.id = m.organiser_id
    where ${scope} and ${when}
    order by ${order}
    limit ${MEETINGS_PAGE + 1} offset ${(page - 1) * MEETINGS_PAGE}`.execute(db);
  return {
    tab, page, hasMore: rows.length > MEETINGS_PAGE, canSchedule: v.kind === 'employee',
    items: rows.slice(0, MEETINGS_PAGE).map((r) => ({
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
    .where('m.id', '=', a.id)
    .executeTakeFirstOrThrow();
  const attendeeFilter = a.can.seeAttendees ? sql`true` : sql`(p.id = ${a.organiserId} or p.partner_org_id = ${v.partnerOrgId})`;
  const [attendees, count, items] = await Promise.all([
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
  ]);
  const showMinutes = a.can.readMinutes && m.minutes_status !== 'none';
  return {
    id: m.id, title: m.title, startsAt: m.starts_at, endsAt: m.ends_at, timezone: m.timezone, place: m.place, onlineUrl: m.online_url,
    agendaMd: m.agenda_md, agendaHtml: renderMarkdown(m.agenda_md), status: m.status, sequence: m.sequence,
    organiserId: a.organiserId, organiserName: m.organiser_name, organiserNameEn: m.organiser_name_en,
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
    select distinct u.id, u.name from meeting_attendee ma join org_unit u on u.id = ma.via_unit_id where ma.meeting_id = ${a.id}`.execute(db);
  const r = m.rows[0];
  return {
    id: a.id, title: r.title, startsAt: r.starts, endsAt: r.ends, place: r.place, onlineUrl: r.online_url, agenda: r.agenda_md,
    attendees: people.rows.filter((p) => p.kind === 'employee').map((p) => ({ id: p.id, label: p.name })),
    partners: people.rows.filter((p) => p.kind === 'partner').map((p) => ({ id: p.id, label: p.name })),
    units: units.rows.map((u) => ({ id: u.id, label: u.name })),
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
  return {
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
