import 'server-only';
import { NextRequest } from 'next/server';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { env } from '@/lib/env';

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

/**
 * A sign-in that completes while someone is already signed in in this browser replaces that
 * session instead of being merged into it: the old session row is deleted and the request reaches
 * Auth.js without a session cookie. (Otherwise Auth.js would try to link the new identity to the
 * person who happens to be signed in.)
 */
export async function withoutCurrentSession(db: Kysely<DB>, req: NextRequest, url: URL | string = req.url): Promise<NextRequest> {
  const old = SESSION_COOKIES.map((n) => req.cookies.get(n)?.value).filter((v): v is string => !!v);
  if (old.length) await db.deleteFrom('auth_session').where('session_token', 'in', old).execute();
  const headers = new Headers(req.headers);
  const kept = req.cookies.getAll().filter((c) => !SESSION_COOKIES.includes(c.name));
  if (kept.length) headers.set('cookie', kept.map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; '));
  else headers.delete('cookie');
  headers.delete('content-type');
  headers.delete('content-length');
  return new NextRequest(url, { method: 'GET', headers });
}

/**
 * True when a state-changing request comes from a Plaza page: the browser's Origin (or, lacking
 * it, Sec-Fetch-Site) must say so. Requests that carry neither are refused.
 */
export function isSameOriginPost(req: Request): boolean {
  const expected = new URL(env().AUTH_URL).origin;
  const origin = req.headers.get('origin');
  if (origin) return origin === expected;
  return req.headers.get('sec-fetch-site') === 'same-origin';
}
