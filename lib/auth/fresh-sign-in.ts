import 'server-only';
import { NextRequest } from 'next/server';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { env } from '@/lib/env';
import type { RequestMeta } from '@/lib/http/request-meta';
import { deleteSessions, SESSION_COOKIES } from './session';

const isSessionCookie = (name: string) => (SESSION_COOKIES as readonly string[]).includes(name);

/**
 * Runs one of Auth.js's sign-in callbacks (SSO code exchange, partner e-mail token) as a fresh
 * sign-in:
 * - Auth.js sees the request without this browser's session cookie, so a new identity is never
 *   linked to whoever happens to be signed in here;
 * - the previous session is ended only once the callback has succeeded, i.e. Auth.js answered
 *   with a new session cookie. A failed, forged or replayed callback — a cross-site GET of
 *   /api/auth/callback/sso?code=x&state=y, say — changes nothing: the visitor stays signed in
 *   (no logout CSRF), and any instruction to clear the session cookie is dropped from the answer.
 */
export async function runSignInCallback(
  db: Kysely<DB>,
  req: NextRequest,
  handle: (req: NextRequest) => Promise<Response>,
  opts: { url?: URL | string; meta?: RequestMeta } = {},
): Promise<Response> {
  const previous = SESSION_COOKIES.map((n) => req.cookies.get(n)?.value).filter((v): v is string => !!v);
  const res = await handle(withoutSessionCookie(req, opts.url ?? req.url));
  if (previous.length === 0) return res;
  if (!setsNewSession(res)) return withoutSessionCookieChanges(res);
  await db.transaction().execute(async (trx) => {
    for (const { personId } of await deleteSessions(trx, previous)) {
      await recordAudit(trx, {
        actor: { id: personId },
        action: 'auth.sign_out',
        target: { type: 'person', id: personId },
        details: { reason: 'replaced_by_sign_in' },
        meta: opts.meta,
      });
    }
  });
  return res;
}

/** The request as Auth.js's callback should see it: a GET to `url`, without session cookies. */
function withoutSessionCookie(req: NextRequest, url: URL | string): NextRequest {
  const headers = new Headers(req.headers);
  const kept = req.cookies.getAll().filter((c) => !isSessionCookie(c.name));
  if (kept.length) headers.set('cookie', kept.map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; '));
  else headers.delete('cookie');
  headers.delete('content-type');
  headers.delete('content-length');
  return new NextRequest(url, { method: 'GET', headers });
}

type SetCookie = { name: string; value: string; cleared: boolean };

function parseSetCookie(line: string): SetCookie {
  const [pair, ...attrs] = line.split(';');
  const i = pair.indexOf('=');
  const name = pair.slice(0, i).trim();
  const value = pair.slice(i + 1).trim();
  const cleared =
    value === '' ||
    attrs.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a)) ||
    attrs.some((a) => {
      const m = /^\s*expires\s*=(.*)$/i.exec(a);
      return !!m && Date.parse(m[1]) <= Date.now();
    });
  return { name, value, cleared };
}

/** True when the answer signs someone in: it sets a session cookie with a value. */
export function setsNewSession(res: Response): boolean {
  return res.headers.getSetCookie().some((line) => {
    const c = parseSetCookie(line);
    return isSessionCookie(c.name) && !c.cleared;
  });
}

function withoutSessionCookieChanges(res: Response): Response {
  const lines = res.headers.getSetCookie();
  if (!lines.some((line) => isSessionCookie(parseSetCookie(line).name))) return res;
  const headers = new Headers(res.headers);
  headers.delete('set-cookie');
  for (const line of lines) if (!isSessionCookie(parseSetCookie(line).name)) headers.append('set-cookie', line);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
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
