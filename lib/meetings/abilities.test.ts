import { describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/authz/viewer';
import { meetingAbilities, requireMeetingAbility, type MeetingAbilities, type MeetingFacts } from './abilities';

const emp: Viewer = {
  id: 'e', kind: 'employee', email: 'e@x', name: 'E', nameEn: null, status: 'active', locale: null, timezone: 'Asia/Shanghai',
  unitId: 'u', partnerOrgId: null, roles: [], headOfUnitIds: [],
};
const admin: Viewer = { ...emp, id: 'a', roles: ['admin'] };
const comms: Viewer = { ...emp, id: 'c', roles: ['comms_officer'] };
const head: Viewer = { ...emp, id: 'h', headOfUnitIds: ['u'] };
const pAdmA: Viewer = { ...emp, id: 'pa', kind: 'partner', unitId: null, partnerOrgId: 'orgA', roles: ['partner_admin'] };
const pMemA: Viewer = { ...pAdmA, id: 'pm', roles: [] };
const pMemB: Viewer = { ...pMemA, id: 'pb', partnerOrgId: 'orgB' };
const deact: Viewer = { ...emp, status: 'deactivated' };

const facts = (over: Partial<MeetingFacts> = {}): MeetingFacts => ({ status: 'scheduled', minutesStatus: 'none', isOrganiser: false, isAttendee: false, isMinuteTaker: false, ...over });

type Row = [string, Viewer, Partial<MeetingFacts>, Partial<MeetingAbilities>];
// Every role, both partner organisations; the minute-taker rows are issue 10's third pass.
const rows: Row[] = [
  ['organiser, scheduled', emp, { isOrganiser: true, isAttendee: true }, { view: true, edit: true, cancel: true, writeMinutes: true, readMinutes: true, setMinuteTaker: true, downloadFiles: true, seeAllActionItems: true }],
  ['organiser, cancelled', emp, { isOrganiser: true, isAttendee: true, status: 'cancelled' }, { view: true, edit: false, cancel: false, writeMinutes: false, setMinuteTaker: false, downloadFiles: true }],
  ['attendee employee, draft minutes', emp, { isAttendee: true, minutesStatus: 'draft' }, { view: true, edit: false, writeMinutes: false, readMinutes: false, setMinuteTaker: false, downloadFiles: true, seeAttendees: true }],
  ['attendee employee, published minutes', emp, { isAttendee: true, minutesStatus: 'published' }, { readMinutes: true, writeMinutes: false }],
  ['minute-taker (not attending)', emp, { isMinuteTaker: true, minutesStatus: 'draft' }, { view: true, writeMinutes: true, readMinutes: true, edit: false, cancel: false, setMinuteTaker: false, downloadFiles: true }],
  ['minute-taker, cancelled meeting', emp, { isMinuteTaker: true, isAttendee: true, status: 'cancelled' }, { view: true, writeMinutes: false }],
  ['unrelated employee', emp, {}, { view: false }],
  ['head of the organiser\'s unit, not attending', head, {}, { view: false }],
  ['comms officer, not attending', comms, {}, { view: false }],
  ['admin, not attending: sees, names the minute-taker', admin, { minutesStatus: 'draft' }, { view: true, setMinuteTaker: true, edit: false, cancel: false, writeMinutes: false, readMinutes: false, downloadFiles: true }],
  ['admin, cancelled meeting', admin, { status: 'cancelled' }, { view: true, setMinuteTaker: false }],
  ['partner A attending', pMemA, { isAttendee: true, minutesStatus: 'published' }, { view: true, readMinutes: true, downloadFiles: true, seeAllActionItems: false, seeAttendees: false, writeMinutes: false, setMinuteTaker: false }],
  ['partner A admin, not attending', pAdmA, {}, { view: false, downloadFiles: false }],
  ['partner B, meeting of partner A', pMemB, {}, { view: false, downloadFiles: false }],
  ['partner flagged minute-taker (never: employees only)', pMemA, { isMinuteTaker: true }, { view: false, writeMinutes: false }],
  ['partner flagged organiser (never)', pMemA, { isOrganiser: true }, { view: false, edit: false }],
  ['partner with an admin role flag (ignored)', { ...pMemB, roles: ['admin'] }, {}, { view: false, setMinuteTaker: false }],
  // The wider audience of the minutes: employees of the units they were shared with, once published.
  ['wider audience, published', emp, { inMinutesAudience: true, minutesStatus: 'published' }, { view: true, readMinutes: true, downloadFiles: true, writeMinutes: false, edit: false, setMinuteTaker: false }],
  ['wider audience, draft: not yet', emp, { inMinutesAudience: true, minutesStatus: 'draft' }, { view: false }],
  ['partner in a "wider audience" (never: units are employees)', pMemB, { inMinutesAudience: true, minutesStatus: 'published' }, { view: false }],
  ['deactivated organiser', deact, { isOrganiser: true, isAttendee: true }, { view: false }],
  ['deactivated minute-taker', deact, { isMinuteTaker: true }, { view: false, writeMinutes: false }],
];

describe('meetingAbilities (policy table)', () => {
  it.each(rows)('%s', (_name, viewer, f, expected) => {
    const can = meetingAbilities(viewer, facts(f));
    for (const [k, want] of Object.entries(expected)) expect([k, can[k as keyof MeetingAbilities]]).toEqual([k, want]);
  });

  it('nobody may do anything without view', () => {
    for (const [, viewer, f] of rows) {
      const can = meetingAbilities(viewer, facts(f));
      if (!can.view) expect(Object.values(can).every((x) => x === false)).toBe(true);
    }
  });

  it('NOT_FOUND for who may not see it, FORBIDDEN for who sees but may not', () => {
    const outcome = (fn: () => void) => { try { fn(); return 'ok'; } catch (e) { return (e as { code: string }).code; } };
    expect(outcome(() => requireMeetingAbility(meetingAbilities(pMemB, facts()), 'downloadFiles'))).toBe('NOT_FOUND');
    expect(outcome(() => requireMeetingAbility(meetingAbilities(emp, facts({ isAttendee: true })), 'writeMinutes'))).toBe('FORBIDDEN');
    expect(outcome(() => requireMeetingAbility(meetingAbilities(emp, facts({ isMinuteTaker: true })), 'writeMinutes'))).toBe('ok');
  });
});
