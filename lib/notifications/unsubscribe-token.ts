import 'server-only';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';
import { isUuid } from '@/lib/ids';

/**
 * Signed one-click unsubscribe links (no sign-in): `<person id>.<expiry, unix seconds>.<HMAC>`,
 * the HMAC-SHA256 keyed with a key derived from AUTH_SECRET for this purpose only (HKDF), so a
 * token cannot be reused for anything else and no other secret is needed. Tampered → invalid;
 * past its expiry → expired.
 */
export const UNSUBSCRIBE_TTL_DAYS = 60;

const keys = new Map<string, Buffer>();
function key(secret: string): Buffer {
  let k = keys.get(secret);
  if (!k) {
    k = Buffer.from(hkdfSync('sha256', secret, 'plaza', 'notifications/unsubscribe/v1', 32));
    if (keys.size > 4) keys.clear();
    keys.set(secret, k);
  }
  return k;
}

function mac(payload: string, secret: string): string {
  return createHmac('sha256', key(secret)).update(payload).digest('base64url');
}

export function signUnsubscribeToken(personId: string, expiresAt: Date, secret = env().AUTH_SECRET): string {
  const payload = `${personId}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${payload}.${mac(payload, secret)}`;
}

/** The token of a digest built at `builtAt` (deterministic, so a resumed send carries the same link). */
export function digestUnsubscribeToken(personId: string, builtAt: Date, secret?: string): string {
  return signUnsubscribeToken(personId, new Date(builtAt.getTime() + UNSUBSCRIBE_TTL_DAYS * 86_400_000), secret);
}

export type TokenCheck = { ok: true; personId: string } | { ok: false; reason: 'invalid' | 'expired' };

export function verifyUnsubscribeToken(token: unknown, now = new Date(), secret = env().AUTH_SECRET): TokenCheck {
  if (typeof token !== 'string' || token.length > 200) return { ok: false, reason: 'invalid' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'invalid' };
  const [personId, exp, sig] = parts;
  if (!isUuid(personId) || !/^\d{1,12}$/.test(exp)) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(mac(`${personId}.${exp}`, secret));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  if (Number(exp) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, personId };
}
