import { env } from '@/lib/env';
import { routeHandler } from '@/lib/http/route';
import { handleResendWebhook } from '@/lib/mail/webhooks';

/**
 * Resend's delivery webhooks (delivered, bounced, complained): anonymous, the Svix signature with
 * RESEND_WEBHOOK_SECRET is the only authority (lib/mail/webhooks.ts). Unsigned, wrongly signed or
 * stale → 400 and nothing changes; a verified event answers 200 (also when resent: applied once).
 */
export const POST = routeHandler(async (req, c) => {
  const payload = await req.text();
  const h = req.headers;
  const outcome = await handleResendWebhook(c.db, payload, { id: h.get('svix-id'), timestamp: h.get('svix-timestamp'), signature: h.get('svix-signature') }, env().RESEND_WEBHOOK_SECRET);
  return Response.json(outcome, { status: 200, headers: { 'cache-control': 'no-store' } });
}, { anonymous: true });
