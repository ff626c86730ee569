import 'server-only';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { env } from '@/lib/env';

/**
 * Fixed-window rate limits kept in PostgreSQL (rate-limiter-flexible's RateLimiterPostgres), so
 * every web process sees the same counters. Its one table, `rate_limit` (key, points, expire), is
 * created by a migration (db/migrations/2026_11_23_090000_security_hardening.ts), never at run
 * time; it holds only hashed keys and short-lived counters.
 *
 * Limits are per client (lib/http/client-address.ts) and per target, never global: one noisy
 * client must not lock everyone out.
 */
export type RateLimitRule = { keyPrefix: string; points: number; durationSec: number };
export type RateLimitResult =
  | { allowed: true; remaining: number }
  /** firstRefusal: this call is the first one over the limit in the window (audit it once). */
  | { allowed: false; retryAfterSec: number; firstRefusal: boolean };

export const RATE_LIMIT_TABLE = 'rate_limit';

/** Partner sign-in links: per e-mail address, and per client address (an IPv6 client per /64). */
export const partnerLinkPerEmail: RateLimitRule = { keyPrefix: 'partner_link_email', points: 5, durationSec: 15 * 60 };
export const partnerLinkPerIp: RateLimitRule = { keyPrefix: 'partner_link_ip', points: 20, durationSec: 15 * 60 };

/** Keys are hashed: the table holds no e-mail or IP addresses. */
export function rateLimitKey(value: string): string {
  return createHash('sha256').update(value.trim().toLowerCase()).digest('hex').slice(0, 40);
}

export class RateLimit {
  private constructor(private readonly limiter: RateLimiterPostgres, readonly rule: RateLimitRule) {}

  static async create(pool: pg.Pool, rule: RateLimitRule): Promise<RateLimit> {
    const limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: RATE_LIMIT_TABLE,
      tableCreated: true,
      keyPrefix: rule.keyPrefix,
      points: rule.points,
      duration: rule.durationSec,
      clearExpiredByTimeout: true,
    });
    return new RateLimit(limiter, rule);
  }

  async consume(value: string): Promise<RateLimitResult> {
    try {
      const res = await this.limiter.consume(rateLimitKey(value));
      return { allowed: true, remaining: res.remainingPoints };
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(e.msBeforeNext / 1000)), firstRefusal: e.consumedPoints === this.rule.points + 1 };
      }
      throw e;
    }
  }

  async reset(value: string): Promise<void> {
    await this.limiter.delete(rateLimitKey(value));
  }
}

/** Consumes one point from each limit in order; stops at the first that refuses. */
export async function consumeAll(checks: { limit: RateLimit; key: string }[]): Promise<RateLimitResult & { rule?: RateLimitRule }> {
  let remaining = Number.POSITIVE_INFINITY;
  for (const c of checks) {
    const r = await c.limit.consume(c.key);
    if (!r.allowed) return { ...r, rule: c.limit.rule };
    remaining = Math.min(remaining, r.remaining);
  }
  return { allowed: true, remaining };
}

const globalForRl = globalThis as unknown as { plazaRateLimits?: Promise<{ perEmail: RateLimit; perIp: RateLimit }> };

/** The process-wide partner-link limits (a small pool of their own: counters must not wait behind app queries). */
export function partnerLinkLimits(): Promise<{ perEmail: RateLimit; perIp: RateLimit }> {
  globalForRl.plazaRateLimits ??= (async () => {
    const pool = new pg.Pool({ connectionString: env().DATABASE_URL, max: 2 });
    const [perEmail, perIp] = await Promise.all([RateLimit.create(pool, partnerLinkPerEmail), RateLimit.create(pool, partnerLinkPerIp)]);
    return { perEmail, perIp };
  })().catch((e) => {
    globalForRl.plazaRateLimits = undefined;
    throw e;
  });
  return globalForRl.plazaRateLimits;
}
