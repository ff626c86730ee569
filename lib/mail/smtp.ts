import 'server-only';
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { BatchMail, BatchTransport } from '@/lib/notifications/digest-send';
import type { MailTransport, OutgoingMail } from './transport';

/**
 * SMTP as the second way to deliver (SMTP_URL), through nodemailer with a small connection pool.
 *
 * Exactly once, as far as SMTP allows (docs/decisions/0800): SMTP has no idempotency keys, so
 * - every mail is recorded in mail_outbox under its idempotency key before it is sent and marked
 *   sent after (lib/mail/send.ts, lib/notifications/digest.ts), exactly as with Resend;
 * - its Message-ID is derived from that key (`<sha256(key)@plaza.mail>`): the same mail sent
 *   again is the same message to every mail server and client that collapses duplicates;
 * - within a process, a mail the server accepted is never handed over again (a batch retried
 *   after a partial failure sends only what was not accepted);
 * - 4xx replies and connection errors are retried (with the same Message-ID), 5xx replies are
 *   permanent failures shown in the outbox with the server's answer.
 * The one window left is a crash between the server's "250 OK" and the outbox update: the
 * restarted job sends that mail again with the same Message-ID.
 */
export function messageIdFor(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@plaza.mail>`;
}

export type SmtpOptions = {
  /** smtp:// requires STARTTLS unless this is false — only tests, through this argument, turn it off. */
  requireTLS?: boolean;
  maxConnections?: number;
};

type SmtpError = Error & { responseCode?: number; code?: string; response?: string };

function describe(e: unknown): { error: string; retryable: boolean; status: number | null } {
  const err = e as SmtpError;
  const status = typeof err.responseCode === 'number' ? err.responseCode : null;
  return { error: `SMTP ${status ?? err.code ?? 'error'}: ${(err.response ?? err.message ?? String(e)).slice(0, 500)}`, retryable: status === null || status < 500, status };
}

export function createSmtp(url: string, opts: SmtpOptions = {}) {
  const secure = url.startsWith('smtps:');
  const options: SMTPTransport.Options = {
    url,
    pool: true,
    maxConnections: opts.maxConnections ?? 3,
    requireTLS: !secure && (opts.requireTLS ?? true),
    connectionTimeout: 15_000,
    socketTimeout: 30_000,
  } as SMTPTransport.Options;
  const transporter = nodemailer.createTransport(options);
  /** Message-IDs this process has handed over and the server accepted (bounded). */
  const accepted = new Map<string, string>();
  const remember = (id: string, serverId: string) => {
    if (accepted.size >= 20_000) accepted.delete(accepted.keys().next().value!);
    accepted.set(id, serverId);
  };

  async function sendOne(m: { from: string; to: string; subject: string; html: string; text: string; headers?: Record<string, string>; key: string; attachments?: OutgoingMail['attachments'] }): Promise<string> {
    const messageId = messageIdFor(m.key);
    const done = accepted.get(messageId);
    if (done !== undefined) return done;
    const info = await transporter.sendMail({
      from: m.from, to: m.to, subject: m.subject, html: m.html, text: m.text, messageId, headers: m.headers,
      attachments: m.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    });
    if (info.rejected.length > 0) {
      throw Object.assign(new Error(`rejected ${info.rejected.join(', ')}`), { responseCode: 550, response: info.response });
    }
    remember(messageId, messageId);
    return messageId;
  }

  const single: MailTransport = {
    name: 'smtp',
    async deliver(mail) {
      try {
        return { ok: true, providerMessageId: await sendOne({ ...mail, key: mail.idempotencyKey }) };
      } catch (e) {
        const d = describe(e);
        return { ok: false, error: d.error, retryable: d.retryable };
      }
    },
  };

  const batch: BatchTransport = {
    name: 'smtp',
    async sendBatch(mails: BatchMail[], idempotencyKey: string) {
      const ids: (string | null)[] = [];
      let firstError: ReturnType<typeof describe> | null = null;
      // The pool sends up to maxConnections at once; each mail keeps its own Message-ID.
      await Promise.all(mails.map(async (m, i) => {
        try {
          ids[i] = await sendOne({ ...m, key: m.key ?? `${idempotencyKey}:${i}` });
        } catch (e) {
          const d = describe(e);
          // A temporary failure wins: the batch is tried again (mails already accepted are not
          // handed over again) until only permanent failures are left, which then fail for good.
          if (!firstError || (d.retryable && !firstError.retryable)) firstError = d;
        }
      }));
      const failure = firstError as ReturnType<typeof describe> | null;
      // Statuses speak HTTP here (lib/notifications/digest-send.ts): null = retry, 4xx = permanent.
      // `accepted` tells which mails did go out, so they are not marked failed nor sent again.
      if (failure) return { ok: false, error: failure.error, status: failure.retryable ? null : 422, retryAfterMs: null, accepted: mails.map((_, i) => ids[i] ?? null) };
      return { ok: true, ids };
    },
  };

  return { single, batch, close: () => transporter.close() };
}
