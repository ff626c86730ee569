import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { buildOrg, type Org } from '@/lib/announcements/testing';
import { resetEnvForTests } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { forgetLiveLinks, getOutboxMail, listOutbox, OUTBOX_PAGE_SIZE, outboxAbilities } from './outbox';
import { purgeOutboxBodies } from './retention';
import { REDACTED, sendMail } from './send';
import type { MailTransport, OutgoingMail } from './transport';

/**
 * The outbox (issue 7 items 1 and 4, issue 6 retention): who may read it, sign-in tokens never at
 * rest, keyset paging, and the retention job.
 */
let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e) => (e instanceof AppError ? e.code : String(e)));
const capture = (name: 'resend' | 'outbox') => {
  const sent: OutgoingMail[] = [];
  const transport: MailTransport = { name, deliver: async (m) => (sent.push(m), { ok: true, providerMessageId: null }) };
  return { sent, transport };
};
const TOKEN = 'a3f9c1d2e4b5a6978877665544332211ffeeddccbbaa99887766554433221100';
const signInMail = (key: string, email = 'chen.gang@hengtong.example') => ({
  to: { email, personId: org.ids.hengtongAdmin, locale: 'en' },
  template: 'partner-sign-in' as const,
  props: { url: `http://localhost:3000/partner/sign-in/confirm?token=${TOKEN}&email=${encodeURIComponent(email)}`, expiresMinutes: 10 },
  idempotencyKey: key,
});

describe('who may read the outbox', () => {
  it('abilities: admins always; on the demo every signed-in active person; never anonymous', () => {
    const v = org.viewers;
    for (const demo of [false, true]) {
      expect(outboxAbilities(null, { demo }).read).toBe(false);
      expect(outboxAbilities(v.admin, { demo }).read).toBe(true);
      expect(outboxAbilities(v.deactivated, { demo }).read).toBe(false);
      for (const who of [v.worker1, v.comms, v.prodHead, v.hengtongAdmin, v.hengtongMember]) expect(outboxAbilities(who, { demo }).read).toBe(demo);
    }
    expect(outboxAbilities(v.admin, { demo: true }).demo).toBe(true);
  });

  it('lib refuses: anonymous → UNAUTHENTICATED, employee → FORBIDDEN, partner → NOT_FOUND; admin reads', async () => {
    const { id } = (await sendMail(t.db, { to: { email: 'liu.yang@x.example', locale: 'zh-CN' }, template: 'notice', props: { heading: 'h', paragraphs: ['p'] }, idempotencyKey: 'acc:1' }, capture('outbox').transport)) as { id: string };
    expect(await code(listOutbox(t.db, null, {}))).toBe('UNAUTHENTICATED');
    expect(await code(getOutboxMail(t.db, null, id))).toBe('UNAUTHENTICATED');
    expect(await code(listOutbox(t.db, org.viewers.worker1, {}))).toBe('FORBIDDEN');
    expect(await code(getOutboxMail(t.db, org.viewers.comms, id))).toBe('FORBIDDEN');
    expect(await code(listOutbox(t.db, org.viewers.hengtongMember, {}))).toBe('NOT_FOUND');
    expect(await code(listOutbox(t.db, org.viewers.admin, {}))).toBe('ok');
    expect((await getOutboxMail(t.db, org.viewers.admin, id)).can).toEqual({ read: true, demo: false });
  });

  it('the quick-start demo (PLAZA_OUTBOX_VIEWER on the embedded database) opens it to signed-in people, with the demo flag', async () => {
    process.env.PLAZA_OUTBOX_VIEWER = 'true';
    process.env.PLAZA_EMBEDDED_DB = 'true';
    resetEnvForTests();
    try {
      expect((await listOutbox(t.db, org.viewers.worker1, {})).can).toEqual({ read: true, demo: true });
      expect((await listOutbox(t.db, org.viewers.hengtongMember, {})).can.read).toBe(true);
      expect(await code(listOutbox(t.db, null, {}))).toBe('UNAUTHENTICATED');
    } finally {
      delete process.env.PLAZA_OUTBOX_VIEWER;
      delete process.env.PLAZA_EMBEDDED_DB;
      resetEnvForTests();
    }
  });
});

describe('sign-in tokens at rest (issue 7 item 4)', () => {
  it('with real delivery the partner gets the working link; the stored copy has the token redacted and no live link is kept', async () => {
    const { sent, transport } = capture('resend');
    const r = await sendMail(t.db, signInMail('signin:resend'), transport);
    expect(sent[0].text).toContain(`token=${TOKEN}`);
    expect(sent[0].html).toContain(TOKEN);
    const row = await t.db.selectFrom('mail_outbox').selectAll().where('id', '=', r.id!).executeTakeFirstOrThrow();
    expect(row.text).toContain(`token=${REDACTED}`);
    for (const col of [row.html, row.text, row.subject]) expect(col).not.toContain(TOKEN);
    expect(JSON.stringify(await t.db.selectFrom('mail_outbox').selectAll().execute())).not.toContain(TOKEN);
    expect(await t.db.selectFrom('mail_outbox_live_link').selectAll().execute()).toEqual([]);
    expect((await getOutboxMail(t.db, org.viewers.admin, r.id!)).liveLink).toBeNull();
  });

  it('with the outbox transport the viewer shows the live link while valid, and forgets it when used or expired', async () => {
    const r = await sendMail(t.db, signInMail('signin:outbox:1'), capture('outbox').transport);
    const mail = await getOutboxMail(t.db, org.viewers.admin, r.id!);
    expect(mail.text).not.toContain(TOKEN);
    expect(mail.liveLink?.url).toContain(`token=${TOKEN}`);
    expect(mail.liveLink!.expiresAt.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
    // Used (the adapter calls this when Auth.js consumes a token):
    await forgetLiveLinks(t.db, 'Chen.Gang@hengtong.example');
    expect((await getOutboxMail(t.db, org.viewers.admin, r.id!)).liveLink).toBeNull();
    // Expired: hidden at once, removed by the retention job.
    const r2 = await sendMail(t.db, signInMail('signin:outbox:2'), capture('outbox').transport);
    await t.db.updateTable('mail_outbox_live_link').set({ expires_at: new Date(Date.now() - 1000) }).where('mail_id', '=', r2.id!).execute();
    expect((await getOutboxMail(t.db, org.viewers.admin, r2.id!)).liveLink).toBeNull();
    expect((await purgeOutboxBodies(t.db, { days: 30 })).liveLinksRemoved).toBe(1);
    expect(await t.db.selectFrom('mail_outbox_live_link').selectAll().execute()).toEqual([]);
  });

  it('a failed delivery is retried with the working link, though only the redacted copy was stored', async () => {
    let fail = true;
    const sent: OutgoingMail[] = [];
    const flaky: MailTransport = { name: 'resend', deliver: async (m) => (fail ? ((fail = false), { ok: false, error: 'boom', retryable: true }) : (sent.push(m), { ok: true, providerMessageId: 'x' })) };
    await expect(sendMail(t.db, signInMail('signin:retry'), flaky)).rejects.toThrow('boom');
    await sendMail(t.db, signInMail('signin:retry'), flaky);
    expect(sent[0].text).toContain(`token=${TOKEN}`);
  });
});

describe('paging and retention', () => {
  it('pages by keyset (created_at, id) without gaps or repeats, also per recipient', async () => {
    await sql`insert into mail_outbox (idempotency_key, to_email, template, locale, subject, html, text, transport, status, created_at)
      select 'bulk:' || g, case when g % 3 = 0 then 'he.jing@x.example' else 'bulk' || g || '@x.example' end, 'notice', 'en', 'Bulk ' || g, '<p>x</p>', 'x', 'outbox', 'sent',
             timestamptz '2026-01-01' + (g / 2) * interval '1 second'
      from generate_series(1, 130) g`.execute(t.db);
    const seen: string[] = [];
    let before: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await listOutbox(t.db, org.viewers.admin, { before });
      seen.push(...page.rows.map((r) => r.id));
      expect(page.rows.length).toBeLessThanOrEqual(OUTBOX_PAGE_SIZE);
      if (!page.older) break;
      before = page.older;
    }
    const total = await t.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(Number(total.n));
    const his = await listOutbox(t.db, org.viewers.admin, { to: 'HE.JING@x.example' });
    expect(his.rows).toHaveLength(43);
    expect(his.rows.every((r) => r.toEmail === 'he.jing@x.example')).toBe(true);
    // A forged cursor is ignored (first page), never an error.
    expect((await listOutbox(t.db, org.viewers.admin, { before: 'not-a-cursor' })).firstPage).toBe(true);
  });

  it('retention empties bodies older than the window, keeps the metadata, and a second run changes nothing', async () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const old = await t.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<string>().as('n')).where('created_at', '<', new Date('2026-01-30T00:00:00Z')).executeTakeFirstOrThrow();
    const first = await purgeOutboxBodies(t.db, { days: 30, now, batchSize: 40 });
    expect(first.purged).toBe(Number(old.n));
    expect(first.batches).toBe(Math.ceil(Number(old.n) / 40));
    const purged = await t.db.selectFrom('mail_outbox').select(['subject', 'to_email', 'html', 'text', 'bodies_purged_at']).where('idempotency_key', '=', 'bulk:7').executeTakeFirstOrThrow();
    expect(purged).toMatchObject({ subject: 'Bulk 7', to_email: 'bulk7@x.example', html: null, text: null, bodies_purged_at: now });
    const again = await purgeOutboxBodies(t.db, { days: 30, now, batchSize: 40 });
    expect(again).toEqual({ purged: 0, batches: 0, liveLinksRemoved: 0 });
    // Recent mail keeps its body.
    expect((await t.db.selectFrom('mail_outbox').select('html').where('idempotency_key', '=', 'acc:1').executeTakeFirstOrThrow()).html).not.toBeNull();
    const shown = await getOutboxMail(t.db, org.viewers.admin, (await t.db.selectFrom('mail_outbox').select('id').where('idempotency_key', '=', 'bulk:7').executeTakeFirstOrThrow()).id);
    expect(shown).toMatchObject({ html: null, text: null, subject: 'Bulk 7' });
  });
});
