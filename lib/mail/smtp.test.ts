import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { saveAnnouncement } from '@/lib/announcements/mutations';
import { buildOrg, composeInput, testDeps, type Org } from '@/lib/announcements/testing';
import { runDigests } from '@/lib/notifications/digest';
import type { BatchTransport } from '@/lib/notifications/digest-send';
import { sendMail } from './send';
import { createSmtp, messageIdFor } from './smtp';

/**
 * A real SMTP server in the test process (smtp-server, from the nodemailer project): it records
 * every message it accepts and can answer 451 (temporary) or 550 (permanent) to chosen recipients.
 */
type Received = { to: string; messageId: string; raw: string };
async function startSmtp(opts: { temporary?: (to: string) => boolean; permanent?: (to: string) => boolean } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (opts.permanent?.(address.address)) return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      if (opts.temporary?.(address.address)) return cb(Object.assign(new Error('try again later'), { responseCode: 451 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const messageId = /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? '';
        for (const r of session.envelope.rcptTo) received.push({ to: r.address, messageId, raw });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const noSleep = { sleep: async () => {} };
let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

describe('SMTP transport', () => {
  it('single mails: delivered once under their idempotency key, Message-ID from the key; 5xx fails with the reason', async () => {
    const srv = await startSmtp({ permanent: (to) => to.startsWith('gone@') });
    const smtp = createSmtp(srv.url, { requireTLS: false });
    const props = { heading: '测试', paragraphs: ['你好'] };
    const input = { to: { email: 'a@x.example', locale: 'zh-CN' }, template: 'notice' as const, props, idempotencyKey: 'smtp-k1' };
    const r1 = await sendMail(t.db, input, smtp.single);
    const r2 = await sendMail(t.db, input, smtp.single);
    expect(r1).toMatchObject({ status: 'sent', duplicate: false });
    expect(r2).toMatchObject({ status: 'sent', duplicate: true });
    expect(srv.received.filter((m) => m.to === 'a@x.example')).toHaveLength(1);
    expect(srv.received[0].messageId).toBe(messageIdFor('smtp-k1'));
    expect(srv.received[0].raw).toContain('Subject:');
    const row = await t.db.selectFrom('mail_outbox').select(['status', 'transport', 'provider_message_id']).where('idempotency_key', '=', 'smtp-k1').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'sent', transport: 'smtp', provider_message_id: messageIdFor('smtp-k1') });

    await expect(sendMail(t.db, { ...input, to: { email: 'gone@x.example', locale: 'en' }, idempotencyKey: 'smtp-k2' }, smtp.single)).rejects.toThrow();
    const failed = await t.db.selectFrom('mail_outbox').select(['status', 'error']).where('idempotency_key', '=', 'smtp-k2').executeTakeFirstOrThrow();
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/SMTP 550/);
    smtp.close();
    await srv.close();
  });

  it('digests over SMTP: exactly once per person across killed runs and temporary failures; permanent failures stay visible', async () => {
    const unit = org.units.warehouse;
    await sql`insert into person (kind, email, name, unit_id, origin)
      select 'employee', 'smtp' || g || '@x.example', '员工' || g, ${unit}::uuid, 'seed' from generate_series(1, 120) g`.execute(t.db);
    const now = new Date('2026-12-01T00:00:00Z'); // Tuesday 08:00 Shanghai
    const { deps } = testDeps(t.db, { now: () => new Date(now.getTime() - 600_000) });
    await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '仓库盘点', audience: { units: [{ unitId: unit, includeSubUnits: true }] } }), 'send', { deps });

    // Every 7th recipient is refused once with 451 (temporary); smtp13 is refused for good (550).
    const refusedOnce = new Set<string>();
    const srv = await startSmtp({
      permanent: (to) => to === 'smtp13@x.example',
      temporary: (to) => {
        const n = Number(/^smtp(\d+)@/.exec(to)?.[1] ?? 0);
        if (n % 7 !== 0 || refusedOnce.has(to)) return false;
        refusedOnce.add(to);
        return true;
      },
    });
    const smtp = createSmtp(srv.url, { requireTLS: false });
    const real = smtp.batch;
    let batches = 0;
    // Killed after the server accepted the first batch, before it was marked sent.
    const dying: BatchTransport = {
      name: 'smtp',
      async sendBatch(mails, key) {
        const r = await real.sendBatch(mails, key);
        if (++batches === 1) throw new Error('killed');
        return r;
      },
    };
    await expect(runDigests(t.db, { now, transport: dying, retry: noSleep, batchSize: 50 })).rejects.toThrow('killed');
    // A real kill loses the process: a new one (new pool, nothing remembered) takes over.
    smtp.close();
    const smtp2 = createSmtp(srv.url, { requireTLS: false });
    const real2 = smtp2.batch;
    let recorded = 0;
    await expect(runDigests(t.db, { now, transport: real2, retry: noSleep, batchSize: 50, beforeSend: () => { if (++recorded === 1) throw new Error('killed'); } })).rejects.toThrow('killed');
    await runDigests(t.db, { now, transport: real2, retry: noSleep, batchSize: 50 });
    await runDigests(t.db, { now, transport: real2, retry: noSleep, batchSize: 50 });

    const bulk = srv.received.filter((m) => m.to.startsWith('smtp'));
    const perPerson = new Map<string, Set<string>>();
    const copies = new Map<string, number>();
    for (const m of bulk) {
      perPerson.set(m.to, (perPerson.get(m.to) ?? new Set()).add(m.messageId));
      copies.set(m.to, (copies.get(m.to) ?? 0) + 1);
    }
    expect(perPerson.size).toBe(119); // everyone but the refused address
    // One message per person: SMTP has no idempotency keys, so the batch whose acceptance the
    // killed process never recorded went again — as the same message (same Message-ID).
    expect([...perPerson.values()].every((ids) => ids.size === 1)).toBe(true);
    const twice = [...copies.values()].filter((c) => c === 2).length;
    expect([...copies.values()].every((c) => c <= 2)).toBe(true);
    expect(twice).toBeLessThanOrEqual(50); // only the batch killed after the server accepted it
    expect(refusedOnce.size).toBeGreaterThan(5);
    // Each Message-ID is the one of that person's digest key.
    const person = await t.db.selectFrom('person').select(['id', 'email']).where('email', '=', 'smtp7@x.example').executeTakeFirstOrThrow();
    expect(bulk.find((m) => m.to === 'smtp7@x.example')?.messageId).toBe(messageIdFor(`digest:${person.id}:2026-12-01`));
    const refused = await t.db.selectFrom('mail_outbox').select(['status', 'error']).where('to_email', '=', 'smtp13@x.example').executeTakeFirstOrThrow();
    expect(refused).toMatchObject({ status: 'failed' });
    expect(refused.error).toMatch(/SMTP 550/);
    const sent = await t.db.selectFrom('notification_digest as d').innerJoin('person as p', 'p.id', 'd.person_id').select(['d.status']).where('p.email', 'like', 'smtp%').execute();
    expect(sent.filter((d) => d.status === 'sent')).toHaveLength(119);
    expect(sent.filter((d) => d.status === 'failed')).toHaveLength(1);
    smtp2.close();
    await srv.close();
  });
});
