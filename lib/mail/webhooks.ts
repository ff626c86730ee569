import 'server-only';
import type { Kysely } from 'kysely';
import { Resend } from 'resend';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';

/**
 * Resend's delivery webhooks (https://resend.com/docs/webhooks): signed the Svix / Standard
 * Webhooks way — headers svix-id, svix-timestamp, svix-signature ("v1,<base64 HMAC-SHA256 of
 * `${id}.${timestamp}.${raw body}`>", keyed with the base64 part of the `whsec_…` secret), and a
 * timestamp no more than 5 minutes away. Verified with the Resend SDK's own `webhooks.verify`
 * (RESEND_WEBHOOK_SECRET), on the raw body, before anything is parsed.
 *
 * A verified event is applied once (its svix-id is recorded; a resent event changes nothing):
 * - email.delivered  → the outbox row is `delivered` (unless it already bounced or was complained about);
 * - email.bounced    → `bounced` with the provider's reason; a permanent (hard) bounce suppresses
 *                      the address from digests; an announcement mail that bounced counts as not
 *                      delivered in the announcement's reach figures;
 * - email.complained → `complained`, the address is suppressed.
 * Anything else is acknowledged and ignored. Events about mails we do not know are ignored too.
 */
export type WebhookHeaders = { id: string | null; timestamp: string | null; signature: string | null };
export type WebhookOutcome = { applied: boolean; reason?: 'duplicate' | 'unknown-mail' | 'ignored-type' };

const eventSchema = z.object({
  type: z.string().max(100),
  created_at: z.string().max(100).optional(),
  data: z.object({
    email_id: z.string().max(200),
    to: z.array(z.string().max(320)).max(50).optional(),
    bounce: z.object({ type: z.string().max(100).optional(), subType: z.string().max(100).optional(), message: z.string().max(2000).optional() }).optional(),
  }).passthrough(),
}).passthrough();

const verifier = new Resend('re_webhook_verification_only');

/** Throws INVALID when the signature, timestamp or secret does not match (nothing is read from the body before). */
export function verifyResendWebhook(payload: string, headers: WebhookHeaders, secret: string | undefined): unknown {
  if (!secret) throw new AppError('INVALID', 'notifications.webhooks.notConfigured');
  if (!headers.id || !headers.timestamp || !headers.signature) throw new AppError('INVALID', 'notifications.webhooks.signature');
  try {
    return verifier.webhooks.verify({ payload, headers: { id: headers.id, timestamp: headers.timestamp, signature: headers.signature }, webhookSecret: secret });
  } catch {
    throw new AppError('INVALID', 'notifications.webhooks.signature');
  }
}

const ANNOUNCEMENT_KEY = /^announcement:([0-9a-f-]{36}):([0-9a-f-]{36}):publish:/;

export async function handleResendWebhook(db: Kysely<DB>, payload: string, headers: WebhookHeaders, secret: string | undefined): Promise<WebhookOutcome> {
  const parsed = eventSchema.safeParse(verifyResendWebhook(payload, headers, secret));
  if (!parsed.success) throw new AppError('INVALID', 'notifications.webhooks.payload');
  const ev = parsed.data;
  const kind = ev.type === 'email.delivered' ? 'delivered' : ev.type === 'email.bounced' ? 'bounced' : ev.type === 'email.complained' ? 'complained' : null;
  return db.transaction().execute(async (trx): Promise<WebhookOutcome> => {
    const fresh = await trx.insertInto('mail_webhook_event').values({ id: headers.id!.slice(0, 200), type: ev.type.slice(0, 100) })
      .onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
    if (!fresh) return { applied: false, reason: 'duplicate' };
    if (!kind) return { applied: false, reason: 'ignored-type' };
    const mail = await trx.selectFrom('mail_outbox').select(['id', 'to_email', 'template', 'idempotency_key', 'delivery_status'])
      .where('provider_message_id', '=', ev.data.email_id).forUpdate().executeTakeFirst();
    if (!mail) return { applied: false, reason: 'unknown-mail' };
    const hard = kind === 'complained' || (kind === 'bounced' && (ev.data.bounce?.type ?? '').toLowerCase() === 'permanent');
    const detail = kind === 'bounced' ? [ev.data.bounce?.type, ev.data.bounce?.subType, ev.data.bounce?.message].filter(Boolean).join(' · ').slice(0, 1000) || null : null;
    // A later "delivered" never hides a bounce or a complaint.
    if (kind !== 'delivered' || mail.delivery_status === null) {
      await trx.updateTable('mail_outbox').set({ delivery_status: kind, delivery_detail: detail, delivery_at: new Date() }).where('id', '=', mail.id).execute();
    }
    if (kind === 'bounced') {
      const m = ANNOUNCEMENT_KEY.exec(mail.idempotency_key);
      if (m && isUuid(m[1]) && isUuid(m[2])) {
        await trx.updateTable('announcement_recipient').set({ mail_bounced_at: new Date() })
          .where('announcement_id', '=', m[1]).where('person_id', '=', m[2]).where('mail_bounced_at', 'is', null).execute();
      }
    }
    if (hard) {
      const email = mail.to_email.trim().toLowerCase();
      const added = await trx.insertInto('mail_suppression').values({ email, reason: kind === 'complained' ? 'complained' : 'bounced', detail, outbox_id: mail.id })
        .onConflict((oc) => oc.column('email').doNothing()).returning('email').executeTakeFirst();
      if (added) {
        await recordAudit(trx, { actor: null, action: 'mail.suppressed', target: { type: 'email', label: email }, details: { reason: kind, detail, mailId: mail.id, event: headers.id } });
      }
    }
    return { applied: true };
  });
}
