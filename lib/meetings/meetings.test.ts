import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { buildOrg, type Org } from '@/lib/announcements/testing';
import type { AppError } from '@/lib/errors';
import type { MailTransport, OutgoingMail } from '@/lib/mail/transport';
import { deliverNotificationMail } from '@/lib/notifications/deliver';
import { getTask, listTasks } from '@/lib/tasks/queries';
import { cancelMeeting, saveMeeting, saveMinutes } from './mutations';
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
