import 'server-only';
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { env } from '@/lib/env';

/**
 * Database sessions (auth_session). The browser holds a random token; the table holds only its
 * SHA-256, so a copy of the table (a backup, a read replica, a leaked dump) signs nobody in.
 *
 * A session lives until the first of:
 * - its absolute end, `maxAgeSec` after sign-in (created_at): nothing extends it;
 * - `idleSec` without use (last_seen_at, refreshed at most every TOUCH_EVERY_SEC);
 * - sign-out, deactivation, suspension of the partner organisation (rows deleted).
 */
export type SessionLimits = { maxAgeSec: number; idleSec: number };

/** Defaults when nothing is configured: 7 days from sign-in, 8 hours of inactivity (lib/env.ts). */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { maxAgeSec: 7 * 24 * 3600, idleSec: 8 * 3600 };

export function sessionLimitsFromEnv(): SessionLimits {
  const e = env();
  return { maxAgeSec: e.sessionMaxAgeSec, idleSec: e.sessionIdleSec };
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Auth.js's database-session cookies (the __Secure- one when Plaza is served over https). */
export const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'] as const;

type Db = Kysely<DB> | Transaction<DB>;
type SessionRow = { person_id: string; expires: Date; created_at: Date; last_seen_at: Date };

/** When a session ends at the latest, given its row: the earliest of its three limits. */
export function sessionEndsAt(row: Pick<SessionRow, 'expires' | 'created_at' | 'last_seen_at'>, limits: SessionLimits): Date {
  return new Date(
    Math.min(row.expires.getTime(), row.created_at.getTime() + limits.maxAgeSec * 1000, row.last_seen_at.getTime() + limits.idleSec * 1000),
  );
}

/** Refresh last_seen_at no more often than this: an idle timeout of hours needs no per-request write. */
function touchEverySec(limits: SessionLimits): number {
  return Math.min(60, limits.idleSec / 10);
}

/**
 * Whether a session row found by its token's hash is live: deletes it when it has ended, marks it
 * used (throttled) otherwise. For callers that read the row together with more (lib/auth/viewer).
 */
export async function keepSessionAlive(db: Db, hash: string, row: Pick<SessionRow, 'expires' | 'created_at' | 'last_seen_at'>, limits: SessionLimits, now = new Date()): Promise<boolean> {
  if (sessionEndsAt(row, limits) <= now) {
    await db.deleteFrom('auth_session').where('token_hash', '=', hash).execute();
    return false;
  }
  if (now.getTime() - row.last_seen_at.getTime() >= touchEverySec(limits) * 1000) {
    await db.updateTable('auth_session').set({ last_seen_at: now }).where('token_hash', '=', hash).where('last_seen_at', '<', now).execute();
    row.last_seen_at = now;
  }
  return true;
}

/** A token the browser sent that may be a session token at all (anything else is no session, without a query). */
export const plausibleSessionToken = (token: string | undefined): token is string => !!token && token.length <= 512;

/**
 * The live session for a token, or null. Marks it used (throttled); deletes it when it has ended.
 */
export async function findLiveSession(db: Db, token: string, limits: SessionLimits, now = new Date()): Promise<SessionRow | null> {
  if (!plausibleSessionToken(token)) return null;
  const hash = hashSessionToken(token);
  const row = await db
    .selectFrom('auth_session')
    .select(['person_id', 'expires', 'created_at', 'last_seen_at'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  if (!row) return null;
  return (await keepSessionAlive(db, hash, row, limits, now)) ? row : null;
}

/** Deletes the sessions of these tokens; returns the people whose sessions they were. */
export async function deleteSessions(db: Db, tokens: string[]): Promise<{ personId: string }[]> {
  if (tokens.length === 0) return [];
  const rows = await db
    .deleteFrom('auth_session')
    .where('token_hash', 'in', tokens.map(hashSessionToken))
    .returning('person_id')
    .execute();
  return rows.map((r) => ({ personId: r.person_id }));
}
