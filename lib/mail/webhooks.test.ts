import { createHmac, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { saveAnnouncement } from '@/lib/announcements/mutations';
import { getReach } from '@/lib/announcements/queries';
import { buildOrg, composeInput, testDeps, type Org } from '@/lib/announcements/testing';
import { findDueBatch } from '@/lib/notifications/digest';
import { liftSuppression, listSuppressions } from './suppressions';
import { handleResendWebhook, type WebhookHeaders } from './webhooks';

/** Signs like Resend (Svix / Standard Webhooks): base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`, keyed with the decoded whsec_ secret. */
function sign(secret: string, body: string, opts: { id?: string; at?: Date } = {}): WebhookHeaders {
  const id = opts.id ?? `msg_${randomBytes(8).toString('hex')}`;
  const timestamp = String(Math.floor((opts.at ?? new Date()).getTime() / 1000));
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const sig = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { id, timestamp, signature: `v1,${sig}` };
}

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const event = (type: string, emailId: string, extra: Record<string, unknown> = {}) => JSON.stringify({
  type, created_at: new Date().toISOString(),
  data: { email_id: emailId, created_at: new Date().toISOString(), from: 'Plaza <plaza@x.example>', to: ['someone@x.example'], subject: 'S', message_id: '<m@x>', ...extra },
});

let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

describe('Resend delivery webhooks', () => {
  it('refuses unsigned, wrongly signed, tampered, stale and unconfigured events — nothing changes', async () => {
    const body = event('email.bounced', 'nope', { bounce: { type: 'Permanent', subType: 'General', message: 'x' } });
    const good = sign(SECRET, body);
    const invalid = { code: 'INVALID' };
    await expect(handleResendWebhook(t.db, body, { id: null, timestamp: null, signature: null }, SECRET)).rejects.toMatchObject(invalid);
    await expect(handleResendWebhook(t.db, body, good, undefined)).rejects.toMatchObject({ code: 'INVALID', messageKey: 'notifications.webhooks.notConfigured' });
    await expect(handleResendWebhook(t.db, body, sign(`whsec_${randomBytes(24).toString('base64')}`, body), SECRET)).rejects.toMatchObject(invalid);
    await expect(handleResendWebhook(t.db, body.replace('Permanent', 'Transient'), good, SECRET)).rejects.toMatchObject(invalid);
    await expect(handleResendWebhook(t.db, body, { ...good, id: 'msg_other' }, SECRET)).rejects.toMatchObject(invalid);
    await expect(handleResendWebhook(t.db, body, sign(SECRET, body, { at: new Date(Date.now() - 10 * 60_000) }), SECRET)).rejects.toMatchObject(invalid);
    const signedGarbage = '{"type":"email.bounced"}';
    await expect(handleResendWebhook(t.db, signedGarbage, sign(SECRET, signedGarbage), SECRET)).rejects.toMatchObject({ code: 'INVALID', messageKey: 'notifications.webhooks.payload' });
    expect(await t.db.selectFrom('mail_webhook_event').select('id').execute()).toEqual([]);
    // A verified event about a mail we never sent is acknowledged and ignored.
    expect(await handleResendWebhook(t.db, body, good, SECRET)).toEqual({ applied: false, reason: 'unknown-mail' });
  });

  it('delivered / bounced / complained update the outbox once; hard bounces and complaints suppress digests, show to admins, and count as not delivered in reach', async () => {
    const { deps, runJobs } = testDeps(t.db);
    const a = await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '停电通知', audience: { units: [{ unitId: org.units.production, includeSubUnits: true }] } }), 'send', { deps });
    await runJobs();
    await sql`update mail_outbox set provider_message_id = 're-' || to_person_id::text where idempotency_key like ${`announcement:${a.id}:%`}`.execute(t.db);
    const before = await getReach(t.db, org.viewers.comms, a.id);
    expect(before.mailed).toBeGreaterThanOrEqual(3);

    const delivered = event('email.delivered', `re-${org.ids.worker1b}`);
    const h = sign(SECRET, delivered);
    expect(await handleResendWebhook(t.db, delivered, h, SECRET)).toEqual({ applied: true });
    expect(await handleResendWebhook(t.db, delivered, h, SECRET)).toEqual({ applied: false, reason: 'duplicate' }); // resent by the provider

    const hard = event('email.bounced', `re-${org.ids.worker1}`, { bounce: { type: 'Permanent', subType: 'Suppressed', message: 'mailbox does not exist' } });
    expect(await handleResendWebhook(t.db, hard, sign(SECRET, hard), SECRET)).toEqual({ applied: true });
    const soft = event('email.bounced', `re-${org.ids.worker2}`, { bounce: { type: 'Transient', subType: 'MailboxFull', message: 'full' } });
    expect(await handleResendWebhook(t.db, soft, sign(SECRET, soft), SECRET)).toEqual({ applied: true });
    const complaint = event('email.complained', `re-${org.ids.prodHead}`);
    expect(await handleResendWebhook(t.db, complaint, sign(SECRET, complaint), SECRET)).toEqual({ applied: true });
    // A late "delivered" does not hide the bounce.
    const late = event('email.delivered', `re-${org.ids.worker1}`);
    await handleResendWebhook(t.db, late, sign(SECRET, late), SECRET);

    const rows = await t.db.selectFrom('mail_outbox').select(['to_person_id', 'delivery_status', 'delivery_detail']).where('idempotency_key', 'like', `announcement:${a.id}:%`).execute();
    const of = (id: string) => rows.find((r) => r.to_person_id === id);
    expect(of(org.ids.worker1b)?.delivery_status).toBe('delivered');
    expect(of(org.ids.worker1)).toMatchObject({ delivery_status: 'bounced', delivery_detail: 'Permanent · Suppressed · mailbox does not exist' });
    expect(of(org.ids.worker2)?.delivery_status).toBe('bounced');
    expect(of(org.ids.prodHead)?.delivery_status).toBe('complained');

    // Reach: the two bounced mails reached nobody.
    expect((await getReach(t.db, org.viewers.comms, a.id)).mailed).toBe(before.mailed - 2);

    // Suppressed: the hard bounce and the complaint, not the full mailbox; listed for admins only.
    const list = await listSuppressions(t.db, org.viewers.admin);
    expect(list.rows.map((r) => [r.email, r.reason]).sort()).toEqual([['liu.yang@x.example', 'bounced'], ['zhang.wei@x.example', 'complained']]);
    await expect(listSuppressions(t.db, org.viewers.comms)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(listSuppressions(t.db, org.viewers.hengtongAdmin)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const audit = await t.db.selectFrom('audit_log').select(['action', 'target_label']).where('action', '=', 'mail.suppressed').execute();
    expect(audit.map((x) => x.target_label).sort()).toEqual(['liu.yang@x.example', 'zhang.wei@x.example']);

    // The digest job skips suppressed addresses (Monday 08:00 Shanghai: everyone else is due).
    const due = await findDueBatch(t.db, new Date('2026-11-30T00:00:00Z'), null, 100);
    const dueIds = due.map((d) => d.id);
    expect(dueIds).toContain(org.ids.worker2);
    expect(dueIds).not.toContain(org.ids.worker1);
    expect(dueIds).not.toContain(org.ids.prodHead);
  });

  it('an admin lifts a suppression with a reason (audited, when and why it was suppressed kept); others cannot; digests resume', async () => {
    const email = 'lifted@x.example';
    await t.db.insertInto('person').values({ kind: 'employee', email, name: '恢复邮箱', unit_id: org.units.team1, origin: 'seed' }).execute();
    await t.db.insertInto('mail_suppression').values({ email, reason: 'complained', detail: 'abuse' }).execute();
    const listed = (await listSuppressions(t.db, org.viewers.admin)).rows.find((r) => r.email === email)!;
    expect(listed).toMatchObject({ reason: 'complained', detail: 'abuse', personName: '恢复邮箱' });
    expect(listed.createdAt).toBeInstanceOf(Date);
    expect((await listSuppressions(t.db, org.viewers.admin)).can.lift).toBe(true);
    // Refused: not an admin, a partner, no reason, signed out.
    await expect(liftSuppression(t.db, org.viewers.comms, { email, reason: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(liftSuppression(t.db, org.viewers.hengtongAdmin, { email, reason: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(liftSuppression(t.db, null, { email, reason: 'x' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(liftSuppression(t.db, org.viewers.admin, { email, reason: '  ' })).rejects.toMatchObject({ code: 'INVALID', details: { fieldErrors: { reason: { key: 'errors.validation.required' } } } });
    const monday8 = new Date('2026-11-30T00:00:00Z');
    expect((await findDueBatch(t.db, monday8, null, 1000)).map((r) => r.email)).not.toContain(email);

    await expect(liftSuppression(t.db, org.viewers.admin, { email: ' Lifted@X.example ', reason: '邮箱已恢复' })).resolves.toEqual({ email });
    expect((await listSuppressions(t.db, org.viewers.admin)).rows.map((r) => r.email)).not.toContain(email);
    expect((await findDueBatch(t.db, monday8, null, 1000)).map((r) => r.email)).toContain(email);
    const audit = await t.db.selectFrom('audit_log').select(['actor_id', 'target_label', 'details']).where('action', '=', 'mail.suppression_lifted').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: org.ids.admin, target_label: email, details: { reason: '邮箱已恢复', suppressedFor: 'complained', detail: 'abuse' } });
    // Twice (two admins, or the form sent again): said clearly, nothing else happens.
    await expect(liftSuppression(t.db, org.viewers.admin, { email, reason: 'again' })).rejects.toMatchObject({ code: 'NOT_FOUND', messageKey: 'notifications.suppressions.alreadyLifted' });
  });
});
