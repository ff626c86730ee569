import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { buildOrg, type Org } from '@/lib/announcements/testing';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { AppError } from '@/lib/errors';
import { addNote, createTask, decideExtension, moveTask, requestExtension, returnTask } from './mutations';
import { getBoard, getTask, listTasks } from './queries';

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
const input = (over: Record<string, unknown> = {}) => ({ title: '更换夹具', description: '**尽快**', owner: org.ids.worker1, priority: '', dueOn: '2026-12-31', tags: '质量, Q4', ...over });

describe('creating tasks', () => {
  it('creates with defaults, collaborators, tags; tells owner and collaborators; audits', async () => {
    const { id } = await createTask(t.db, org.viewers.prodHead, input({ collaborators: [org.ids.worker1b] }));
    const task = await getTask(t.db, org.viewers.worker1, id);
    expect(task).toMatchObject({ priority: 'medium', status: 'todo', tags: ['质量', 'q4'], dueOn: '2026-12-31', isOwner: true });
    expect(task.descriptionHtml).toContain('<strong>尽快</strong>');
    expect(task.collaborators.map((c) => c.id)).toEqual([org.ids.worker1b]);
    const told = await t.db.selectFrom('notification as n').innerJoin('notification_event as e', 'e.id', 'n.event_id').select(['n.person_id', 'e.kind']).where('e.item_id', '=', id).execute();
    expect(told.map((x) => x.person_id).sort()).toEqual([org.ids.worker1, org.ids.worker1b].sort());
    expect(await t.db.selectFrom('audit_log').select('action').where('target_id', '=', id).execute()).toEqual([{ action: 'task.create' }]);
  });

  it('refuses bad input with a message per field', async () => {
    expect(await failure(createTask(t.db, org.viewers.prodHead, input({ title: '', owner: '' })))).toMatchObject({ code: 'INVALID', fields: { title: 'errors.validation.required', owner: 'tasks.errors.ownerRequired' } });
    expect(await failure(createTask(t.db, org.viewers.prodHead, input({ description: 'x'.repeat(20001) })))).toMatchObject({ fields: { description: 'errors.validation.tooLong' } });
    expect(await failure(createTask(t.db, org.viewers.prodHead, input({ dueOn: '2020-01-01' })))).toMatchObject({ fields: { dueOn: 'tasks.errors.dueInPast' } });
    expect(await failure(createTask(t.db, org.viewers.prodHead, input({ owner: org.ids.deactivated })))).toMatchObject({ fields: { owner: 'tasks.errors.ownerNotAllowed' } });
    expect(await failure(createTask(t.db, org.viewers.prodHead, input({ owner: org.ids.hengtongMember })))).toMatchObject({ fields: { owner: 'tasks.errors.ownerNotAllowed' } });
    expect(await failure(createTask(t.db, org.viewers.prodHead, input({ startsOn: '2027-02-01' })))).toMatchObject({ fields: { startsOn: 'tasks.errors.startAfterDue' } });
    expect(await failure(createTask(t.db, org.viewers.hengtongAdmin, input()))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('status moves and who may make them', () => {
  it('owner starts and submits, creator accepts or returns with a reason; others are refused', async () => {
    const { id } = await createTask(t.db, org.viewers.prodHead, input({ collaborators: [org.ids.worker1b] }));
    expect(await failure(moveTask(t.db, org.viewers.worker1, { id, to: 'done' }))).toMatchObject({ code: 'INVALID', key: 'tasks.errors.badMove' });
    expect(await failure(moveTask(t.db, org.viewers.worker1b, { id, to: 'in_progress' }))).toMatchObject({ code: 'FORBIDDEN', key: 'tasks.errors.moveNotYours' });
    expect(await failure(moveTask(t.db, org.viewers.itWorker, { id, to: 'in_progress' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(moveTask(t.db, org.viewers.hengtongAdmin, { id, to: 'in_progress' }))).toMatchObject({ code: 'NOT_FOUND' });
    await moveTask(t.db, org.viewers.worker1, { id, to: 'in_progress' });
    await moveTask(t.db, org.viewers.worker1, { id, to: 'in_review' });
    expect(await failure(moveTask(t.db, org.viewers.worker1, { id, to: 'done' }))).toMatchObject({ code: 'FORBIDDEN', key: 'tasks.errors.moveNotYours' });
    expect(await failure(returnTask(t.db, org.viewers.prodHead, { id, reason: '' }))).toMatchObject({ fields: { reason: 'errors.validation.required' } });
    await returnTask(t.db, org.viewers.prodHead, { id, reason: '缺少照片' });
    expect((await getTask(t.db, org.viewers.worker1, id)).status).toBe('in_progress');
    await moveTask(t.db, org.viewers.worker1, { id, to: 'in_review' });
    await moveTask(t.db, org.viewers.prodHead, { id, to: 'done' });
    const done = await getTask(t.db, org.viewers.prodHead, id);
    expect(done.status).toBe('done');
    expect(done.events.map((e) => e.kind)).toEqual(['created', 'status', 'status', 'returned', 'status', 'status']);
    expect(done.completedAt).not.toBeNull();
  });

  it('heads see their trees read-only; heads elsewhere and partners get not found', async () => {
    const { id } = await createTask(t.db, org.viewers.comms, input({ owner: org.ids.worker2 }));
    const byEast = await getTask(t.db, org.viewers.eastHead, id);
    expect(byEast.can).toMatchObject({ view: true, start: false, edit: false, comment: true });
    expect(await failure(getTask(t.db, org.viewers.admin, id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(getTask(t.db, org.viewers.hualianMember, id))).toMatchObject({ code: 'NOT_FOUND' });
    const team = await listTasks(t.db, org.viewers.eastHead, { scope: 'team' });
    expect(team.items.map((x) => x.id)).toContain(id);
    const board = await getBoard(t.db, org.viewers.prodHead, { kind: 'unit', id: org.units.production });
    expect(board.columns.find((c) => c.status === 'todo')?.items.map((x) => x.id)).toContain(id);
    expect(board.can.chooseOthers).toBe(true); // a head may open others' boards
    expect((await getBoard(t.db, org.viewers.worker1, null)).can.chooseOthers).toBe(false);
    expect(await failure(getBoard(t.db, org.viewers.worker1, { kind: 'unit', id: org.units.production }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(getBoard(t.db, org.viewers.hengtongAdmin, { kind: 'person', id: org.ids.worker1 }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('overdue across time zones', () => {
  it('a task is overdue once its due date has ended in the OWNER\'s time zone', async () => {
    await t.db.updateTable('person').set({ timezone: 'America/Los_Angeles' }).where('id', '=', org.ids.warehouseWorker).execute();
    const sh = await createTask(t.db, org.viewers.eastHead, input({ owner: org.ids.itWorker, dueOn: '2026-12-10' }), { now: new Date('2026-12-01T00:00:00Z') });
    const la = await createTask(t.db, org.viewers.eastHead, input({ owner: org.ids.warehouseWorker, dueOn: '2026-12-10' }), { now: new Date('2026-12-01T00:00:00Z') });
    // 2026-12-10 ends at 16:00Z in Shanghai (UTC+8) and at 08:00Z on the 11th in Los Angeles (UTC-8).
    const at = async (iso: string) => [(await getTask(t.db, org.viewers.eastHead, sh.id, { now: new Date(iso) })).overdue, (await getTask(t.db, org.viewers.eastHead, la.id, { now: new Date(iso) })).overdue];
    expect(await at('2026-12-10T15:59:00Z')).toEqual([false, false]);
    expect(await at('2026-12-10T16:00:00Z')).toEqual([true, false]);
    expect(await at('2026-12-11T08:00:00Z')).toEqual([true, true]);
    const list = await listTasks(t.db, org.viewers.eastHead, { scope: 'created', tab: 'overdue' }, { now: new Date('2026-12-10T17:00:00Z') });
    expect(list.items.map((x) => x.id)).toContain(sh.id);
    expect(list.items.map((x) => x.id)).not.toContain(la.id);
    // "Due in the past" also counts in the owner's zone: on 2026-12-10T20:00Z it is already the 11th in Shanghai, still the 10th in LA.
    const now = new Date('2026-12-10T20:00:00Z');
    expect(await failure(createTask(t.db, org.viewers.eastHead, input({ owner: org.ids.itWorker, dueOn: '2026-12-10' }), { now }))).toMatchObject({ fields: { dueOn: 'tasks.errors.dueInPast' } });
    expect(await failure(createTask(t.db, org.viewers.eastHead, input({ owner: org.ids.warehouseWorker, dueOn: '2026-12-10' }), { now }))).toBe('ok');
  });
});

describe('progress, comments, mentions, extension requests', () => {
  it('keeps the history; only people on the task can be mentioned; approving moves the due date', async () => {
    const { id } = await createTask(t.db, org.viewers.prodHead, input({ collaborators: [org.ids.worker1b], dueOn: '2026-12-20' }), { now: new Date('2026-12-01T00:00:00Z') });
    await addNote(t.db, org.viewers.worker1b, { id, body: '完成一半' }, 'progress');
    expect(await failure(addNote(t.db, org.viewers.prodHead, { id, body: 'x' }, 'progress'))).toMatchObject({ code: 'FORBIDDEN', key: 'tasks.errors.progressNotYours' });
    expect(await failure(addNote(t.db, org.viewers.worker1, { id, body: '@IT', mentions: [org.ids.itWorker] }, 'comment'))).toMatchObject({ fields: { mentions: 'tasks.errors.mentionNotOnTask' } });
    await addNote(t.db, org.viewers.worker1, { id, body: '请看一下', mentions: [org.ids.prodHead] }, 'comment');
    const mention = await t.db.selectFrom('notification as n').innerJoin('notification_event as e', 'e.id', 'n.event_id').select('n.person_id').where('e.kind', '=', 'tasks.mentioned').where('e.item_id', '=', id).execute();
    expect(mention).toEqual([{ person_id: org.ids.prodHead }]);

    expect(await failure(requestExtension(t.db, org.viewers.worker1, { id, dueOn: '2026-12-19', reason: '等待零件' }, { now: new Date('2026-12-02T00:00:00Z') }))).toMatchObject({ fields: { dueOn: 'tasks.errors.extensionNotLater' } });
    expect(await failure(requestExtension(t.db, org.viewers.worker1b, { id, dueOn: '2026-12-30', reason: 'x' }))).toMatchObject({ code: 'FORBIDDEN' });
    const x1 = await requestExtension(t.db, org.viewers.worker1, { id, dueOn: '2026-12-30', reason: '等待零件' }, { now: new Date('2026-12-02T00:00:00Z') });
    expect(await failure(requestExtension(t.db, org.viewers.worker1, { id, dueOn: '2026-12-31', reason: 'again' }))).toMatchObject({ code: 'CONFLICT', key: 'tasks.errors.extensionPending' });
    await decideExtension(t.db, org.viewers.prodHead, { id, extensionId: x1.extensionId, decision: 'decline', note: '不行' });
    const x2 = await requestExtension(t.db, org.viewers.worker1, { id, dueOn: '2026-12-28', reason: '供应商延期' }, { now: new Date('2026-12-03T00:00:00Z') });
    expect(await failure(decideExtension(t.db, org.viewers.worker1, { id, extensionId: x2.extensionId, decision: 'approve' }))).toMatchObject({ code: 'FORBIDDEN' });
    await decideExtension(t.db, org.viewers.prodHead, { id, extensionId: x2.extensionId, decision: 'approve' });
    expect(await failure(decideExtension(t.db, org.viewers.prodHead, { id, extensionId: x2.extensionId, decision: 'approve' }))).toMatchObject({ code: 'CONFLICT' });
    const task = await getTask(t.db, org.viewers.worker1, id);
    expect(task.dueOn).toBe('2026-12-28');
    expect(task.extensions.map((x) => [x.requestedDueOn, x.status])).toEqual([['2026-12-28', 'approved'], ['2026-12-30', 'declined']]);
    expect(task.events.map((e) => e.kind)).toEqual(['created', 'progress', 'comment', 'extension_requested', 'extension_declined', 'extension_requested', 'extension_approved']);
  });

  it('a deactivated person can do nothing', async () => {
    const { id } = await createTask(t.db, org.viewers.prodHead, input());
    expect(await failure(moveTask(t.db, org.viewers.deactivated, { id, to: 'in_progress' }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await loadViewer(t.db, org.ids.deactivated)).toBeNull();
  });
});

describe('reminders', () => {
  it('one day before, one hour before and overdue: each once, whatever how often the sweep runs', async () => {
    const { sendTaskReminders } = await import('./reminders');
    const created = new Date('2027-03-01T00:00:00Z');
    const { id } = await createTask(t.db, org.viewers.prodHead, input({ owner: org.ids.itWorker, dueOn: '2027-03-10', title: 'reminder test' }), { now: created });
    // Due moment: 2027-03-10 ends at 2027-03-10T16:00Z in Shanghai.
    const kinds = async () => (await t.db.selectFrom('notification_event').select(['kind', 'dedupe_key']).where('item_id', '=', id).where('kind', 'in', ['tasks.due_soon', 'tasks.overdue']).orderBy('id').execute()).map((e) => e.dedupe_key.split(':').pop());
    const at = (iso: string) => sendTaskReminders(t.db, { now: new Date(iso), enqueueMail: async () => {} });
    await at('2027-03-09T15:00:00Z');
    expect(await kinds()).toEqual([]);
    await at('2027-03-09T16:30:00Z');
    await at('2027-03-09T17:00:00Z');
    expect(await kinds()).toEqual(['day']);
    await at('2027-03-10T15:10:00Z');
    await at('2027-03-10T15:20:00Z');
    expect(await kinds()).toEqual(['day', 'hour']);
    await at('2027-03-10T16:00:00Z');
    await at('2027-03-11T09:00:00Z');
    expect(await kinds()).toEqual(['day', 'hour', 'overdue']);
    const overdue = await t.db.selectFrom('notification as n').innerJoin('notification_event as e', 'e.id', 'n.event_id').select('n.person_id').where('e.item_id', '=', id).where('e.kind', '=', 'tasks.overdue').execute();
    expect(overdue.map((x) => x.person_id).sort()).toEqual([org.ids.itWorker, org.ids.prodHead].sort());
  });
});

describe('figures', () => {
  it('completion, on-time and overdue rates per person and unit for heads; refused outside the tree', async () => {
    const { taskFigures, taskFiguresTable } = await import('./figures');
    const { tableToCsv } = await import('@/lib/tabular/write');
    const now = new Date('2027-05-01T00:00:00Z');
    const mk = (dueOn: string) => createTask(t.db, org.viewers.prodHead, input({ owner: org.ids.worker2, dueOn, title: `fig ${dueOn}` }), { now: new Date('2027-04-01T00:00:00Z') });
    const a = await mk('2027-04-10');
    await mk('2027-04-11');
    await moveTask(t.db, org.viewers.worker2, { id: a.id, to: 'in_progress' });
    await moveTask(t.db, org.viewers.worker2, { id: a.id, to: 'in_review' });
    await moveTask(t.db, org.viewers.prodHead, { id: a.id, to: 'done' }, { now: new Date('2027-04-05T00:00:00Z') });
    const f = await taskFigures(t.db, org.viewers.prodHead, { unit: org.units.production, from: '2027-04-01', to: '2027-04-30' }, { now });
    expect(f.people.find((p) => p.id === org.ids.worker2)).toMatchObject({ total: 2, done: 1, onTime: 1, overdue: 1, completionRate: 50, onTimeRate: 50, overdueRate: 50 });
    expect(f.units.find((u) => u.id === org.units.team2)).toMatchObject({ total: 2 });
    const failure = await taskFigures(t.db, org.viewers.worker1, { unit: org.units.production }).catch((e: AppError) => e.code);
    expect(failure).toBe('FORBIDDEN');
    const csv = tableToCsv(await taskFiguresTable(t.db, org.viewers.prodHead, { unit: org.units.production, from: '2027-04-01', to: '2027-04-30' }, ['kind', 'name', 'total', 'done', 'onTime', 'overdue', 'c', 'o', 'x'], { person: 'person', unit: 'unit' }, { now }), 'UTC');
    expect(csv.replace(/"/g, '')).toContain('person,二组员工,2,1,1,1,50,50,50');
  });
});
