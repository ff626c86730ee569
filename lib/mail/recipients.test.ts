import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { escalate } from '@/lib/announcements/jobs';
import { editAnnouncement, remindOutstanding, saveAnnouncement } from '@/lib/announcements/mutations';
import { buildOrg, composeInput, testDeps, type Org } from '@/lib/announcements/testing';
import { renotifyDueEmergencies, savePlan, triggerPlan } from '@/lib/emergency/mutations';
import { updatePartnerOrg } from '@/lib/partners/mutations';
import type { MailTransport } from './transport';
import { mayReceiveMail } from './recipients';
import { sendMail } from './send';

/**
 * Nothing reaches a member of a suspended partner organisation: not the reminders,
 * re-acknowledgements, escalations and emergency re-notifications of items they received while
 * the organisation was active, and no mail sent any other way (the mail layer refuses them).
 */
let t: TestDb;
let org: Org;
const hengtong = ['chen.gang@hengtong.example', 'zhou.li@hengtong.example'];

beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

const suspend = (partnerOrgId: string, name: string, status: 'active' | 'suspended') =>
  updatePartnerOrg(t.db, org.viewers.admin, { partnerOrgId, name, nameEn: null, type: 'supplier', status } as never);

describe('mail to members of a suspended partner organisation', () => {
  it('reminders, re-acknowledgement, escalation and emergency re-notification skip them', async () => {
    const now = Date.now();
    const first = testDeps(t.db, { now: () => new Date(now) });
    const audience = { partnerOrgs: [org.partners.hengtong], peopleEmails: ['liu.yang@x.example'] };
    const item = await saveAnnouncement(
      t.db, org.viewers.comms,
      composeInput({ title: '供应商通知', ackRequired: true, targetReach: 1, reachDeadline: new Date(now + 60_000), audience }),
      'send', { deps: first.deps },
    );
    const plan = await savePlan(t.db, org.viewers.comms, { name: '停线', title: '停线通知', body: '{{details}}', partnerOrgs: [org.partners.hengtong], people: 'liu.yang@x.example', renotifyMinutes: '5', ackRequired: 'on' });
    const act = await triggerPlan(t.db, org.viewers.comms, { planId: plan.id, details: '2号线' }, { deps: first.deps });
    await first.runJobs();
    // While the organisation is active its people are mailed like everyone else.
    expect(first.sent.filter((m) => hengtong.includes(m.to))).toHaveLength(4);

    await suspend(org.partners.hengtong, '恒通精密零件', 'suspended');

    const later = testDeps(t.db, { now: () => new Date(now + 11 * 60_000) });
    await remindOutstanding(t.db, org.viewers.comms, item.id, { deps: later.deps });
    await editAnnouncement(t.db, org.viewers.comms, { id: item.id, title: '供应商通知（更新）', body: '新的内容', material: 'on' }, { deps: later.deps });
    expect(await escalate(t.db, later.deps)).toMatchObject({ reminded: 1 });
    expect(await renotifyDueEmergencies(t.db, later.deps)).toBe(1);
    await later.runJobs();
    expect(later.jobs).toHaveLength(0); // every queued job ran
    // The employee got each round; the suspended organisation's people got nothing.
    expect(later.sent.filter((m) => m.to === 'liu.yang@x.example')).toHaveLength(4);
    expect(later.sent.filter((m) => hengtong.includes(m.to))).toEqual([]);
    const outbox = await t.db.selectFrom('mail_outbox').select('idempotency_key').where('to_email', 'in', hengtong).execute();
    expect(outbox.map((o) => o.idempotency_key).filter((k) => /:(remind|reack|escalate|renotify):/.test(k))).toEqual([]);
    expect(act.audienceSize).toBe(3);

    // Reactivated: mail flows again.
    await suspend(org.partners.hengtong, '恒通精密零件', 'active');
    expect(await mayReceiveMail(t.db, { email: hengtong[1], personId: org.ids.hengtongMember })).toBe(true);
  });

  it('the mail layer itself refuses them, by person id or by address, and records nothing', async () => {
    const sent: string[] = [];
    const transport: MailTransport = { name: 'outbox', deliver: async (m) => { sent.push(m.to); return { ok: true, providerMessageId: null }; } };
    await suspend(org.partners.hualian, '华联商贸', 'suspended');
    const mail = (to: { email: string; personId?: string | null }, key: string) =>
      sendMail(t.db, { to: { ...to, locale: 'zh-CN' }, template: 'notice', props: { heading: 't', paragraphs: ['b'] }, idempotencyKey: key }, transport);

    expect(await mail({ email: 'wu.fang@hualian.example', personId: org.ids.hualianMember }, 'x:1')).toEqual({ id: null, status: 'suppressed', duplicate: false });
    expect(await mail({ email: 'WU.FANG@hualian.example' }, 'x:2')).toMatchObject({ status: 'suppressed' });
    // Deactivated people are not mailed either.
    expect(await mail({ email: 'zhao.min@x.example', personId: org.ids.deactivated }, 'x:3')).toMatchObject({ status: 'suppressed' });
    expect(sent).toEqual([]);
    expect(await t.db.selectFrom('mail_outbox').select('id').where('idempotency_key', 'in', ['x:1', 'x:2', 'x:3']).execute()).toEqual([]);

    // Employees and partners of active organisations are mailed as before.
    expect(await mail({ email: 'liu.yang@x.example', personId: org.ids.worker1 }, 'x:4')).toMatchObject({ status: 'sent' });
    expect(sent).toEqual(['liu.yang@x.example']);
  });
});
