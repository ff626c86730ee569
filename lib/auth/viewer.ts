import 'server-only';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { db } from '@/db/client';
import { env } from '@/lib/env';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';

/** Auth.js's database-session cookie; the __Secure- prefix is used when Plaza is served over https. */
export function sessionCookieName(): string {
  return env().AUTH_URL.startsWith('https:') ? '__Secure-authjs.session-token' : 'authjs.session-token';
}

/**
 * The signed-in person for this request, or null. One query for the session, one for the
 * viewer, once per request (React cache). A deactivated person or expired session is null.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const token = (await cookies()).get(sessionCookieName())?.value;
  if (!token) return null;
  const session = await db()
    .selectFrom('auth_session')
    .select(['person_id'])
    .where('session_token', '=', token)
    .where('expires', '>', new Date())
    .executeTakeFirst();
  if (!session) return null;
  return loadViewer(db(), session.person_id);
});
