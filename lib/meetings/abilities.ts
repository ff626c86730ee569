import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';

export type MeetingFacts = {
  status: 'scheduled' | 'cancelled';
  minutesStatus: 'none' | 'draft' | 'published';
  isOrganiser: boolean;
  isAttendee: boolean;
};

export type MeetingAbilities = {
  view: boolean;
  edit: boolean;
  cancel: boolean;
  /** Write and publish the minutes and their action items. */
  writeMinutes: boolean;
  /** Read the published minutes (the organiser also reads drafts). */
  readMinutes: boolean;
  /** Every action item; partners see only the ones they own or help with. */
  seeAllActionItems: boolean;
  /** The whole attendee list (partners see only the organiser and their own organisation). */
  seeAttendees: boolean;
};

const none: MeetingAbilities = { view: false, edit: false, cancel: false, writeMinutes: false, readMinutes: false, seeAllActionItems: false, seeAttendees: false };

/**
 * What the viewer may do with one meeting: one pure function. Organiser and attendees see it;
 * nobody else does (partners only ever see meetings they attend). The organiser (an employee)
 * edits, cancels and writes the minutes.
 */
export function meetingAbilities(viewer: Viewer | null | undefined, f: MeetingFacts): MeetingAbilities {
  if (!viewer || viewer.status !== 'active') return none;
  const employee = viewer.kind === 'employee';
  const organiser = employee && f.isOrganiser;
  const view = organiser || f.isAttendee;
  if (!view) return none;
  const live = f.status === 'scheduled';
  return {
    view,
    edit: organiser && live,
    cancel: organiser && live,
    writeMinutes: organiser && live,
    readMinutes: organiser || f.minutesStatus === 'published',
    seeAllActionItems: employee,
    seeAttendees: employee,
  };
}

export function requireMeetingAbility(can: MeetingAbilities, ability: keyof MeetingAbilities): void {
  if (can[ability]) return;
  if (!can.view) throw new AppError('NOT_FOUND');
  throw new AppError('FORBIDDEN', 'meetings.errors.notAllowed');
}
