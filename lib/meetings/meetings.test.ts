import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { buildOrg, type Org } from '@/lib/announcements/testing';
import type { AppError } from '@/lib/errors';
import type { MailTransport, OutgoingMail } from '@/lib/mail/transport';
import { deliverNotificationMail } from '@/lib/notifications/deliver';
import { search } from '@/lib/search/search';
import { getTask, listTasks } from '@/lib/tasks/queries';
import { getFileForViewer } from '@/lib/files/queries';
import { meetingsTodaySource } from './todos';
import { htmlBytes, pdfBytes } from '@/lib/files/test-files';
import { cancelMeeting, saveMeeting, saveMinutes, setMinuteTaker } from './mutations';
import { getMeeting, listMeetings } from './queries';

let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

const events: number[] = [];
const enqueueDeliver = async (_trx: unknown, id: number) => void events.push(id);
const noop = async () => {};
const sent: OutgoingMail[] = [];
const transport: MailTransport = { name: 'outbox', deliver: async (m) => { sent.push(m); return { ok: true, providerMessageId: null }; } };
async function runDeliveries() {
  while (events.length) await deliverNotificationMail(t.db, { eventId: events.shift()! }, transport);
}
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as AppError;
    return { code: err.code, key: err.messageKey, fields: Object.fromEntries(Object.entries(err.details?.fieldErrors ?? {}).map(([k, v]) => [k, v.key])) };
  }
};
const now = new Date('2026-11-29T00:00:00Z');
const meetingInput = (over: Record<string, unknown> = {}) => ({
  title: '质量周会', startsAt: '2026-12-01T10:00', endsAt: '2026-12-01T11:30', place: '3F', onlineUrl: '', agenda: '1. 上周问题',
  attendees: [org.ids.worker1], units: [], partners: [org.ids.hengtongMember], ...over,
});
const lines = (s: string) => s.replace(/\r\n[ \t]/g, '').split(/\r?\n/);

describe('meetings: invitations with calendar files', () => {
  it('schedules in the organiser zone; invitation, update and cancellation share the UID with growing SEQUENCE', async () => {
    const { id } = await saveMeeting(t.db, org.viewers.prodHead, meetingInput({ units: [org.units.team2] }), { now, enqueueDeliver });
    const m = await getMeeting(t.db, org.viewers.prodHead, id);
    expect(m.startsAt.toISOString()).toBe('2026-12-01T02:00:00.000Z'); // 10:00 in Asia/Shanghai
    expect(m.attendeeCount).toBe(4); // organiser, worker1, the partner, team 2's member
    await runDeliveries();
    const first = sent.filter((x) => x.subject.includes('质量周会'));
    expect(first.map((x) => x.to).sort()).toEqual(['liu.yang@x.example', 'team2@x.example', 'zhou.li@hengtong.example'].sort());
    const ics = lines(first[0].attachments![0].content);
    expect(first[0].attachments![0]).toMatchObject({ filename: 'invite.ics', contentType: 'text/calendar; method=REQUEST; charset=UTF-8' });
    expect(ics).toEqual(expect.arrayContaining(['METHOD:REQUEST', `UID:${id}@plaza`, 'SEQUENCE:0', 'DTSTART;TZID=Asia/Shanghai:20261201T100000', 'TZID:Asia/Shanghai']));
    // The outbox keeps the file with the mail.
    const kept = await t.db.selectFrom('mail_outbox').select(['attachments', 'subject', 'to_email']).where('to_email', '=', 'zhou.li@hengtong.example').executeTakeFirstOrThrow();
    expect(JSON.stringify(kept.attachments)).toContain(`UID:${id}@plaza`);

    sent.length = 0;
    await saveMeeting(t.db, org.viewers.prodHead, meetingInput({ id, endsAt: '2026-12-01T12:00', units: [] }), { now, enqueueDeliver });
    await runDeliveries();
    const update = sent.find((x) => x.to === 'liu.yang@x.example')!;
    expect(update.subject).toContain('Updated'); // liu.yang reads English
    expect(lines(update.attachments![0].content)).toEqual(expect.arrayContaining(['METHOD:REQUEST', `UID:${id}@plaza`, 'SEQUENCE:1', 'DTEND;TZID=Asia/Shanghai:20261201T120000']));
    const removed = sent.find((x) => x.to === 'team2@x.example')!;
    expect(lines(removed.attachments![0].content)).toEqual(expect.arrayContaining(['METHOD:CANCEL', `UID:${id}@plaza`, 'SEQUENCE:1']));

    sent.length = 0;
    await cancelMeeting(t.db, org.viewers.prodHead, id, { enqueueDeliver });
    await runDeliveries();
    expect(sent.map((x) => x.to).sort()).toEqual(['liu.yang@x.example', 'zhou.li@hengtong.example']);
    expect(lines(sent[0].attachments![0].content)).toEqual(expect.arrayContaining(['METHOD:CANCEL', `UID:${id}@plaza`, 'SEQUENCE:2', 'STATUS:CANCELLED']));
    expect(await failure(cancelMeeting(t.db, org.viewers.prodHead, id, { enqueueDeliver }))).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses bad input with field messages', async () => {
    expect(await failure(saveMeeting(t.db, org.viewers.prodHead, meetingInput({ endsAt: '2026-12-01T09:00' }), { now }))).toMatchObject({ fields: { endsAt: 'meetings.errors.endBeforeStart' } });
    expect(await failure(saveMeeting(t.db, org.viewers.prodHead, meetingInput({ startsAt: '2026-11-01T09:00', endsAt: '2026-11-01T10:00' }), { now }))).toMatchObject({ fields: { startsAt: 'meetings.errors.startInPast' } });
    expect(await failure(saveMeeting(t.db, org.viewers.prodHead, meetingInput({ attendees: [org.ids.hengtongMember], partners: [] }), { now }))).toMatchObject({ fields: { attendees: 'meetings.errors.attendeeNotAllowed' } });
    expect(await failure(saveMeeting(t.db, org.viewers.prodHead, meetingInput({ onlineUrl: 'javascript:alert(1)' }), { now }))).toMatchObject({ fields: { onlineUrl: 'meetings.errors.urlInvalid' } });
    expect(await failure(saveMeeting(t.db, org.viewers.hengtongAdmin, meetingInput(), { now }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('minutes → tasks', () => {
  it('publishing creates exactly one task per action item, even when retried; partners see only their own items', async () => {
    const { id } = await saveMeeting(t.db, org.viewers.prodHead, meetingInput({ partners: [org.ids.hengtongMember] }), { now, enqueueDeliver });
    const a = randomUUID();
    const b = randomUUID();
    const form = {
      meetingId: id, notes: '讨论了夹具', decisions: '更换供应商样品', intent: 'publish',
      [`items.0.id`]: a, [`items.0.title`]: '提交样品', [`items.0.owner`]: org.ids.hengtongMember, [`items.0.dueOn`]: '2026-12-10', [`items.0.priority`]: 'high',
      [`items.1.id`]: b, [`items.1.title`]: '验证夹具', [`items.1.owner`]: org.ids.worker1, [`items.1.dueOn`]: '2026-12-12', [`items.1.collaborators`]: [org.ids.worker1b],
      [`items.2.id`]: randomUUID(), [`items.2.title`]: '', [`items.2.owner`]: '', [`items.2.dueOn`]: '',
    };
    // Bad rows first: an owner who does not attend (partner of another organisation), a due date in the past.
    expect(await failure(saveMinutes(t.db, org.viewers.prodHead, { ...form, 'items.0.owner': org.ids.hualianMember, 'items.1.dueOn': '2026-01-01' }, { now }))).toMatchObject({
      code: 'INVALID', fields: { 'items.0.owner': 'meetings.errors.ownerNotAllowed', 'items.1.dueOn': 'tasks.errors.dueInPast' },
    });
    expect(await failure(saveMinutes(t.db, org.viewers.worker1, form, { now }))).toMatchObject({ code: 'FORBIDDEN' });
    const r1 = await saveMinutes(t.db, org.viewers.prodHead, form, { now, enqueueDeliver });
    expect(r1).toMatchObject({ published: true, tasksCreated: 2 });
    const r2 = await saveMinutes(t.db, org.viewers.prodHead, form, { now, enqueueDeliver }); // the same form again (double click, retry)
    expect(r2.tasksCreated).toBe(0);
    const tasks = await t.db.selectFrom('task').select(['id', 'owner_id', 'action_item_id', 'creator_id']).where('meeting_id', '=', id).execute();
    expect(tasks.map((x) => x.action_item_id).sort()).toEqual([a, b].sort());
    expect(tasks.every((x) => x.creator_id === org.ids.prodHead)).toBe(true);
    const revisions = await t.db.selectFrom('meeting_minutes_revision').select('version').where('meeting_id', '=', id).orderBy('version').execute();
    expect(revisions.map((x) => x.version)).toEqual([1, 2]);

    // Later edit: a new item becomes one new task; existing ones stay.
    const c = randomUUID();
    const r3 = await saveMinutes(t.db, org.viewers.prodHead, { ...form, [`items.2.id`]: c, [`items.2.title`]: '更新作业指导书', [`items.2.owner`]: org.ids.worker1b, [`items.2.dueOn`]: '2026-12-20' }, { now, enqueueDeliver });
    expect(r3.tasksCreated).toBe(1);
    expect(await t.db.selectFrom('task').select('id').where('meeting_id', '=', id).execute()).toHaveLength(3);

    // The partner sees the meeting, only their own item, and their task; not the others'.
    const asPartner = await getMeeting(t.db, org.viewers.hengtongMember, id);
    expect(asPartner.actionItems.map((i) => i.id)).toEqual([a]);
    expect(asPartner.attendees.every((p) => p.id === org.ids.prodHead || p.kind === 'partner')).toBe(true);
    const partnerTasks = await listTasks(t.db, org.viewers.hengtongMember, {});
    expect(partnerTasks.items.map((x) => x.title)).toEqual(['提交样品']);
    const other = tasks.find((x) => x.action_item_id === b)!;
    expect(await failure(getTask(t.db, org.viewers.hengtongMember, other.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(getMeeting(t.db, org.viewers.hualianMember, id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(getMeeting(t.db, org.viewers.hengtongAdmin, id))).toMatchObject({ code: 'NOT_FOUND' }); // same organisation, not invited
    const asEmployee = await getMeeting(t.db, org.viewers.worker1, id);
    expect(asEmployee.actionItems).toHaveLength(3);
    const listed = await listMeetings(t.db, org.viewers.hengtongMember, { tab: 'upcoming' }, { now });
    expect(listed.items.map((x) => x.id)).toContain(id);
  });
});

describe('agenda documents', () => {
  it('the organiser adds and removes files; attendees (a partner too) download them, nobody else; the invitation lists links, not bytes', async () => {
    sent.length = 0;
    const { id } = await saveMeeting(t.db, org.viewers.prodHead, meetingInput({ title: '季度评审 files', partners: [org.ids.hengtongMember] }), {
      now, enqueueDeliver, uploads: [{ name: '议程.pdf', bytes: pdfBytes('agenda') }, { name: 'figures.pdf', bytes: pdfBytes('figures') }],
    });
    const m = await getMeeting(t.db, org.viewers.hengtongMember, id);
    expect(m.files.map((f) => f.filename)).toEqual(['议程.pdf', 'figures.pdf']);
    const [agenda, figures] = m.files;
    // Attendees download; a partner of the same organisation who does not attend, and the other organisation, do not.
    expect((await getFileForViewer(t.db, org.viewers.hengtongMember, agenda.id)).filename).toBe('议程.pdf');
    expect((await getFileForViewer(t.db, org.viewers.worker1, agenda.id)).filename).toBe('议程.pdf');
    expect(await failure(getFileForViewer(t.db, org.viewers.hengtongAdmin, agenda.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(getFileForViewer(t.db, org.viewers.hualianMember, agenda.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(getFileForViewer(t.db, org.viewers.warehouseWorker, agenda.id))).toMatchObject({ code: 'NOT_FOUND' });
    await runDeliveries();
    const mail = sent.find((x) => x.to === 'zhou.li@hengtong.example' && x.subject.includes('季度评审 files'))!;
    expect(mail.html).toContain(`/api/files/${agenda.id}`);
    expect(mail.html).toContain('议程.pdf');
    expect(mail.attachments!.map((a) => a.filename)).toEqual(['invite.ics']); // no file bytes in the mail

    // A refused file saves nothing (the whole change rolls back) and says why on the field.
    expect(await failure(saveMeeting(t.db, org.viewers.prodHead, meetingInput({ id, title: '季度评审 files', place: '9F', partners: [org.ids.hengtongMember] }), {
      now, uploads: [{ name: 'evil.pdf', bytes: htmlBytes() }],
    }))).toMatchObject({ code: 'INVALID', fields: { attachments: expect.stringMatching(/^errors\.files\./) } });
    expect((await getMeeting(t.db, org.viewers.prodHead, id)).place).toBe('3F');

    // Removing one deletes it (nothing else refers to it); only the organiser may change files.
    await saveMeeting(t.db, org.viewers.prodHead, meetingInput({ id, title: '季度评审 files', partners: [org.ids.hengtongMember], removeAttachments: [figures.id] }), { now, enqueueDeliver: noop });
    expect((await getMeeting(t.db, org.viewers.prodHead, id)).files.map((f) => f.id)).toEqual([agenda.id]);
    expect(await t.db.selectFrom('stored_file').select('id').where('id', '=', figures.id).executeTakeFirst()).toBeUndefined();
    expect(await failure(saveMeeting(t.db, org.viewers.worker1, meetingInput({ id, removeAttachments: [agenda.id] }), { now, enqueueDeliver: noop }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the minute-taker', () => {
  it('named by the organiser or an admin (audited, told); writes and publishes the minutes; tasks stay the organiser\'s to review', async () => {
    const { id } = await saveMeeting(t.db, org.viewers.prodHead, meetingInput({ title: '季度评审 minutes', minuteTaker: [org.ids.worker1] }), { now, enqueueDeliver });
    const told = await t.db.selectFrom('notification as n').innerJoin('notification_event as e', 'e.id', 'n.event_id')
      .select(['e.message_key', 'e.link']).where('n.person_id', '=', org.ids.worker1).where('e.message_key', '=', 'meetings.notifications.minuteTaker').execute();
    expect(told).toEqual([{ message_key: 'meetings.notifications.minuteTaker', link: `/meetings/${id}` }]);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', id).where('action', '=', 'meeting.minute_taker_set').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ from: null, to: org.ids.worker1 });

    const asTaker = await getMeeting(t.db, org.viewers.worker1, id);
    expect(asTaker.can).toMatchObject({ writeMinutes: true, edit: false, setMinuteTaker: false });
    expect(asTaker.minuteTaker?.id).toBe(org.ids.worker1);
    // Another attendee may not write them.
    expect((await getMeeting(t.db, org.viewers.hengtongMember, id)).can.writeMinutes).toBe(false);
    expect(await failure(saveMinutes(t.db, org.viewers.hengtongMember, { meetingId: id, notes: 'x', decisions: '', intent: 'save' }, { now, enqueueDeliver: noop }))).toMatchObject({ code: 'FORBIDDEN' });

    const item = randomUUID();
    const r = await saveMinutes(t.db, org.viewers.worker1, {
      meetingId: id, notes: '刘洋记录', decisions: '决议', intent: 'publish',
      'items.0.id': item, 'items.0.title': '整理数据', 'items.0.owner': org.ids.worker1b, 'items.0.dueOn': '2026-12-15',
    }, { now, enqueueDeliver });
    expect(r).toMatchObject({ published: true, tasksCreated: 1 });
    const task = await t.db.selectFrom('task').select(['creator_id', 'owner_id']).where('action_item_id', '=', item).executeTakeFirstOrThrow();
    expect(task).toEqual({ creator_id: org.ids.prodHead, owner_id: org.ids.worker1b });

    // Only an active employee; an ordinary attendee may not name one; an admin may (and the previous one loses the right).
    expect(await failure(setMinuteTaker(t.db, org.viewers.prodHead, { meetingId: id, minuteTaker: [org.ids.hengtongMember] }))).toMatchObject({ fields: { minuteTaker: 'meetings.errors.minuteTakerNotAllowed' } });
    expect(await failure(setMinuteTaker(t.db, org.viewers.prodHead, { meetingId: id, minuteTaker: [org.ids.deactivated] }))).toMatchObject({ fields: { minuteTaker: 'meetings.errors.minuteTakerNotAllowed' } });
    expect(await failure(setMinuteTaker(t.db, org.viewers.worker1, { meetingId: id, minuteTaker: [org.ids.worker1b] }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(setMinuteTaker(t.db, org.viewers.hualianMember, { meetingId: id, minuteTaker: [org.ids.worker1b] }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await setMinuteTaker(t.db, org.viewers.admin, { meetingId: id, minuteTaker: [org.ids.worker1b] })).toEqual({ id, changed: true });
    expect(await setMinuteTaker(t.db, org.viewers.admin, { meetingId: id, minuteTaker: [org.ids.worker1b] })).toEqual({ id, changed: false });
    expect((await getMeeting(t.db, org.viewers.worker1, id)).can.writeMinutes).toBe(false);
    expect((await getMeeting(t.db, org.viewers.worker1b, id)).can.writeMinutes).toBe(true);
    expect((await t.db.selectFrom('audit_log').select('details').where('target_id', '=', id).where('action', '=', 'meeting.minute_taker_set').orderBy('id', 'desc').executeTakeFirstOrThrow()).details)
      .toMatchObject({ from: org.ids.worker1, to: org.ids.worker1b });
    // The minute-taker finds the meeting in their list though not invited.
    expect((await listMeetings(t.db, org.viewers.worker1b, { tab: 'upcoming' }, { now })).items.map((x) => x.id)).toContain(id);
  });
});

describe('meetings by unit', () => {
  it('organised by people of the unit tree or with a unit of the tree invited; only meetings the viewer may see (admins: all); keyset pages', async () => {
    // Warehouse organises one (warehouse worker), Production is invited to another (by the IT worker).
    const wh = await saveMeeting(t.db, org.viewers.warehouseWorker, meetingInput({ title: '仓储例会', attendees: [org.ids.itWorker], partners: [] }), { now, enqueueDeliver: noop });
    const invited = await saveMeeting(t.db, org.viewers.itWorker, meetingInput({ title: '生产协调', attendees: [], partners: [], units: [org.units.team2] }), { now, enqueueDeliver: noop });
    const other = await saveMeeting(t.db, org.viewers.itWorker, meetingInput({ title: 'IT 例会', attendees: [org.ids.comms], partners: [] }), { now, enqueueDeliver: noop });
    const ids = async (v: typeof org.viewers.admin, unit: string) => (await listMeetings(t.db, v, { tab: 'upcoming', unit }, { now })).items.map((x) => x.id);
    const east = await ids(org.viewers.admin, org.units.east);
    expect(east).toEqual(expect.arrayContaining([wh.id, invited.id]));
    expect(east).not.toContain(other.id);
    expect(await ids(org.viewers.admin, org.units.warehouse)).toEqual([wh.id]);
    // "Organised by me" by unit stays mine, for an admin too.
    expect((await listMeetings(t.db, org.viewers.admin, { tab: 'mine', unit: org.units.east }, { now })).items).toEqual([]);
    // The IT worker attends all three, but only the Production one is Production's.
    const prod = await ids(org.viewers.itWorker, org.units.production);
    expect(prod).toContain(invited.id);
    expect(prod).not.toContain(wh.id);
    // Not the viewer's meeting: not listed, even by unit (only admins see everything).
    expect(await ids(org.viewers.comms, org.units.warehouse)).toEqual([]);
    // Partners cannot filter by unit (ignored); unknown units are NOT_FOUND.
    expect((await listMeetings(t.db, org.viewers.hengtongMember, { unit: org.units.east }, { now })).unit).toBeNull();
    expect(await failure(listMeetings(t.db, org.viewers.admin, { unit: randomUUID() }, { now }))).toMatchObject({ code: 'NOT_FOUND' });
    // The edit form keeps the invited unit.
    const { getMeetingForEdit } = await import('./queries');
    expect((await getMeetingForEdit(t.db, org.viewers.itWorker, invited.id)).units.map((u) => u.id)).toEqual([org.units.team2]);

    // Keyset: 31 of the admin's by-unit meetings page as 30 + 1, no row twice.
    for (let i = 0; i < 30; i += 1) await saveMeeting(t.db, org.viewers.warehouseWorker, meetingInput({ title: `仓储 ${i}`, startsAt: `2026-12-0${2 + (i % 7)}T0${i % 10}:00`, endsAt: `2026-12-0${2 + (i % 7)}T0${i % 10}:30`, attendees: [], partners: [], units: [org.units.warehouse] }), { now, enqueueDeliver: noop });
    const p1 = await listMeetings(t.db, org.viewers.admin, { tab: 'upcoming', unit: org.units.warehouse }, { now });
    expect(p1.items).toHaveLength(30);
    expect(p1.next).not.toBeNull();
    const p2 = await listMeetings(t.db, org.viewers.admin, { tab: 'upcoming', unit: org.units.warehouse, after: p1.next! }, { now });
    expect(p2.items).toHaveLength(1);
    expect(p2.next).toBeNull();
    expect(new Set([...p1.items, ...p2.items].map((x) => x.id)).size).toBe(31);
    const starts = [...p1.items, ...p2.items].map((x) => x.startsAt.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});

describe('the minutes\' wider audience', () => {
  it('units told on publishing may read the published minutes; not before, and partners never', async () => {
    const { id } = await saveMeeting(t.db, org.viewers.prodHead, meetingInput({ title: '季度评审 audience', attendees: [org.ids.worker1], partners: [] }), { now, enqueueDeliver: noop });
    const form = { meetingId: id, notes: '季度数字', decisions: '', alsoTell: [org.units.warehouse] };
    await saveMinutes(t.db, org.viewers.prodHead, { ...form, intent: 'save' }, { now, enqueueDeliver: noop });
    expect(await failure(getMeeting(t.db, org.viewers.warehouseWorker, id))).toMatchObject({ code: 'NOT_FOUND' }); // a draft: not yet
    expect(await failure(saveMinutes(t.db, org.viewers.prodHead, { ...form, alsoTell: [randomUUID()], intent: 'publish' }, { now }))).toMatchObject({ fields: { alsoTell: 'meetings.errors.unitUnknown' } });
    await saveMinutes(t.db, org.viewers.prodHead, { ...form, intent: 'publish' }, { now, enqueueDeliver: noop });
    const m = await getMeeting(t.db, org.viewers.warehouseWorker, id);
    expect(m.minutes?.notesHtml).toContain('季度数字');
    expect(m.can).toMatchObject({ view: true, readMinutes: true, writeMinutes: false, edit: false });
    const told = await t.db.selectFrom('notification as n').innerJoin('notification_event as e', 'e.id', 'n.event_id').select('n.person_id')
      .where('e.dedupe_key', '=', `meeting.minutes.audience:${id}:v1`).execute();
    expect(told.map((x) => x.person_id)).toEqual([org.ids.warehouseWorker]);
    expect(await failure(getMeeting(t.db, org.viewers.itWorker, id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(getMeeting(t.db, org.viewers.hengtongMember, id))).toMatchObject({ code: 'NOT_FOUND' });
    // Search follows the same rule: the wider audience and admins find them, others do not.
    const hits = async (v: typeof org.viewers.admin) => (await search(t.db, v, { q: '季度数字' })).hits.filter((h) => h.kind === 'meeting.minutes').map((h) => h.url);
    expect(await hits(org.viewers.warehouseWorker)).toEqual([`/meetings/${id}#minutes`]);
    expect(await hits(org.viewers.admin)).toEqual([`/meetings/${id}#minutes`]);
    expect(await hits(org.viewers.itWorker)).toEqual([]);
    expect(await hits(org.viewers.hengtongMember)).toEqual([]);
  });
});

describe('workbench: my meetings today and tomorrow', () => {
  it('lists meetings that have not ended, today and tomorrow in my zone, not the day after', async () => {
    const at = new Date('2026-12-10T01:00:00Z'); // 09:00 in Shanghai
    const mk = async (title: string, day: string) => (await saveMeeting(t.db, org.viewers.itWorker, meetingInput({ title, startsAt: `${day}T15:00`, endsAt: `${day}T16:00`, attendees: [org.ids.admin], partners: [] }), { now: at, enqueueDeliver: noop })).id;
    const today = await mk('今天的会', '2026-12-10');
    const tomorrow = await mk('明天的会', '2026-12-11');
    const later = await mk('后天的会', '2026-12-12');
    const r = await meetingsTodaySource.load(t.db, org.viewers.admin, { limit: 10, now: at, locale: 'zh-CN' });
    const ids = r?.items.map((i) => i.id) ?? [];
    expect(ids).toEqual(expect.arrayContaining([today, tomorrow]));
    expect(ids).not.toContain(later);
  });
});
