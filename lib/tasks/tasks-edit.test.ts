import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { buildOrg, type Org } from '@/lib/announcements/testing';
import type { AppError } from '@/lib/errors';
import { getFileForViewer } from '@/lib/files/queries';
import { htmlBytes, pdfBytes } from '@/lib/files/test-files';
import { saveMeeting, saveMinutes } from '@/lib/meetings/mutations';
import { search } from '@/lib/search/search';
import { taskDigestSections } from './digest';
import { addNote, createTask, decideExtension, editTask, moveTask, requestExtension } from './mutations';
import { getBoard, getTask, getTaskForEdit } from './queries';
import type { MailTransport, OutgoingMail } from '@/lib/mail/transport';
import { mailReminderBatch, sendTaskReminders } from './reminders';

/** Issue 10, second pass: edit and reassign, attachments, the digest sections, the set-based reminder sweep. */
let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as AppError;
    return { code: err.code, key: err.messageKey, fields: Object.fromEntries(Object.entries(err.details?.fieldErrors ?? {}).map(([k, v]) => [k, v.key])) };
  }
};
const input = (over: Record<string, unknown> = {}) => ({ title: '更换夹具', description: '说明', owner: org.ids.worker1, priority: 'high', dueOn: '2026-12-31', tags: '质量', ...over });
const edit = (id: string, over: Record<string, unknown> = {}) => ({ id, ...input(), ...over });
const pdf = (name = 'report.pdf') => ({ name, bytes: new Uint8Array(pdfBytes()) });

describe('editing and reassigning', () => {
  it('the creator edits: history names the fields, a new due date moves the due moment and restarts reminders; audited', async () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const { id } = await createTask(t.db, org.viewers.prodHead, input(), { now });
    await t.db.updateTable('task').set({ reminded_day_at: now }).where('id', '=', id).execute();
    await editTask(t.db, org.viewers.prodHead, edit(id, { title: '更换二号夹具', dueOn: '2027-01-15', tags: '质量, 紧急' }), { now });
    const task = await getTask(t.db, org.viewers.worker1, id);
    expect(task).toMatchObject({ title: '更换二号夹具', dueOn: '2027-01-15', tags: ['质量', '紧急'] });
    const row = await t.db.selectFrom('task').select(['due_at', 'reminded_day_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.due_at?.toISOString()).toBe('2027-01-15T16:00:00.000Z');
    expect(row.reminded_day_at).toBeNull();
    const edited = task.events.find((e) => e.kind === 'edited');
    expect(edited?.details.changed).toEqual(['title', 'dueOn', 'tags']);
    expect(await t.db.selectFrom('audit_log').select('action').where('target_id', '=', id).orderBy('id').execute()).toEqual([{ action: 'task.create' }, { action: 'task.edit' }]);
  });

  it('reassigning: history from → to, the new owner is told and gets the task, the old owner loses it, a pending request closes', async () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const { id } = await createTask(t.db, org.viewers.prodHead, input({ collaborators: [org.ids.worker1b] }), { now });
    await requestExtension(t.db, org.viewers.worker1, { id, dueOn: '2027-01-10', reason: '等待零件' }, { now });
    await t.db.updateTable('person').set({ timezone: 'America/Los_Angeles' }).where('id', '=', org.ids.worker2).execute();
    const r = await editTask(t.db, org.viewers.prodHead, edit(id, { owner: org.ids.worker2, collaborators: [org.ids.worker1b], reassignNote: '刘洋休假' }), { now });
    expect(r.reassigned).toBe(true);
    const task = await getTask(t.db, org.viewers.worker2, id);
    expect(task.isOwner).toBe(true);
    expect(task.pendingExtensionId).toBeNull();
    // Due moment recomputed in the new owner's zone: 2026-12-31 ends at 08:00Z on 1 January in Los Angeles.
    expect((await t.db.selectFrom('task').select('due_at').where('id', '=', id).executeTakeFirstOrThrow()).due_at?.toISOString()).toBe('2027-01-01T08:00:00.000Z');
    const ev = task.events.find((e) => e.kind === 'reassigned');
    expect(ev).toMatchObject({ body: '刘洋休假', details: { fromId: org.ids.worker1, toId: org.ids.worker2, fromName: '刘洋', toName: '二组员工' } });
    const told = await t.db.selectFrom('notification as n').innerJoin('notification_event as e', 'e.id', 'n.event_id').select(['n.person_id', 'e.message_key']).where('e.item_id', '=', id).where('e.message_key', '=', 'tasks.notifications.reassigned').execute();
    expect(told).toEqual([{ person_id: org.ids.worker2, message_key: 'tasks.notifications.reassigned' }]);
    expect(await failure(getTask(t.db, org.viewers.worker1, id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.selectFrom('audit_log').select('action').where('target_id', '=', id).where('action', '=', 'task.reassign').execute()).toHaveLength(1);
    // The unit board follows the owner's unit.
    const board = await getBoard(t.db, org.viewers.prodHead, { kind: 'unit', id: org.units.team2 });
    expect(board.columns[0].items.map((x) => x.id)).toContain(id);
  });

  it('who may edit: only the creator, while open; others refused without learning more than they may', async () => {
    const { id } = await createTask(t.db, org.viewers.prodHead, input({ collaborators: [org.ids.worker1b] }));
    expect(await failure(editTask(t.db, org.viewers.worker1, edit(id)))).toMatchObject({ code: 'FORBIDDEN', key: 'tasks.errors.editNotYours' });
    expect(await failure(editTask(t.db, org.viewers.worker1b, edit(id)))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(editTask(t.db, org.viewers.eastHead, edit(id)))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(editTask(t.db, org.viewers.itWorker, edit(id)))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(editTask(t.db, org.viewers.hengtongAdmin, edit(id)))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(editTask(t.db, org.viewers.hualianMember, edit(id)))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(getTaskForEdit(t.db, org.viewers.worker1, id))).toMatchObject({ code: 'FORBIDDEN' });
    await moveTask(t.db, org.viewers.worker1, { id, to: 'in_progress' });
    await moveTask(t.db, org.viewers.worker1, { id, to: 'in_review' });
    await moveTask(t.db, org.viewers.prodHead, { id, to: 'done' });
    expect(await failure(editTask(t.db, org.viewers.prodHead, edit(id)))).toMatchObject({ code: 'FORBIDDEN', key: 'tasks.errors.editDone' });
  });

  it('bad input from the issue: a message per field, nothing saved', async () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const { id } = await createTask(t.db, org.viewers.prodHead, input(), { now });
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ owner: org.ids.deactivated }, { owner: 'tasks.errors.ownerNotAllowed' }],
      [{ owner: org.ids.hengtongMember }, { owner: 'tasks.errors.ownerNotAllowed' }],
      [{ owner: '' }, { owner: 'tasks.errors.ownerRequired' }],
      [{ dueOn: '2026-11-01' }, { dueOn: 'tasks.errors.dueInPast' }],
      [{ startsOn: '2027-02-01' }, { startsOn: 'tasks.errors.startAfterDue' }],
      [{ description: 'x'.repeat(20001) }, { description: 'errors.validation.tooLong' }],
      [{ title: '' }, { title: 'errors.validation.required' }],
      [{ dueOn: '2026-13-45' }, { dueOn: 'tasks.errors.dateInvalid' }],
      [{ collaborators: [org.ids.hualianMember] }, { collaborators: 'tasks.errors.collaboratorNotAllowed' }],
    ];
    for (const [over, fields] of cases) expect(await failure(editTask(t.db, org.viewers.prodHead, edit(id, over), { now }))).toMatchObject({ code: 'INVALID', fields });
    const task = await getTask(t.db, org.viewers.prodHead, id);
    expect(task.events.map((e) => e.kind)).toEqual(['created']);
    expect(task.ownerId).toBe(org.ids.worker1);
  });
});

describe('the board of a meeting; minutes in search', () => {
  it('shows the meeting\'s tasks the viewer may see: the organiser all, a partner only their own, strangers nothing', async () => {
    const q = { enqueueDeliver: async () => {} };
    const { id: meetingId } = await saveMeeting(t.db, org.viewers.prodHead, { title: '季度评审', startsAt: '2027-03-01T10:00', endsAt: '2027-03-01T11:00', place: '3F', onlineUrl: '', agenda: '', attendees: [org.ids.worker1], units: [], partners: [org.ids.hengtongMember] }, q);
    const [a, b] = [randomUUID(), randomUUID()];
    await saveMinutes(t.db, org.viewers.prodHead, {
      meetingId, notes: '讨论了二号线夹具的故障', decisions: 'Replace the **gearbox** supplier', intent: 'publish',
      'items.0.id': a, 'items.0.title': '内部行动项', 'items.0.owner': [org.ids.worker1], 'items.0.dueOn': '2027-06-30',
      'items.1.id': b, 'items.1.title': '供应商行动项', 'items.1.owner': [org.ids.hengtongMember], 'items.1.dueOn': '2027-06-30',
    }, q);
    const titles = async (v: typeof org.viewers.prodHead) => (await getBoard(t.db, v, { kind: 'meeting', id: meetingId })).columns.flatMap((c) => c.items.map((x) => x.title)).sort();
    expect(await titles(org.viewers.prodHead)).toEqual(['供应商行动项', '内部行动项'].sort());
    expect(await titles(org.viewers.worker1)).toEqual(['内部行动项']);
    expect(await titles(org.viewers.hengtongMember)).toEqual(['供应商行动项']);
    expect(await failure(getBoard(t.db, org.viewers.hualianMember, { kind: 'meeting', id: meetingId }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(getBoard(t.db, org.viewers.itWorker, { kind: 'meeting', id: meetingId }))).toMatchObject({ code: 'NOT_FOUND' });
    // Published minutes are searchable (Chinese and English) by organiser and attendees only.
    const hits = async (v: typeof org.viewers.prodHead, q: string) => (await search(t.db, v, { q })).hits.filter((h) => h.kind === 'meeting.minutes').map((h) => h.url);
    expect(await hits(org.viewers.prodHead, '故障')).toEqual([`/meetings/${meetingId}#minutes`]);
    expect(await hits(org.viewers.hengtongMember, 'gearbox')).toEqual([`/meetings/${meetingId}#minutes`]);
    expect(await hits(org.viewers.worker1, '夹具')).toEqual([`/meetings/${meetingId}#minutes`]);
    expect(await hits(org.viewers.itWorker, '故障')).toEqual([]);
    expect(await hits(org.viewers.hualianMember, 'gearbox')).toEqual([]);
    expect(await hits(org.viewers.prodHead, '供应商行动项')).toEqual([]);
  });
});

describe('attachments (through lib/files)', () => {
  it('stored with the task and with progress updates; downloadable by who sees the task only; bad files refused', async () => {
    const { id } = await createTask(t.db, org.viewers.prodHead, input({ collaborators: [org.ids.worker1b] }), { uploads: [pdf('plan.pdf')] });
    await addNote(t.db, org.viewers.worker1b, { id, body: '照片见附件' }, 'progress', { uploads: [pdf('photo.pdf')] });
    const task = await getTask(t.db, org.viewers.worker1, id);
    expect(task.attachments.map((f) => f.filename)).toEqual(['plan.pdf', 'photo.pdf']);
    const progress = task.events.find((e) => e.kind === 'progress');
    expect(task.attachments.find((f) => f.filename === 'photo.pdf')?.eventId).toBe(progress?.id);
    const fileId = task.attachments[0].id;
    expect((await getFileForViewer(t.db, org.viewers.worker1, fileId)).filename).toBe('plan.pdf');
    expect((await getFileForViewer(t.db, org.viewers.prodHead, fileId)).filename).toBe('plan.pdf');
    expect(await failure(getFileForViewer(t.db, org.viewers.itWorker, fileId))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(getFileForViewer(t.db, org.viewers.hengtongAdmin, fileId))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(editTask(t.db, org.viewers.prodHead, edit(id, { collaborators: [org.ids.worker1b] }), { uploads: [{ name: 'x.pdf', bytes: new Uint8Array(htmlBytes()) }] })))
      .toMatchObject({ code: 'INVALID', fields: { attachments: 'errors.files.fileTypeMismatch' } });
    await editTask(t.db, org.viewers.prodHead, edit(id, { collaborators: [org.ids.worker1b] }), { uploads: [pdf('more.pdf')] });
    const after = await getTask(t.db, org.viewers.worker1, id);
    expect(after.attachments).toHaveLength(3);
    expect(after.events.at(-1)?.kind).toBe('attachment');
  });
});

describe('digest sections', () => {
  it('owners get due-soon and overdue tasks, creators what waits for review; one query per batch; partners only their own', async () => {
    const now = new Date('2026-12-20T00:00:00Z');
    const made = new Date('2026-12-01T00:00:00Z');
    const soon = await createTask(t.db, org.viewers.eastHead, input({ owner: org.ids.warehouseWorker, dueOn: '2026-12-20', title: '明天到期' }), { now: made });
    const late = await createTask(t.db, org.viewers.eastHead, input({ owner: org.ids.warehouseWorker, dueOn: '2026-12-10', title: '已逾期' }), { now: made });
    await createTask(t.db, org.viewers.eastHead, input({ owner: org.ids.warehouseWorker, dueOn: '2027-03-01', title: '还早' }), { now: made });
    const review = await createTask(t.db, org.viewers.eastHead, input({ owner: org.ids.itWorker, dueOn: '2027-03-01', title: '待验收' }), { now: made });
    await moveTask(t.db, org.viewers.itWorker, { id: review.id, to: 'in_progress' });
    await moveTask(t.db, org.viewers.itWorker, { id: review.id, to: 'in_review' });
    const [due, rev] = taskDigestSections;
    const people = [org.viewers.warehouseWorker, org.viewers.eastHead, org.viewers.hengtongAdmin];
    const d = await due.loadBatch(t.db, people, { since: new Date('2026-12-19T00:00:00Z'), now, limit: 5 });
    expect(d.get(org.ids.warehouseWorker)?.entries.map((e) => [e.href, e.urgent, e.note?.key])).toEqual([
      [`/tasks/${late.id}`, true, 'tasks.digest.overdueSince'],
      [`/tasks/${soon.id}`, false, 'tasks.digest.dueOn'],
    ]);
    expect(d.has(org.ids.hengtongAdmin)).toBe(false);
    const r = await rev.loadBatch(t.db, people, { since: new Date('2026-12-19T00:00:00Z'), now, limit: 5 });
    expect(r.get(org.ids.eastHead)?.entries.map((e) => e.href)).toEqual([`/tasks/${review.id}`]);
  });
});

describe('reminder sweep at scale', () => {
  it('3,000 tasks due within the hour: one notification each, once, whatever how often or how concurrently the sweep runs; mail queued per batch', async () => {
    const now = new Date('2027-06-01T00:00:00Z');
    await sql`
      insert into task (title, creator_id, owner_id, owner_unit_id, due_on, due_at, created_at, updated_at)
      select 'bulk ' || g, ${org.ids.prodHead}, case when g % 2 = 0 then ${org.ids.worker1}::uuid else ${org.ids.worker2}::uuid end, ${org.units.team1},
        '2027-06-01', ${now}::timestamptz + (g % 50 + 1) * interval '1 minute', ${now}, ${now}
      from generate_series(1, 3000) g`.execute(t.db);
    const batches: number[][] = [];
    const enqueueMail = async (_trx: unknown, ids: number[]) => void batches.push(ids);
    const [a, b] = await Promise.all([sendTaskReminders(t.db, { now, enqueueMail }), sendTaskReminders(t.db, { now, enqueueMail })]);
    expect(a.hour + b.hour).toBe(3000);
    await sendTaskReminders(t.db, { now, enqueueMail });
    const counts = await sql<{ events: number; notes: number; distinct_tasks: number }>`
      select count(distinct e.id)::int as events, count(n.id)::int as notes, count(distinct e.item_id)::int as distinct_tasks
      from notification_event e join notification n on n.event_id = e.id
      where e.kind = 'tasks.due_soon' and e.title like 'bulk %'`.execute(t.db);
    expect(counts.rows[0]).toEqual({ events: 3000, notes: 3000, distinct_tasks: 3000 });
    const bulkIds = (await t.db.selectFrom('notification_event').select('id').where('kind', '=', 'tasks.due_soon').where('title', 'like', 'bulk %').execute()).map((e) => Number(e.id));
    const queued = batches.flat().filter((x) => bulkIds.includes(x));
    expect(queued).toHaveLength(3000);
    expect(new Set(queued).size).toBe(3000);
    expect(batches.length).toBeLessThanOrEqual(6);
    const ev = await t.db.selectFrom('notification_event').select(['mail_template', 'mail_props', 'params', 'link']).where('title', '=', 'bulk 7').executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ mail_template: 'task-reminder', mail_props: { kind: 'hour', title: 'bulk 7', dueOn: '2027-06-01' }, params: { title: 'bulk 7' } });
    // An hour later, all are overdue: owner and creator told once each.
    const later = new Date('2027-06-01T02:00:00Z');
    await sendTaskReminders(t.db, { now: later, enqueueMail });
    await sendTaskReminders(t.db, { now: later, enqueueMail });
    const overdue = await sql<{ n: number }>`select count(*)::int as n from notification n join notification_event e on e.id = n.event_id where e.kind = 'tasks.overdue' and e.title like 'bulk %'`.execute(t.db);
    expect(overdue.rows[0].n).toBe(6000);
  });

  it('a new due date (approved request) starts the reminders again, with a new key', async () => {
    const { id } = await createTask(t.db, org.viewers.prodHead, input({ dueOn: '2027-07-10' }), { now: new Date('2027-07-01T00:00:00Z') });
    const enqueueMail = async () => {};
    await sendTaskReminders(t.db, { now: new Date('2027-07-10T15:30:00Z'), enqueueMail });
    const x = await requestExtension(t.db, org.viewers.worker1, { id, dueOn: '2027-07-20', reason: '等' }, { now: new Date('2027-07-10T15:40:00Z') });
    await decideExtension(t.db, org.viewers.prodHead, { id, extensionId: x.extensionId, decision: 'approve' }, { now: new Date('2027-07-10T15:41:00Z') });
    await sendTaskReminders(t.db, { now: new Date('2027-07-20T15:30:00Z'), enqueueMail });
    const keys = await t.db.selectFrom('notification_event').select('dedupe_key').where('item_id', '=', id).where('kind', '=', 'tasks.due_soon').orderBy('id').execute();
    expect(keys.map((k) => k.dedupe_key.replace(`task.reminder:${id}:`, ''))).toEqual(['2027-07-10T16:00:00.000Z:hour', '2027-07-20T16:00:00.000Z:hour']);
    expect(new Set(keys.map((k) => k.dedupe_key)).size).toBe(2);
  });

  it('the mail job sends each reminder once, in the owner\'s language', async () => {
    const { id } = await createTask(t.db, org.viewers.prodHead, input({ dueOn: '2027-08-10', title: '校准量具' }), { now: new Date('2027-08-01T00:00:00Z') });
    const batches: number[][] = [];
    await sendTaskReminders(t.db, { now: new Date('2027-08-10T15:30:00Z'), enqueueMail: async (_trx, ids) => void batches.push(ids) });
    const ev = await t.db.selectFrom('notification_event').select('id').where('item_id', '=', id).where('kind', '=', 'tasks.due_soon').executeTakeFirstOrThrow();
    const sent: OutgoingMail[] = [];
    const transport: MailTransport = { name: 'outbox', deliver: async (m) => (sent.push(m), { ok: true, providerMessageId: null }) };
    expect(batches.flat()).toContain(Number(ev.id));
    await mailReminderBatch(t.db, { eventIds: [Number(ev.id)] }, transport);
    await mailReminderBatch(t.db, { eventIds: [Number(ev.id)] }, transport);
    // worker1 (刘洋) reads English.
    expect(sent.map((m) => [m.to, m.subject])).toEqual([['liu.yang@x.example', 'Due within the hour: 校准量具']]);
    expect(sent[0].html).toContain(`/tasks/${id}`);
  });
});
