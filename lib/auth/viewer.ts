import 'server-only';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { db } from '@/db/client';
import { env } from '@/lib/env';
import { toViewer, viewerQuery } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { hashSessionToken, keepSessionAlive, plausibleSessionToken, sessionLimitsFromEnv } from './session';

/** Auth.js's database-session cookie; the __Secure- prefix is used when Plaza is served over https. */
export function sessionCookieName(): string {
  return env().AUTH_URL.startsWith('https:') ? '__Secure-authjs.session-token' : 'authjs.session-token';
}

/**
 * The signed-in person for this request, or null. One query for the session (by the hash of the
 * cookie's token) and the viewer together, once per request (React cache). A session past its
 * absolute or idle end, a deactivated person or a member of a suspended partner organisation is
 * null; using a live session keeps it from its idle end.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const token = (await cookies()).get(sessionCookieName())?.value;
  if (!plausibleSessionToken(token)) return null;
  const hash = hashSessionToken(token);
  const row = await viewerQuery(db())
    .innerJoin('auth_session as s', 's.person_id', 'p.id')
    .select(['s.expires', 's.created_at', 's.last_seen_at'])
    .where('s.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || !(await keepSessionAlive(db(), hash, row, sessionLimitsFromEnv()))) return null;
  return toViewer(row);
});
