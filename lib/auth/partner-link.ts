import 'server-only';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { rateLimited } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import { rateLimitAddress } from '@/lib/http/client-address';
import type { RequestMeta } from '@/lib/http/request-meta';
import { consumeAll, type RateLimit } from '@/lib/ratelimit';
import { partnerSignInSchema } from './schema';
import { normalizeEmail, partnerEligibility } from './sign-in-policy';

export type PartnerLinkResult = { status: 'accepted' } | { status: 'rate_limited'; retryAfterSec: number };

export type PartnerLinkDeps = {
  limits: { perEmail: RateLimit; perIp: RateLimit };
  /** Starts Auth.js's e-mail sign-in for the address (token + mail). */
  sendLink: (email: string) => Promise<void>;
};

/**
 * A partner asks for a sign-in link. The answer is the same for every syntactically valid address
 * ("accepted"), except when a rate limit applies: only an active partner of an active partner
 * organisation gets a mail, nobody gets an account. Every request is audited (refusals with their
 * reason, rate-limit refusals once per window).
 */
export async function requestPartnerSignInLink(db: Kysely<DB>, rawEmail: string, meta: RequestMeta, deps: PartnerLinkDeps): Promise<PartnerLinkResult> {
  const email = normalizeEmail(rawEmail);
  const audit = (details: Record<string, unknown>, personId?: string) =>
    recordAudit(db, {
      actor: personId ? { id: personId, email } : null,
      action: 'auth.link_requested',
      target: { type: 'person', id: personId ?? null, label: email },
      details: { email, ...details },
      meta,
    });

  // Per client and per address, never one shared bucket: a client whose address is unknown
  // (no usable X-Forwarded-For, a misconfigured proxy chain) is limited per e-mail only.
  const limited = await consumeAll([
    ...(meta.ip ? [{ limit: deps.limits.perIp, key: rateLimitAddress(meta.ip) }] : []),
    { limit: deps.limits.perEmail, key: email },
  ]);
  if (!limited.allowed) {
    if (limited.firstRefusal) await audit({ result: 'refused', reason: 'rate_limited', limit: limited.rule?.keyPrefix });
    return { status: 'rate_limited', retryAfterSec: limited.retryAfterSec };
  }

  const eligible = await partnerEligibility(db, email);
  if (!eligible.ok) {
    await audit({ result: 'refused', reason: eligible.reason }, eligible.personId);
    return { status: 'accepted' };
  }

  try {
    await deps.sendLink(email);
  } catch (e) {
    // The answer stays neutral; the admin finds the failure in the audit log and server log.
    console.error('[auth] partner sign-in link failed', e);
    await audit({ result: 'failed', error: e instanceof Error ? e.name : 'Error' }, eligible.personId);
    return { status: 'accepted' };
  }
  await audit({ result: 'sent' }, eligible.personId);
  return { status: 'accepted' };
}

/**
 * The partner sign-in form: parses the address, then asks for a link. Rate limits are a refusal
 * saying how long to wait; everything else gets the same neutral answer (no way to learn who is
 * invited).
 */
export async function requestPartnerSignIn(db: Kysely<DB>, input: unknown, meta: RequestMeta, deps: PartnerLinkDeps): Promise<void> {
  const { email } = parseInput(partnerSignInSchema, input);
  const result = await requestPartnerSignInLink(db, email, meta, deps);
  if (result.status === 'rate_limited') throw rateLimited('auth.partner.rateLimited', { minutes: Math.max(1, Math.ceil(result.retryAfterSec / 60)) });
}
