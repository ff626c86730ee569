import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';

export type MeetingFacts = {
  status: 'scheduled' | 'cancelled';
  minutesStatus: 'none' | 'draft' | 'published';
  isOrganiser: boolean;
  isAttendee: boolean;
  /** The viewer is the meeting's named minute-taker. */
  isMinuteTaker: boolean;
  /** The viewer's unit lies in a tree the minutes were also shared with (the wider audience). */
  inMinutesAudience?: boolean;
};

export type MeetingAbilities = {
  view: boolean;
  edit: boolean;
  cancel: boolean;
  /** Write, edit and publish the minutes and their action items (the organiser or the named minute-taker). */
  writeMinutes: boolean;
  /** Read the published minutes (the organiser and the minute-taker also read drafts). */
  readMinutes: boolean;
  /** Every action item; partners see only the ones they own or help with. */
  seeAllActionItems: boolean;
  /** The whole attendee list (partners see only the organiser and their own organisation). */
  seeAttendees: boolean;
  /** Name or change the minute-taker (the organiser, or an admin). */
  setMinuteTaker: boolean;
  /** Download the agenda documents (everyone who sees the meeting). */
  downloadFiles: boolean;
};

const none: MeetingAbilities = {
  view: false, edit: false, cancel: false, writeMinutes: false, readMinutes: false, seeAllActionItems: false, seeAttendees: false, setMinuteTaker: false, downloadFiles: false,
};

/**
 * What the viewer may do with one meeting: one pure function. Organiser, attendees and the named
 * minute-taker see it, and once the minutes are published the employees of the units they were
 * also shared with; admins see every meeting (oversight: they name a minute-taker when the
 * organiser cannot); nobody else does — partners only ever see meetings they attend. The organiser
 * (an employee) edits and cancels; the organiser and the minute-taker write the minutes.
 */
export function meetingAbilities(viewer: Viewer | null | undefined, f: MeetingFacts): MeetingAbilities {
  if (!viewer || viewer.status !== 'active') return none;
  const employee = viewer.kind === 'employee';
  const admin = employee && viewer.roles.includes('admin');
  const organiser = employee && f.isOrganiser;
  const minuteTaker = employee && f.isMinuteTaker;
  // The wider audience (employees of the units the minutes were shared with) comes in once they are published.
  const audience = employee && !!f.inMinutesAudience && f.minutesStatus === 'published';
  const view = organiser || f.isAttendee || minuteTaker || admin || audience;
  if (!view) return none;
  const live = f.status === 'scheduled';
  return {
    view,
    edit: organiser && live,
    cancel: organiser && live,
    writeMinutes: (organiser || minuteTaker) && live,
    readMinutes: organiser || minuteTaker || f.minutesStatus === 'published',
    seeAllActionItems: employee,
    seeAttendees: employee,
    setMinuteTaker: (organiser || admin) && live,
    downloadFiles: view,
  };
}

export function requireMeetingAbility(can: MeetingAbilities, ability: keyof MeetingAbilities): void {
  if (can[ability]) return;
  if (!can.view) throw new AppError('NOT_FOUND');
  throw new AppError('FORBIDDEN', 'meetings.errors.notAllowed');
}
