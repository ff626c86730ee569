import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { MailDeliveryError, sendMail } from './send';
import { outboxTransport, resendTransport } from './transport';

/** A local HTTP endpoint speaking Resend's POST /emails, so the real SDK is exercised. */
function startFakeResend() {
  const received: { body: any; idempotencyKey: string | null; auth: string | null }[] = [];
  let failNext = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/emails') {
        res.writeHead(404).end();
        return;
      }
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'internal_server_error', message: 'boom', statusCode: 500 }));
        return;
      }
      received.push({ body: JSON.parse(raw), idempotencyKey: (req.headers['idempotency-key'] as string) ?? null, auth: req.headers.authorization ?? null });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `msg_${received.length}` }));
    });
  });
  return new Promise<{ url: string; received: typeof received; failOnce: () => void; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, received, failOnce: () => (failNext = 1), close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

describe('sendMail', () => {
  let t: TestDb;
  let fake: Awaited<ReturnType<typeof startFakeResend>>;
  beforeAll(async () => {
    t = await createTestDb();
    fake = await startFakeResend();
  });
  afterAll(async () => {
    await fake.close();
    await t.drop();
  });

  const props = { heading: 'Hello', paragraphs: ['First <b>paragraph</b>'], actionLabel: 'Open', actionUrl: 'http://localhost:3000/x' };

  it('renders HTML and text in the recipient language into the outbox', async () => {
    const r = await sendMail(t.db, { to: { email: 'A@Example.com', locale: 'zh-CN' }, template: 'notice', props, idempotencyKey: 'k-outbox-1' }, outboxTransport);
    expect(r).toMatchObject({ status: 'sent', duplicate: false });
    const row = await t.db.selectFrom('mail_outbox').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row.to_email).toBe('a@example.com');
    expect(row.locale).toBe('zh-CN');
    expect(row.html).toContain('本邮件由公司内网 Plaza 自动发送');
    expect(row.html).toContain('First &lt;b&gt;paragraph&lt;/b&gt;');
    expect(row.text).toContain('First <b>paragraph</b>');
    expect(row.text).not.toContain('<html');
  });

  it('delivers through the real Resend SDK once per idempotency key', async () => {
    const transport = resendTransport('re_test_key', fake.url);
    const input = { to: { email: 'b@example.com', locale: 'en' }, template: 'notice' as const, props, idempotencyKey: 'k-resend-1' };
    const first = await sendMail(t.db, input, transport);
    const second = await sendMail(t.db, input, transport);
    expect(first.status).toBe('sent');
    expect(second.duplicate).toBe(true);
    expect(fake.received).toHaveLength(1);
    expect(fake.received[0].idempotencyKey).toBe('k-resend-1');
    expect(fake.received[0].auth).toBe('Bearer re_test_key');
    expect(fake.received[0].body.subject).toBe('Hello');
    expect(fake.received[0].body.text).toContain('First <b>paragraph</b>');
    expect(fake.received[0].body.html).toContain('Please do not reply');
    const row = await t.db.selectFrom('mail_outbox').selectAll().where('idempotency_key', '=', 'k-resend-1').executeTakeFirstOrThrow();
    expect(row.provider_message_id).toBe('msg_1');
  });

  it('marks a failed delivery and retries it on the next call', async () => {
    const transport = resendTransport('re_test_key', fake.url);
    fake.failOnce();
    const input = { to: { email: 'c@example.com', locale: 'en' }, template: 'notice' as const, props, idempotencyKey: 'k-resend-2' };
    await expect(sendMail(t.db, input, transport)).rejects.toBeInstanceOf(MailDeliveryError);
    const failed = await t.db.selectFrom('mail_outbox').select(['status', 'attempts']).where('idempotency_key', '=', 'k-resend-2').executeTakeFirstOrThrow();
    expect(failed).toEqual({ status: 'failed', attempts: 1 });
    const retry = await sendMail(t.db, input, transport);
    expect(retry.status).toBe('sent');
    const rows = await t.db.selectFrom('mail_outbox').select('status').where('idempotency_key', '=', 'k-resend-2').execute();
    expect(rows).toEqual([{ status: 'sent' }]);
  });
});
