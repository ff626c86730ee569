import 'server-only';
import { Resend } from 'resend';
import { env } from '@/lib/env';
import { createSmtp } from './smtp';

import type { MailAttachment } from './templates';

export type OutgoingMail = { from: string; to: string; subject: string; html: string; text: string; idempotencyKey: string; attachments?: MailAttachment[] };
export type DeliveryResult = { ok: true; providerMessageId: string | null } | { ok: false; error: string; retryable: boolean };

export interface MailTransport {
  name: 'resend' | 'smtp' | 'outbox';
  deliver(mail: OutgoingMail): Promise<DeliveryResult>;
}

/** The local outbox: the mail_outbox row is the delivery; admins read it at /outbox. */
export const outboxTransport: MailTransport = {
  name: 'outbox',
  async deliver() {
    return { ok: true, providerMessageId: null };
  },
};

/** Resend through its real SDK; RESEND_BASE_URL points it at any compatible HTTP endpoint. */
export function resendTransport(apiKey: string, baseUrl?: string): MailTransport {
  const client = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: 'resend',
    async deliver(mail) {
      const { data, error } = await client.emails.send(
        {
          from: mail.from, to: [mail.to], subject: mail.subject, html: mail.html, text: mail.text,
          ...(mail.attachments?.length ? { attachments: mail.attachments.map((a) => ({ filename: a.filename, content: Buffer.from(a.content, 'utf8').toString('base64'), contentType: a.contentType })) } : {}),
        },
        { idempotencyKey: mail.idempotencyKey },
      );
      if (error) {
        const status = (error as { statusCode?: number | null }).statusCode ?? null;
        return { ok: false, error: `${error.name}: ${error.message}`, retryable: status === null || status >= 500 || status === 429 };
      }
      return { ok: true, providerMessageId: data?.id ?? null };
    },
  };
}

let smtp: ReturnType<typeof createSmtp> | undefined;
/** The one SMTP pool of the process (SMTP_URL), shared by single mails and digest batches. */
export function configuredSmtp() {
  const url = env().SMTP_URL;
  if (!url) throw new Error('SMTP_URL is not set');
  smtp ??= createSmtp(url);
  return smtp;
}

let cached: MailTransport | undefined;
export function configuredTransport(): MailTransport {
  const e = env();
  cached ??= e.RESEND_API_KEY ? resendTransport(e.RESEND_API_KEY, e.RESEND_BASE_URL) : e.SMTP_URL ? configuredSmtp().single : outboxTransport;
  return cached;
}
