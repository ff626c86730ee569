import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { createPlazaAdapter } from '../../lib/auth/adapter';
import { DEFAULT_SESSION_LIMITS } from '../../lib/auth/session';
import { sessionCookieName } from '../../lib/auth/viewer';

/**
 * A real database session for a person, created the way a sign-in creates it: a token made as
 * `generateSessionToken` makes it (lib/auth/config.ts: 32 random bytes, base64url), stored
 * through the Plaza adapter's own `createSession` (lib/auth/adapter.ts), so that whatever the
 * adapter does to the token on the way in (hashing it, say) happens here too. Returns the Cookie
 * header a browser would send after signing in. This is the only place the benchmark makes
 * sessions: adapt it here if sign-in ever stores sessions differently.
 *
 * Needs the server's environment in process.env (sessionCookieName reads AUTH_URL through env()).
 */
export async function createBenchSession(db: Kysely<DB>, personId: string): Promise<string> {
  const sessionToken = randomBytes(32).toString('base64url');
  const adapter = createPlazaAdapter(db, { ssoIssuer: 'bench' });
  await adapter.createSession!({ sessionToken, userId: personId, expires: new Date(Date.now() + DEFAULT_SESSION_LIMITS.maxAgeSec * 1000) });
  return `${sessionCookieName()}=${sessionToken}`;
}
