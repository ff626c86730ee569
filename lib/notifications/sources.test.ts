import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { savePlan, triggerPlan } from '@/lib/emergency/mutations';
import { decideApproval, saveAnnouncement, withdrawAnnouncement } from '@/lib/announcements/mutations';
import { buildOrg, composeInput, testDeps, type Org } from '@/lib/announcements/testing';
import { publishDue } from '@/lib/announcements/jobs';
import { saveOwnPreferences } from './preferences';
import { countUnread, listNotifications } from './queries';

let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

const production = () => ({ units: [{ unitId: org.units.production, includeSubUnits: true }] });

describe('announcements as the first source of notifications', () => {
  it('publishing notifies the audience (not the author, never partners outside it); withdrawing makes it disappear', async () => {
    const { deps } = testDeps(t.db);
    const before = await countUnread(t.db, org.viewers.worker1);
    const r = await saveAnnouncement(t.db, org.viewers.prodHead, composeInput({ title: '停电通知', audience: production() }), 'send', { deps });
    expect(await countUnread(t.db, org.viewers.worker1)).toBe(before + 1);
    const list = await listNotifications(t.db, org.viewers.worker1);
    expect(list.items[0]).toMatchObject({ kind: 'announcement.published', title: '停电通知', link: `/announcements/${r.id}`, message: { key: 'notifications.messages.published' } });
    expect((await listNotifications(t.db, org.viewers.prodHead)).items.some((i) => i.link.endsWith(r.id))).toBe(false);
    expect((await listNotifications(t.db, org.viewers.hengtongMember)).items).toEqual([]);
    expect((await listNotifications(t.db, org.viewers.worker1, { kind: 'emergency.triggered' })).items.some((i) => i.link.endsWith(r.id))).toBe(false);

    await withdrawAnnouncement(t.db, org.viewers.comms, { id: r.id, reason: '发错了' });
    expect(await countUnread(t.db, org.viewers.worker1)).toBe(before);
    expect((await listNotifications(t.db, org.viewers.worker1)).items.some((i) => i.link.endsWith(r.id))).toBe(false);
  });

  it('acknowledgement requested, scheduled publishing, approval needed and decided', async () => {
    const now = Date.now();
    const { deps } = testDeps(t.db, { now: () => new Date(now) });
    const sched = await saveAnnouncement(t.db, org.viewers.prodHead, composeInput({ title: '明天检修', ackRequired: true, publishAt: new Date(now + 3600_000), audience: production() }), 'send', { deps });
    expect(sched.status).toBe('scheduled');
    expect((await listNotifications(t.db, org.viewers.worker2)).items.some((i) => i.link.endsWith(sched.id))).toBe(false);
    const later = testDeps(t.db, { now: () => new Date(now + 2 * 3600_000) });
    expect(await publishDue(t.db, later.deps)).toBe(1);
    expect((await listNotifications(t.db, org.viewers.worker2)).items[0]).toMatchObject({ kind: 'announcement.ack_requested', link: `/announcements/${sched.id}` });

    const sub = await saveAnnouncement(t.db, org.viewers.worker1, composeInput({ title: '团建通知', audience: { units: [{ unitId: org.units.team1, includeSubUnits: true }] } }), 'send', { deps });
    expect(sub.status).toBe('pending_approval');
    const head = await listNotifications(t.db, org.viewers.prodHead, { kind: 'announcement.approval_needed' });
    expect(head.items[0]).toMatchObject({ title: '团建通知', link: '/announcements/approvals', message: { key: 'notifications.messages.approvalNeeded', params: { author: '刘洋' } } });
    expect((await listNotifications(t.db, org.viewers.worker1b, { kind: 'announcement.approval_needed' })).items).toEqual([]);
    const ap = await t.db.selectFrom('announcement_approval').select('id').where('announcement_id', '=', sub.id).executeTakeFirstOrThrow();
    await decideApproval(t.db, org.viewers.prodHead, { approvalId: ap.id, decision: 'approve', reason: '' }, { deps });
    expect((await listNotifications(t.db, org.viewers.worker1, { kind: 'announcement.approval_decided' })).items[0]).toMatchObject({ message: { key: 'notifications.messages.approved' }, link: `/announcements/${sub.id}` });
    // Approval publishes it: team 1 gets it, the author does not.
    expect((await listNotifications(t.db, org.viewers.worker1b)).items[0]).toMatchObject({ kind: 'announcement.published', link: `/announcements/${sub.id}` });
  });

  it('an emergency notifies urgently; preferences hold back ordinary mail but never urgent or emergency mail', async () => {
    await saveOwnPreferences(t.db, org.viewers.worker2, { frequency: 'daily', hour: '8', weekday: '1', 'mode.announcement.published': 'in_app', 'mode.announcement.ack_requested': 'digest', 'mode.announcement.approval_needed': 'immediate', 'mode.announcement.approval_decided': 'immediate' });
    const { deps, sent, runJobs } = testDeps(t.db);
    await saveAnnouncement(t.db, org.viewers.prodHead, composeInput({ title: '普通通知', audience: production() }), 'send', { deps });
    await runJobs();
    expect(sent.map((m) => m.to)).not.toContain('team2@x.example');
    expect(sent.map((m) => m.to)).toContain('liu.yang@x.example');
    sent.length = 0;
    await saveAnnouncement(t.db, org.viewers.prodHead, composeInput({ title: '紧急通知', urgency: 'urgent', audience: production() }), 'send', { deps });
    await runJobs();
    expect(sent.map((m) => m.to)).toContain('team2@x.example');

    const plan = await savePlan(t.db, org.viewers.comms, { name: '火警', title: '火警通知', body: '{{details}}', units: [org.units.production], includeSubUnits: 'on', renotifyMinutes: '10' });
    sent.length = 0;
    await triggerPlan(t.db, org.viewers.comms, { planId: plan.id, details: '3号楼' }, { deps });
    await runJobs();
    expect(sent.map((m) => m.to)).toContain('team2@x.example');
    const n = (await listNotifications(t.db, org.viewers.worker2, { kind: 'emergency.triggered' })).items[0];
    expect(n).toMatchObject({ urgent: true, message: { key: 'notifications.messages.emergency', params: { plan: '火警' } } });
  });
});
