import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { markRead, saveAnnouncement } from '@/lib/announcements/mutations';
import { buildOrg, composeInput, testDeps, type Org } from '@/lib/announcements/testing';
import { insertPerson, insertUnit } from '@/db/seed/factories';
import { createAudience } from '@/lib/audience/queries';
import { loadViewer } from '@/lib/authz/load-viewer';
import { findDueBatch, runDigests } from './digest';
import { outboxBatchTransport, resendBatchTransport, sendBatchWithRetry, type BatchMail, type BatchTransport } from './digest-send';
import { startFakeResend } from './fake-resend';
import { notify } from './producer';
import { digestRetryAbilities, retryDigestMail } from './digest-retry';
import { saveOwnPreferences, unsubscribeDigest } from './preferences';
import { digestUnsubscribeToken, signUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token';

let t: TestDb;
let org: Org;
// Monday 30 November 2026, 08:00 in Shanghai (the default time zone).
const MONDAY_8_SHANGHAI = new Date('2026-11-30T00:00:00Z');
const noSleep = { sleep: async () => {} };

beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

const prefs = (over: Record<string, string> = {}) => ({ sections: ['announcements.mustRead', 'announcements.unread'], frequency: 'daily', hour: '8', weekday: '1', skipWeekends: 'on', 'mode.announcement.published': 'immediate', 'mode.announcement.ack_requested': 'immediate', 'mode.announcement.approval_needed': 'immediate', 'mode.announcement.approval_decided': 'immediate', ...over });
const digestOf = (personId: string) => t.db.selectFrom('notification_digest as d').leftJoin('mail_outbox as o', 'o.id', 'd.outbox_id')
  .select(['d.status', 'd.period', 'd.items', 'o.subject', 'o.html', 'o.text', 'o.idempotency_key']).where('d.person_id', '=', personId).orderBy('d.id', 'desc').execute();

describe('the e-mail digest', () => {
  it('per role: must-read first, unread announcements, links; partners never see internal items; read items left out; nothing new → no mail', async () => {
    const { deps } = testDeps(t.db, { now: () => new Date(MONDAY_8_SHANGHAI.getTime() - 3600_000) });
    const internal = await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '内部：生产计划调整', audience: { units: [{ unitId: org.units.production, includeSubUnits: true }] } }), 'send', { deps });
    const mustRead = await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '安全规程更新', ackRequired: true, audience: { units: [{ unitId: org.units.production, includeSubUnits: true }] } }), 'send', { deps });
    const shared = await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '供应商交货通知', audience: { partnerOrgs: [org.partners.hengtong], units: [{ unitId: org.units.production, includeSubUnits: true }] } }), 'send', { deps });
    // Partners get a weekly digest by default: this one asks for a daily one at 08:00.
    await saveOwnPreferences(t.db, org.viewers.hengtongMember, prefs());
    await markRead(t.db, org.viewers.worker1b, internal.id);

    const r = await runDigests(t.db, { now: MONDAY_8_SHANGHAI, transport: outboxBatchTransport });
    expect(r.mailed).toBeGreaterThanOrEqual(4);

    const [w1] = await digestOf(org.ids.worker1);
    expect(w1).toMatchObject({ status: 'sent', period: '2026-11-30', items: 3, idempotency_key: `digest:${org.ids.worker1}:2026-11-30` });
    // worker1 reads English.
    expect(w1.subject).toBe('Your Plaza digest for 2026-11-30: 3 new');
    const text = w1.text!;
    expect(text.indexOf('MUST READ')).toBeGreaterThan(0);
    expect(text.indexOf('MUST READ')).toBeLessThan(text.indexOf('UNREAD ANNOUNCEMENTS'));
    expect(text.indexOf('安全规程更新')).toBeLessThan(text.indexOf('内部：生产计划调整'));
    expect(w1.html).toContain(`/announcements/${mustRead.id}`);
    expect(w1.html).toContain('/unsubscribe?token=');
    expect(w1.html).toContain('/profile/notifications');

    const [w1b] = await digestOf(org.ids.worker1b);
    expect(w1b.text).not.toContain('内部：生产计划调整'); // read in the app
    expect(w1b.text).toContain('安全规程更新');
    expect(w1b.subject).toContain('每日摘要');

    const [partner] = await digestOf(org.ids.hengtongMember);
    expect(partner.text).toContain('供应商交货通知');
    expect(partner.text).not.toContain('内部');
    expect(partner.text).not.toContain('安全规程');
    expect(partner.html).toContain(`/announcements/${shared.id}`);
    // Partners of another organisation: nothing addressed to them, nothing sent.
    expect((await digestOf(org.ids.hualianMember))).toEqual([]);

    const [it1] = await digestOf(org.ids.itWorker);
    expect(it1).toMatchObject({ status: 'empty', items: 0, subject: null });

    // A second run in the same hour sends nothing again.
    const again = await runDigests(t.db, { now: new Date(MONDAY_8_SHANGHAI.getTime() + 15 * 60_000), transport: outboxBatchTransport });
    expect(again).toMatchObject({ mailed: 0, considered: 0 });
  });

  it('scheduling: own time zone, weekends skipped or not, weekly day, off', async () => {
    const ny = await insertPerson(t.db, { email: 'ny@x.example', name: 'NY', unitId: org.units.production });
    await t.db.updateTable('person').set({ timezone: 'America/New_York' }).where('id', '=', ny).execute();
    const weekender = await insertPerson(t.db, { email: 'weekend@x.example', name: '周末', unitId: org.units.production });
    const weekly = await insertPerson(t.db, { email: 'weekly@x.example', name: '每周', unitId: org.units.production });
    const off = await insertPerson(t.db, { email: 'off@x.example', name: '关闭', unitId: org.units.production });
    await saveOwnPreferences(t.db, await loadViewer(t.db, weekender), prefs({ skipWeekends: '' }));
    await saveOwnPreferences(t.db, await loadViewer(t.db, weekly), prefs({ frequency: 'weekly', weekday: '6', skipWeekends: '' }));
    await saveOwnPreferences(t.db, await loadViewer(t.db, off), prefs({ frequency: 'off' }));
    const due = async (at: string) => {
      return new Set((await findDueBatch(t.db, new Date(at), null, 1000)).map((r) => r.id));
    };
    // Saturday 5 December 08:00 Shanghai: skip-weekend people are not due; the others are.
    const sat = await due('2026-12-05T00:00:00Z');
    expect(sat.has(weekender)).toBe(true);
    expect(sat.has(weekly)).toBe(true);
    expect(sat.has(org.ids.worker2)).toBe(false);
    expect(sat.has(ny)).toBe(false);
    expect(sat.has(off)).toBe(false);
    // Friday 4 December 08:00 Shanghai: the weekly (Saturday) person is not due.
    const fri = await due('2026-12-04T00:00:00Z');
    expect(fri.has(weekly)).toBe(false);
    expect(fri.has(org.ids.worker2)).toBe(true);
    // Friday 08:00 in New York (13:00 UTC): only New York.
    const friNy = await due('2026-12-04T13:00:00Z');
    expect(friNy.has(ny)).toBe(true);
    expect(friNy.has(org.ids.worker2)).toBe(false);
  });

  it('unsubscribe tokens: valid, tampered, expired, and the link turns the digest off', async () => {
    const secret = 'x'.repeat(40);
    const token = signUnsubscribeToken(org.ids.worker2, new Date(Date.now() + 3600_000), secret);
    expect(verifyUnsubscribeToken(token, new Date(), secret)).toEqual({ ok: true, personId: org.ids.worker2 });
    const [pid, exp, sig] = token.split('.');
    expect(verifyUnsubscribeToken(`${org.ids.worker1}.${exp}.${sig}`, new Date(), secret)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyUnsubscribeToken(`${pid}.${Number(exp) + 86400}.${sig}`, new Date(), secret)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyUnsubscribeToken(`${pid}.${exp}.${sig.slice(0, -2)}AA`, new Date(), secret)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyUnsubscribeToken(token, new Date(), 'y'.repeat(40))).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyUnsubscribeToken('garbage', new Date(), secret)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyUnsubscribeToken(token, new Date(Date.now() + 2 * 3600_000), secret)).toEqual({ ok: false, reason: 'expired' });
    const old = digestUnsubscribeToken(org.ids.worker2, new Date(Date.now() - 61 * 86_400_000), secret);
    expect(verifyUnsubscribeToken(old, new Date(), secret)).toEqual({ ok: false, reason: 'expired' });

    await unsubscribeDigest(t.db, org.ids.worker2);
    expect((await findDueBatch(t.db, new Date('2026-12-07T00:00:00Z'), null, 1000)).map((r) => r.id)).not.toContain(org.ids.worker2);
    const audit = await t.db.selectFrom('audit_log').select(['action']).where('action', '=', 'notifications.unsubscribe').execute();
    expect(audit).toHaveLength(1);
  });

  it('the batch sender honours 429 Retry-After and backs off on 5xx, with the same idempotency key', async () => {
    let n = 0;
    const fake = await startFakeResend({ rate429: 0, rate500: 0, retryAfterSeconds: 3 });
    // Deterministic: 429, 500, 500, then success.
    const script = [0.01, 0.5, 0.5, 0.99];
    const fake2 = await startFakeResend({ rate429: 0.1, rate500: 0.5, retryAfterSeconds: 3, random: () => script[n++] ?? 0.99 });
    const sleeps: number[] = [];
    const mails: BatchMail[] = Array.from({ length: 100 }, (_, i) => ({ from: 'Plaza <plaza@x.example>', to: `p${i}@x.example`, subject: 's', html: '<p>h</p>', text: 'h', headers: { 'List-Unsubscribe': '<http://x/unsubscribe/one-click?token=t>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }));
    const out = await sendBatchWithRetry(resendBatchTransport('re_test', fake2.url), mails, 'k1', { sleep: async (ms) => void sleeps.push(ms), baseDelayMs: 100 });
    expect(out).toMatchObject({ ok: true, attempts: 4 });
    expect(sleeps[0]).toBe(3000); // Retry-After
    expect(sleeps[1]).toBeGreaterThanOrEqual(100); // back-off, growing
    expect(sleeps[2]).toBeGreaterThanOrEqual(200);
    expect(fake2.stats).toMatchObject({ status429: 1, status500: 2, batchCalls: 1 });
    expect(fake2.accepted).toHaveLength(100);
    expect(fake2.accepted[0].headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    // The same batch again (a crashed run resumed): the provider answers from its key, nothing is sent twice.
    expect(await sendBatchWithRetry(resendBatchTransport('re_test', fake2.url), mails, 'k1', noSleep)).toMatchObject({ ok: true });
    expect(fake2.accepted).toHaveLength(100);
    // More than 100 is refused before any call; a 4xx is not retried.
    await expect(sendBatchWithRetry(resendBatchTransport('re_test', fake.url), [...mails, mails[0]], 'k2', noSleep)).rejects.toThrow();
    expect(await sendBatchWithRetry(resendBatchTransport('wrong', fake.url), mails, 'k3', noSleep)).toMatchObject({ ok: false, retryable: false, attempts: 1 });
    await fake.close();
    await fake2.close();
  });

  it('exactly once per person and period, even when the run is killed mid-way (before sending, and after the provider accepted)', async () => {
    const unit = org.units.warehouse;
    await sql`insert into person (kind, email, name, unit_id, origin)
      select 'employee', 'bulk' || g || '@x.example', '员工' || g, ${unit}::uuid, 'seed' from generate_series(1, 250) g`.execute(t.db);
    const now = new Date('2026-12-01T00:00:00Z'); // Tuesday 08:00 Shanghai
    const { deps } = testDeps(t.db, { now: () => new Date(now.getTime() - 600_000) });
    await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '仓库盘点', audience: { units: [{ unitId: unit, includeSubUnits: true }] } }), 'send', { deps });

    const fake = await startFakeResend({ rate429: 0.15, rate500: 0.15 });
    const real = resendBatchTransport('re_test', fake.url);
    let batches = 0;
    // Killed after the provider accepted the second batch, before it was marked sent.
    const dying: BatchTransport = {
      name: 'resend',
      async sendBatch(mails, key) {
        const r = await real.sendBatch(mails, key);
        if (r.ok && ++batches === 2) throw new Error('killed');
        return r;
      },
    };
    await expect(runDigests(t.db, { now, transport: dying, retry: noSleep })).rejects.toThrow('killed');
    // Killed again, this time after recording a batch but before sending it.
    let recorded = 0;
    await expect(runDigests(t.db, { now, transport: real, retry: noSleep, beforeSend: () => { if (++recorded === 1) throw new Error('killed'); } })).rejects.toThrow('killed');
    const r3 = await runDigests(t.db, { now, transport: real, retry: noSleep });
    expect(r3.resumed).toBeGreaterThan(0);
    await runDigests(t.db, { now, transport: real, retry: noSleep });

    const bulk = fake.accepted.filter((m) => m.to.startsWith('bulk'));
    const perPerson = new Map<string, number>();
    for (const m of bulk) perPerson.set(m.to, (perPerson.get(m.to) ?? 0) + 1);
    expect(perPerson.size).toBe(250);
    expect([...perPerson.values()].every((c) => c === 1)).toBe(true);
    expect(fake.stats.duplicateKeys).toBeGreaterThanOrEqual(1); // the resumed batch was answered from its key
    expect(fake.stats.maxBatch).toBeLessThanOrEqual(100);
    const keys = await t.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<string>().as('n')).where('idempotency_key', 'like', 'digest:%:2026-12-01').where('status', '=', 'sent').executeTakeFirstOrThrow();
    expect(Number(keys.n)).toBeGreaterThanOrEqual(250);
    const pending = await t.db.selectFrom('notification_digest').select('id').where('status', '=', 'pending').execute();
    expect(pending).toEqual([]);
    await fake.close();
  });

  it('packs batches fully: ceil(mails / 100) calls whatever share had nothing new, exactly once when killed between recording and packing', async () => {
    const unit = await insertUnit(t.db, { name: '设备维修部', parentId: org.units.east });
    await sql`insert into person (kind, email, name, unit_id, origin)
      select 'employee', 'pack' || g || '@x.example', '员工' || g, ${unit}::uuid, 'seed' from generate_series(1, 330) g`.execute(t.db);
    const now = new Date('2026-12-02T00:00:00Z'); // Wednesday 08:00 Shanghai
    const { deps } = testDeps(t.db, { now: () => new Date(now.getTime() - 600_000) });
    const a = await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '设备检修', audience: { units: [{ unitId: unit, includeSubUnits: true }] } }), 'send', { deps });
    // Every third person has read it already: their digest is empty, leaving gaps in every chunk.
    await sql`update announcement_recipient r set read_at = now() from person p
      where p.id = r.person_id and r.announcement_id = ${a.id}::uuid and p.email ~ '^pack[0-9]*[036]@'`.execute(t.db);

    const fake = await startFakeResend();
    const real = resendBatchTransport('re_test', fake.url);
    // Killed after recording the second chunk, before anything of it was packed.
    let chunks = 0;
    await expect(runDigests(t.db, { now, transport: real, retry: noSleep, afterRecord: () => { if (++chunks === 2) throw new Error('killed'); } })).rejects.toThrow('killed');
    const left = await t.db.selectFrom('notification_digest').select('id').where('status', '=', 'pending').where('batch_key', 'is', null).execute();
    expect(left.length).toBeGreaterThan(0);
    await runDigests(t.db, { now, transport: real, retry: noSleep });

    const mails = await t.db.selectFrom('notification_digest').select(['status', 'batch_key']).where('period', '=', '2026-12-02').where('status', '<>', 'empty').execute();
    expect(mails.every((m) => m.status === 'sent' && m.batch_key)).toBe(true);
    const pack = fake.accepted.filter((m) => m.to.startsWith('pack'));
    expect(new Set(pack.map((m) => m.to)).size).toBe(pack.length); // nobody twice
    expect(pack.length).toBe(330 - 99); // read already: the 99 numbers ending in 0, 3 or 6
    // Every mail of the period in ceil(M / 100) calls; every batch full but the last.
    expect(fake.stats.batchCalls).toBe(Math.ceil(mails.length / 100));
    const sizes = new Map<string, number>();
    for (const m of fake.accepted) sizes.set(m.batchKey!, (sizes.get(m.batchKey!) ?? 0) + 1);
    expect([...sizes.values()].sort((x, y) => y - x).slice(0, -1).every((n) => n === 100)).toBe(true);
    const keys = await t.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<string>().as('n')).where('idempotency_key', 'like', 'digest:%:2026-12-02').executeTakeFirstOrThrow();
    expect(Number(keys.n)).toBe(mails.length);
    await fake.close();
  });

  it('areas reach the digest through their notifications: required reading, meetings, approvals, orders — unread, still visible, not "in Plaza only"', async () => {
    const now = new Date('2026-12-03T00:00:00Z'); // Thursday 08:00 Shanghai
    const noDeliver = async () => {};
    const wh = org.ids.warehouseWorker;
    const it = org.ids.itWorker;
    // The items exist and both may see them (notifications of items they cannot see are left out: visibility.test.ts).
    const aud = await createAudience(t.db, { people: [wh, it] });
    const { rows: [space] } = await sql<{ id: string }>`insert into kb_space (name, created_by, view_audience_id) values ('安全', ${org.ids.comms}, ${aud}) returning id`.execute(t.db);
    await sql`insert into kb_article (id, space_id, title, body_md, created_by, updated_by) values
      ('11111111-1111-4111-8111-111111111111', ${space.id}, '叉车安全操作规程', '…', ${org.ids.comms}, ${org.ids.comms}),
      ('33333333-3333-4333-8333-333333333333', ${space.id}, '已读的规程', '…', ${org.ids.comms}, ${org.ids.comms})`.execute(t.db);
    await sql`insert into meeting (id, title, organiser_id, starts_at, ends_at, timezone) values ('22222222-2222-4222-8222-222222222222', '月度安全例会', ${org.ids.comms}, now(), now() + interval '1 hour', 'Asia/Shanghai')`.execute(t.db);
    await sql`insert into meeting_attendee (meeting_id, person_id) values ('22222222-2222-4222-8222-222222222222', ${wh}), ('22222222-2222-4222-8222-222222222222', ${it})`.execute(t.db);
    const kb = await notify(t.db, { kind: 'kb.required_reading', recipients: { personIds: [wh, it] }, item: { type: 'kb_article', id: '11111111-1111-4111-8111-111111111111', title: '叉车安全操作规程' },
      link: '/kb/articles/11111111-1111-4111-8111-111111111111', message: { key: 'kb.notifications.required', params: { title: '叉车安全操作规程' } }, dedupeKey: 'test:kb:1' }, noDeliver);
    await notify(t.db, { kind: 'meetings.minutes_published', recipients: { personIds: [wh, it] }, item: { type: 'meeting', id: '22222222-2222-4222-8222-222222222222', title: '月度安全例会' },
      link: '/meetings/22222222-2222-4222-8222-222222222222', message: { key: 'kb.notifications.required', params: { title: '月度安全例会' } }, dedupeKey: 'test:meeting:1' }, noDeliver);
    // Already read in the app: left out.
    await notify(t.db, { kind: 'kb.required_reading', recipients: { personIds: [wh] }, item: { type: 'kb_article', id: '33333333-3333-4333-8333-333333333333', title: '已读的规程' },
      link: '/kb/articles/33333333-3333-4333-8333-333333333333', message: { key: 'kb.notifications.required', params: { title: '已读的规程' } }, dedupeKey: 'test:kb:read' }, noDeliver);
    await sql`update notification n set created_at = ${new Date(now.getTime() - 3600_000)} where n.event_id in (select id from notification_event where dedupe_key like 'test:%')`.execute(t.db);
    await sql`update notification n set read_at = now() from notification_event e where e.id = n.event_id and e.dedupe_key = 'test:kb:read'`.execute(t.db);
    // The IT worker keeps meeting minutes in Plaza only.
    await t.db.insertInto('notification_preference').values({ person_id: it, kind_modes: JSON.stringify({ 'meetings.minutes_published': 'in_app' }) })
      .onConflict((oc) => oc.column('person_id').doUpdateSet({ kind_modes: JSON.stringify({ 'meetings.minutes_published': 'in_app' }) })).execute();
    expect(kb.added).toBe(2);

    await runDigests(t.db, { now, transport: outboxBatchTransport });
    const [whDigest] = await digestOf(wh);
    expect(whDigest.status).toBe('sent');
    expect(whDigest.text).toContain('必读知识');
    expect(whDigest.text).toContain('叉车安全操作规程');
    expect(whDigest.text).toContain('月度安全例会');
    expect(whDigest.text).not.toContain('已读的规程');
    expect(whDigest.html).toContain('/kb/articles/11111111-1111-4111-8111-111111111111');
    const [itDigest] = await digestOf(it);
    expect(itDigest.text).toContain('叉车安全操作规程');
    expect(itDigest.text).not.toContain('月度安全例会');
  });

  it('a digest the provider refused for good is shown failed with the reason; an admin sends it again, once, through the next run', async () => {
    const now = new Date('2026-12-04T00:00:00Z'); // Friday 08:00 Shanghai
    const person = await insertPerson(t.db, { email: 'refused@x.example', name: '拒收', unitId: org.units.team2 });
    const { deps } = testDeps(t.db, { now: () => new Date(now.getTime() - 600_000) });
    await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '周五通知', audience: { units: [{ unitId: org.units.team2, includeSubUnits: true }] } }), 'send', { deps });
    const fake = await startFakeResend();
    const real = resendBatchTransport('re_test', fake.url);
    // The provider refuses the batch with a 422: not retried, failed with its answer.
    const refusing: BatchTransport = { name: 'resend', sendBatch: async () => ({ ok: false, error: 'validation_error: Invalid `to` field', status: 422, retryAfterMs: null }) };
    await runDigests(t.db, { now, transport: refusing, retry: noSleep });
    const row = await t.db.selectFrom('notification_digest as d').innerJoin('mail_outbox as o', 'o.id', 'd.outbox_id').select(['o.id', 'o.status', 'o.error', 'd.status as digest']).where('d.person_id', '=', person).where('d.period', '=', '2026-12-04').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', digest: 'failed' });
    expect(row.error).toContain('Invalid `to` field');
    // A failed digest is not sent again on its own.
    await runDigests(t.db, { now: new Date(now.getTime() + 15 * 60_000), transport: real, retry: noSleep });
    expect(fake.accepted.filter((m) => m.to === 'refused@x.example')).toHaveLength(0);

    expect(await digestRetryAbilities(t.db, org.viewers.admin, row.id)).toEqual({ retry: true });
    expect(await digestRetryAbilities(t.db, org.viewers.comms, row.id)).toEqual({ retry: false });
    await expect(retryDigestMail(t.db, org.viewers.comms, { id: row.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(retryDigestMail(t.db, org.viewers.hengtongAdmin, { id: row.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(retryDigestMail(t.db, org.viewers.admin, { id: 'nope' })).rejects.toMatchObject({ code: 'INVALID' });
    await retryDigestMail(t.db, org.viewers.admin, { id: row.id });
    await expect(retryDigestMail(t.db, org.viewers.admin, { id: row.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await digestRetryAbilities(t.db, org.viewers.admin, row.id)).toEqual({ retry: false });
    await runDigests(t.db, { now: new Date(now.getTime() + 30 * 60_000), transport: real, retry: noSleep });
    await runDigests(t.db, { now: new Date(now.getTime() + 45 * 60_000), transport: real, retry: noSleep });
    expect(fake.accepted.filter((m) => m.to === 'refused@x.example')).toHaveLength(1);
    expect(await t.db.selectFrom('mail_outbox').select(['status', 'error']).where('id', '=', row.id).executeTakeFirstOrThrow()).toMatchObject({ status: 'sent', error: null });
    expect(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'mail.retry').execute()).toHaveLength(1);
    await fake.close();
  });
});
