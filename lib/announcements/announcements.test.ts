import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { closeActivation, renotifyDueEmergencies, savePlan, triggerPlan } from '@/lib/emergency/mutations';
import { getRollCall } from '@/lib/emergency/queries';
import { ESCALATION_HEADS_AFTER_MS, escalate, publishDue } from './jobs';
import { acknowledge, editAnnouncement, markRead, remindOutstanding, saveAnnouncement, withdrawAnnouncement } from './mutations';
import { tableToCsv } from '@/lib/tabular/write';
import { exportReach, getAnnouncement, getHome, getReach, listAnnouncements } from './queries';
import { buildOrg, composeInput, testDeps, type ComposePatch, type Org } from './testing';

let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

const production = () => ({ units: [{ unitId: org.units.production, includeSubUnits: true }] });
const outbox = (prefix: string) => t.db.selectFrom('mail_outbox').select(['idempotency_key', 'to_email', 'subject', 'text']).where('idempotency_key', 'like', `${prefix}%`).execute();

describe('publishing: fan-out, mails, reads, acknowledgements, reach', () => {
  it('writes one receipt per active audience member and mails each once, however often the job runs', async () => {
    const { deps, jobs, sent, runJobs } = testDeps(t.db);
    const r = await saveAnnouncement(t.db, org.viewers.prodHead, composeInput({ urgency: 'urgent', ackRequired: true, audience: production() }), 'send', { deps });
    expect(r.status).toBe('published');
    const receipts = await t.db.selectFrom('announcement_recipient').select(['person_id', 'unit_id']).where('announcement_id', '=', r.id).execute();
    // Production head, worker1, worker1b, worker2 — not the deactivated one, nobody outside.
    expect(receipts.map((x) => x.person_id).sort()).toEqual([org.ids.prodHead, org.ids.worker1, org.ids.worker1b, org.ids.worker2].sort());
    expect(receipts.find((x) => x.person_id === org.ids.worker1)?.unit_id).toBe(org.units.team1);
    const queued = [...jobs];
    await runJobs();
    expect(sent).toHaveLength(4);
    // English recipient gets the English naming rule; Chinese the Chinese one.
    expect(sent.find((m) => m.to === 'liu.yang@x.example')?.subject).toBe('[Urgent] Production – 设备故障通知');
    expect(sent.find((m) => m.to === 'he.jing@x.example')?.subject).toBe('【紧急】生产部-设备故障通知');
    jobs.push(...queued); // a retried job
    await runJobs();
    expect(sent).toHaveLength(4);
    const mails = await outbox(`announcement:${r.id}:`);
    expect(mails).toHaveLength(4);

    const reach0 = await getReach(t.db, org.viewers.prodHead, r.id);
    expect(reach0).toMatchObject({ audienceSize: 4, mailed: 4, opened: 0, acknowledged: 0, reachRate: 0, outstandingTotal: 4 });

    await markRead(t.db, org.viewers.worker1, r.id, 'mail');
    await markRead(t.db, org.viewers.worker1, r.id, 'web'); // once per person: the first read stands
    await acknowledge(t.db, org.viewers.worker1b, r.id);
    await markRead(t.db, org.viewers.comms, r.id); // not addressed: not counted
    const rec = await t.db.selectFrom('announcement_recipient').select(['read_channel', 'read_at']).where('announcement_id', '=', r.id).where('person_id', '=', org.ids.worker1).executeTakeFirstOrThrow();
    expect(rec.read_channel).toBe('mail');
    const reach = await getReach(t.db, org.viewers.prodHead, r.id);
    expect(reach).toMatchObject({ audienceSize: 4, opened: 2, acknowledged: 1, reachRate: 0.25, openRate: 0.5, outstandingTotal: 3 });
    expect(reach.medianSecondsToRead).not.toBeNull();
    expect(reach.p90SecondsToRead).toBeGreaterThanOrEqual(reach.medianSecondsToRead!);
    // The breakdown opens level by level (issue 8): Production's level lists its teams.
    const team1 = (await getReach(t.db, org.viewers.prodHead, r.id, { unit: org.units.production })).units.find((u) => u.unitId === org.units.team1)!;
    expect(team1).toMatchObject({ size: 2, opened: 2, acknowledged: 1 });
    expect(reach.outstanding.map((o) => o.personId).sort()).toEqual([org.ids.prodHead, org.ids.worker1, org.ids.worker2].sort());

    // Partners and outsiders cannot acknowledge what is not theirs.
    await expect(acknowledge(t.db, org.viewers.hengtongMember, r.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(acknowledge(t.db, org.viewers.warehouseWorker, r.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // A material edit asks for acknowledgement again.
    const { deps: d2, sent: sent2, runJobs: run2 } = testDeps(t.db);
    const e = await editAnnouncement(t.db, org.viewers.prodHead, { id: r.id, title: '设备故障通知（更新）', body: '新的内容', material: 'on' }, { deps: d2 });
    expect(e.version).toBe(2);
    const after = await getReach(t.db, org.viewers.prodHead, r.id);
    expect(after.acknowledged).toBe(0);
    await run2();
    expect(sent2.map((m) => m.to).sort()).toEqual(['he.jing@x.example', 'liu.yang@x.example', 'team2@x.example', 'zhang.wei@x.example']);
    const detail = await getAnnouncement(t.db, org.viewers.prodHead, r.id);
    expect(detail.revisions.map((x) => x.version)).toEqual([2, 1]);

    const csv = tableToCsv(await exportReach(t.db, org.viewers.prodHead, r.id, ['name', 'email', 'unit', 'delivered', 'mailed', 'read', 'channel', 'acked', 'current']), 'UTC');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(5);
    expect(csv).toContain('he.jing@x.example');
  });

  it('the homepage: urgent banner until acknowledged, pinned, newest unread first', async () => {
    const { deps } = testDeps(t.db);
    const later = new Date(Date.now() + 86400_000);
    const urgent = await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '停电', urgency: 'urgent', ackRequired: true, audience: { everyone: true } }), 'send', { deps });
    const pinned = await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '置顶', pinnedUntil: later, audience: { everyone: true } }), 'send', { deps });
    const home = await getHome(t.db, org.viewers.itWorker);
    expect(home.urgent.map((i) => i.id)).toContain(urgent.id);
    expect(home.pinned.map((i) => i.id)).toContain(pinned.id);
    expect(home.latest.every((i) => !i.read)).toBe(true);
    await acknowledge(t.db, org.viewers.itWorker, urgent.id);
    const home2 = await getHome(t.db, org.viewers.itWorker);
    expect(home2.urgent.map((i) => i.id)).not.toContain(urgent.id);
    expect(home2.latest.at(-1)?.id).toBe(urgent.id); // read items after unread ones
    // Partners are never in "everyone".
    const partner = await getHome(t.db, org.viewers.hengtongMember);
    expect(partner.latest.map((i) => i.id)).not.toContain(urgent.id);
  });

  it('bad input: each problem is a field error, nothing is stored', async () => {
    const { deps } = testDeps(t.db);
    const before = await t.db.selectFrom('announcement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const past = new Date(Date.now() - 3600_000);
    const soon = new Date(Date.now() + 3600_000);
    const later = new Date(Date.now() + 7200_000);
    const cases: [ComposePatch, string, string][] = [
      [{ publishAt: past, audience: production() }, 'publishAt', 'announcements.errors.publishAtPast'],
      [{ pinnedUntil: later, expiresAt: soon, audience: production() }, 'pinnedUntil', 'announcements.errors.pinAfterExpiry'],
      [{ audience: {} }, 'audience', 'announcements.errors.audienceEmpty'],
      [{ audience: { peopleEmails: ['nobody@x.example'] } }, 'people', 'announcements.errors.peopleUnknown'],
      [{ audience: { partnerOrgs: [org.partners.hualian], units: [] , peopleEmails: ['zhao.min@x.example'] } }, 'people', 'announcements.errors.peopleUnknown'],
    ];
    for (const [patch, field, key] of cases) {
      await expect(saveAnnouncement(t.db, org.viewers.comms, composeInput(patch), 'send', { deps })).rejects.toMatchObject({ code: 'INVALID', details: { fieldErrors: { [field]: { key } } } });
    }
    // An audience that resolves to nobody: a unit whose only member is deactivated.
    const { insertUnit, insertPerson } = await import('@/db/seed/factories');
    const empty = await insertUnit(t.db, { name: '空部门', parentId: org.units.hq });
    await insertPerson(t.db, { unitId: empty, status: 'deactivated' });
    await expect(saveAnnouncement(t.db, org.viewers.comms, composeInput({ audience: { units: [{ unitId: empty, includeSubUnits: true }] } }), 'send', { deps }))
      .rejects.toMatchObject({ details: { fieldErrors: { audience: { key: 'announcements.errors.audienceNobody' } } } });
    const after = await t.db.selectFrom('announcement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('scheduled items publish when due; withdrawn ones leave the lists', async () => {
    const now = Date.now();
    const { deps } = testDeps(t.db, { now: () => new Date(now) });
    const r = await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '定时', publishAt: new Date(now + 600_000), audience: production() }), 'send', { deps });
    expect(r.status).toBe('scheduled');
    expect(await getAnnouncement(t.db, org.viewers.worker1, r.id).catch((e) => e.code)).toBe('NOT_FOUND');
    const { deps: later } = testDeps(t.db, { now: () => new Date(now + 601_000) });
    expect(await publishDue(t.db, later)).toBe(1);
    expect((await getAnnouncement(t.db, org.viewers.worker1, r.id)).status).toBe('published');
    await expect(withdrawAnnouncement(t.db, org.viewers.worker1, { id: r.id, reason: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await withdrawAnnouncement(t.db, org.viewers.comms, { id: r.id, reason: '发错了' });
    expect(await getAnnouncement(t.db, org.viewers.worker1, r.id).catch((e) => e.code)).toBe('NOT_FOUND');
    const list = await listAnnouncements(t.db, org.viewers.worker1, {});
    expect(list.items.map((i) => i.id)).not.toContain(r.id);
    const audit = await t.db.selectFrom('audit_log').select('action').where('target_id', '=', r.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['announcement.create', 'announcement.schedule', 'announcement.withdraw']));
  });
});

describe('reminders and escalation', () => {
  it('"remind those who have not read": outstanding only, once an hour, a retried job sends nothing twice', async () => {
    const { deps, runJobs } = testDeps(t.db);
    const r = await saveAnnouncement(t.db, org.viewers.prodHead, composeInput({ title: '提醒测试', audience: production() }), 'send', { deps });
    await runJobs();
    await markRead(t.db, org.viewers.worker1, r.id);
    await markRead(t.db, org.viewers.prodHead, r.id);
    const rd = testDeps(t.db);
    await expect(remindOutstanding(t.db, org.viewers.worker1, r.id, { deps: rd.deps })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const first = await remindOutstanding(t.db, org.viewers.prodHead, r.id, { deps: rd.deps });
    expect(first.outstanding).toBe(2);
    await expect(remindOutstanding(t.db, org.viewers.comms, r.id, { deps: rd.deps })).rejects.toMatchObject({ code: 'RATE_LIMITED', messageKey: 'announcements.errors.remindTooSoon' });
    const queued = [...rd.jobs];
    expect(queued).toHaveLength(1);
    await rd.runJobs();
    rd.jobs.push(...queued, ...queued);
    await rd.runJobs();
    expect(rd.sent.map((m) => m.to).sort()).toEqual(['he.jing@x.example', 'team2@x.example']);
    expect(await outbox(`announcement:${r.id}:`).then((m) => m.filter((x) => x.idempotency_key.includes(':remind:')).length)).toBe(2);
    // An hour later it may be sent again.
    const hourLater = testDeps(t.db, { now: () => new Date(Date.now() + 3601_000) });
    await expect(remindOutstanding(t.db, org.viewers.comms, r.id, { deps: hourLater.deps })).resolves.toMatchObject({ outstanding: 2 });
  });

  it('escalates: deadline missed → reminder; later → unit heads get lists; every step logged', async () => {
    const now = Date.now();
    const { deps, runJobs } = testDeps(t.db, { now: () => new Date(now) });
    const r = await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '升级测试', targetReach: 0.9, reachDeadline: new Date(now + 3600_000), audience: { units: [{ unitId: org.units.east, includeSubUnits: true }] } }), 'send', { deps });
    await runJobs();
    await markRead(t.db, org.viewers.worker1, r.id);
    // Before the deadline: nothing.
    const early = testDeps(t.db, { now: () => new Date(now + 1000) });
    expect(await escalate(t.db, early.deps)).toEqual({ reminded: 0, headsNotified: 0, met: 0 });
    // Step 1 at the deadline.
    const s1 = testDeps(t.db, { now: () => new Date(now + 3601_000) });
    expect(await escalate(t.db, s1.deps)).toMatchObject({ reminded: 1 });
    expect(await escalate(t.db, s1.deps)).toMatchObject({ reminded: 0 }); // once
    await s1.runJobs();
    expect(s1.sent).toHaveLength(5); // six recipients, one has read
    // Step 2 after the second interval: heads get lists of their people still outstanding.
    const s2 = testDeps(t.db, { now: () => new Date(now + 3601_000 + ESCALATION_HEADS_AFTER_MS + 1000) });
    expect(await escalate(t.db, s2.deps)).toMatchObject({ headsNotified: 1 });
    const queued = [...s2.jobs];
    await s2.runJobs();
    s2.jobs.push(...queued);
    await s2.runJobs(); // retried: nothing twice
    const byTo = Object.fromEntries(s2.sent.map((m) => [m.to, m.text]));
    // Production's head hears about his three workers; East's head about the Production head and the warehouse worker.
    expect(Object.keys(byTo).sort()).toEqual(['east.head@x.example', 'zhang.wei@x.example']);
    expect(byTo['zhang.wei@x.example']).toContain('何静');
    expect(byTo['zhang.wei@x.example']).not.toContain('刘洋');
    expect(byTo['east.head@x.example']).toContain('张伟');
    expect(byTo['east.head@x.example']).toContain('仓库员工');
    expect(s2.sent).toHaveLength(2);
    const events = await t.db.selectFrom('announcement_event').select('kind').where('announcement_id', '=', r.id).orderBy('id').execute();
    expect(events.map((e) => e.kind)).toEqual(['published', 'escalation_reminder', 'escalation_heads']);
  });

  it('a target met by the deadline ends escalation with a logged event', async () => {
    const now = Date.now();
    const { deps } = testDeps(t.db, { now: () => new Date(now) });
    const r = await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '达标', targetReach: 0.5, reachDeadline: new Date(now + 60_000), audience: { peopleEmails: ['liu.yang@x.example', 'he.jing@x.example'] } }), 'send', { deps });
    await markRead(t.db, org.viewers.worker1, r.id);
    const s = testDeps(t.db, { now: () => new Date(now + 61_000) });
    expect(await escalate(t.db, s.deps)).toMatchObject({ met: 1 });
    expect(s.jobs).toHaveLength(0);
  });
});

describe('emergency plans', () => {
  it('trigger → urgent item published at once and mailed; roll call; re-notify outstanding; close; audited', async () => {
    const plan = await savePlan(t.db, org.viewers.comms, {
      name: '设备故障', title: '设备故障通知', body: '## 情况\n\n{{details}}\n\n时间：{{time}}', units: [org.units.production, org.units.warehouse], includeSubUnits: 'on', ackRequired: 'on', renotifyMinutes: '10',
    });
    await expect(savePlan(t.db, org.viewers.prodHead, { name: 'x', title: 'x', body: 'x', everyone: 'on', renotifyMinutes: '5' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(triggerPlan(t.db, org.viewers.worker1, { planId: plan.id, details: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(triggerPlan(t.db, org.viewers.hengtongAdmin, { planId: plan.id, details: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(triggerPlan(t.db, org.viewers.comms, { planId: plan.id, details: '  ' })).rejects.toMatchObject({ details: { fieldErrors: { details: { key: 'announcements.errors.detailsEmpty' } } } });

    const now = Date.now();
    const { deps, sent, runJobs } = testDeps(t.db, { now: () => new Date(now) });
    const act = await triggerPlan(t.db, org.viewers.comms, { planId: plan.id, details: '2号线冲压机停机' }, { deps });
    expect(act.audienceSize).toBe(5);
    await runJobs();
    expect(sent).toHaveLength(5);
    expect(sent[0].subject).toMatch(/^(【紧急】|\[Urgent\])/);
    expect(sent[0].subject).not.toMatch(/紧急.*紧急|Urgent.*Urgent/);
    const detail = await getAnnouncement(t.db, org.viewers.worker1, act.announcementId);
    expect(detail).toMatchObject({ urgency: 'urgent', status: 'published', ackRequired: true });
    expect(detail.bodyHtml).toContain('2号线冲压机停机');

    await acknowledge(t.db, org.viewers.worker1, act.announcementId, 'board');
    const board = await getRollCall(t.db, org.viewers.comms, act.activationId);
    expect(board.totals).toMatchObject({ size: 5, acknowledged: 1, outstanding: 4 });
    expect(board.people.find((p) => p.personId === org.ids.worker1)?.acknowledged).toBe(true);
    await expect(getRollCall(t.db, org.viewers.worker1, act.activationId)).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // Re-notify outstanding people after the interval, not before.
    const early = testDeps(t.db, { now: () => new Date(now + 5 * 60_000) });
    expect(await renotifyDueEmergencies(t.db, early.deps)).toBe(0);
    const due = testDeps(t.db, { now: () => new Date(now + 10 * 60_000 + 1000) });
    expect(await renotifyDueEmergencies(t.db, due.deps)).toBe(1);
    expect(await renotifyDueEmergencies(t.db, due.deps)).toBe(0);
    await due.runJobs();
    expect(due.sent).toHaveLength(4);
    expect(due.sent.map((m) => m.to)).not.toContain('liu.yang@x.example');

    await closeActivation(t.db, org.viewers.comms, act.activationId);
    await expect(closeActivation(t.db, org.viewers.comms, act.activationId)).rejects.toMatchObject({ code: 'CONFLICT' });
    const afterClose = testDeps(t.db, { now: () => new Date(now + 60 * 60_000) });
    expect(await renotifyDueEmergencies(t.db, afterClose.deps)).toBe(0);
    const audit = await t.db.selectFrom('audit_log').select('action').where('target_id', '=', act.activationId).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['emergency.close', 'emergency.trigger']);
  });
});

describe('late joiners', () => {
  it('someone who joins the audience after publishing sees the item and their read is recorded', async () => {
    const { deps } = testDeps(t.db);
    const r = await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '新人', audience: { units: [{ unitId: org.units.warehouse, includeSubUnits: true }] } }), 'send', { deps });
    const { insertPerson } = await import('@/db/seed/factories');
    const { loadViewer } = await import('@/lib/authz/load-viewer');
    const newcomer = (await loadViewer(t.db, await insertPerson(t.db, { unitId: org.units.warehouse })))!;
    const list = await listAnnouncements(t.db, newcomer, {});
    expect(list.items.map((i) => i.id)).toContain(r.id);
    await markRead(t.db, newcomer, r.id, 'mail');
    const reach = await getReach(t.db, org.viewers.comms, r.id);
    expect(reach.opened).toBe(1);
    expect(reach.audienceSize).toBe(2);
  });
});
