import 'server-only';
import { sql, type RawBuilder } from 'kysely';
import { isActive } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import type { Db } from '@/lib/tasks/access';
import { meetingAbilities, type MeetingAbilities } from './abilities';
import { personHasRoleSql } from '@/lib/authz/person-sql';

export type MeetingAccess = {
  id: string;
  title: string;
  status: 'scheduled' | 'cancelled';
  minutesStatus: 'none' | 'draft' | 'published';
  minutesVersion: number;
  organiserId: string;
  minuteTakerId: string | null;
  sequence: number;
  isOrganiser: boolean;
  isAttendee: boolean;
  can: MeetingAbilities;
};

/** Facts for the abilities in one query; NOT_FOUND when the viewer may not see the meeting. */
export async function loadMeetingAccess(db: Db, viewer: Viewer | null, id: string, opts: { forUpdate?: boolean } = {}): Promise<MeetingAccess> {
  if (!isActive(viewer)) throw new AppError('UNAUTHENTICATED');
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  const { rows } = await sql<{
    id: string; title: string; status: 'scheduled' | 'cancelled'; minutes_status: 'none' | 'draft' | 'published'; minutes_version: number;
    organiser_id: string; minute_taker_id: string | null; sequence: number; is_attendee: boolean; in_audience: boolean;
  }>`
    select m.id, m.title, m.status, m.minutes_status, m.minutes_version, m.organiser_id, m.minute_taker_id, m.sequence,
      exists (select 1 from meeting_attendee a where a.meeting_id = m.id and a.person_id = ${viewer.id}) as is_attendee,
      exists (select 1 from meeting_minutes_unit mu join org_unit_closure c on c.ancestor_id = mu.unit_id
              where mu.meeting_id = m.id and c.descendant_id = ${viewer.unitId}::uuid) as in_audience
    from meeting m where m.id = ${id}
    ${opts.forUpdate ? sql`for update of m` : sql``}`.execute(db);
  const r = rows[0];
  if (!r) throw new AppError('NOT_FOUND');
  const facts = { status: r.status, minutesStatus: r.minutes_status, isOrganiser: r.organiser_id === viewer.id, isAttendee: r.is_attendee, isMinuteTaker: r.minute_taker_id === viewer.id, inMinutesAudience: r.in_audience };
  const can = meetingAbilities(viewer, facts);
  if (!can.view) throw new AppError('NOT_FOUND');
  return {
    id: r.id, title: r.title, status: r.status, minutesStatus: r.minutes_status, minutesVersion: r.minutes_version, organiserId: r.organiser_id, minuteTakerId: r.minute_taker_id,
    sequence: r.sequence, isOrganiser: facts.isOrganiser, isAttendee: facts.isAttendee, can,
  };
}

/**
 * SQL: person row `p` (an alias of `person` in the caller's query) may see meeting `meetingId` —
 * meetingAbilities(...).view as a correlated EXISTS on indexed keys (meeting pk, meeting_attendee
 * pk, person_role, the closure table), for callers that ask about many people at once (the
 * notification centre, the bell and the digest). Keep it in step with meetingAbilities: attendees;
 * employees also as organiser, minute-taker or admin, and once the minutes are published the
 * employees of the units they were shared with (their trees).
 */
export function meetingVisibleToPersonSql(meetingId: RawBuilder<unknown>, p = 'p'): RawBuilder<boolean> {
  const id = sql.ref(`${p}.id`);
  const employee = sql<boolean>`${sql.ref(`${p}.kind`)} = 'employee'`;
  return sql<boolean>`exists (select 1 from meeting m where m.id = ${meetingId} and (
    exists (select 1 from meeting_attendee a where a.meeting_id = m.id and a.person_id = ${id})
    or (${employee} and (m.organiser_id = ${id} or m.minute_taker_id = ${id}
      or ${personHasRoleSql(id, 'admin')}
      or (m.minutes_status = 'published' and exists (
        select 1 from meeting_minutes_unit mu join org_unit_closure c on c.ancestor_id = mu.unit_id
        where mu.meeting_id = m.id and c.descendant_id = ${sql.ref(`${p}.unit_id`)}))))))`;
}
