import { NextResponse, type NextRequest } from 'next/server';
import { db } from '@/db/client';
import { handlers } from '@/lib/auth';
import { PARTNER_EMAIL_PROVIDER_ID } from '@/lib/auth/config';
import { isSameOriginPost, runSignInCallback } from '@/lib/auth/fresh-sign-in';
import { env } from '@/lib/env';
import { ANONYMOUS_BODY_LIMIT, bodyLimitStatus } from '@/lib/http/body-limit';
import { routeHandler } from '@/lib/http/route';

/**
 * Completes a partner's e-mail sign-in: the confirmation page's button POSTs the token here, and
 * we hand it to Auth.js's e-mail callback (which uses the token up, creates the session and sets
 * the cookie). Expired, reused or unknown links land on a page saying so.
 */
export const POST = routeHandler(async (request, c) => {
  const req = request as NextRequest;
  const origin = new URL(env().AUTH_URL).origin;
  const to = (path: string) => NextResponse.redirect(new URL(path, origin), 303);
  // Login CSRF: only our own page may post a token (someone else's link would sign you in as them).
  if (!isSameOriginPost(req)) return new NextResponse(null, { status: 403 });

  // A token and an address: nothing larger is read (proxy.ts refuses it first; this is the backstop).
  if (bodyLimitStatus(req.headers, ANONYMOUS_BODY_LIMIT)) return new NextResponse(null, { status: 413 });
  const form = await req.formData().catch(() => null);
  const token = form?.get('token');
  const email = form?.get('email');
  if (typeof token !== 'string' || typeof email !== 'string' || !token || !email || token.length > 200 || email.length > 320) {
    return to('/partner/sign-in/expired');
  }

  const callback = new URL(`/api/auth/callback/${PARTNER_EMAIL_PROVIDER_ID}`, origin);
  callback.searchParams.set('token', token);
  callback.searchParams.set('email', email);
  callback.searchParams.set('callbackUrl', new URL('/partner', origin).toString());
  const authRes = await runSignInCallback(db(), req, (r) => handlers.GET(r), { url: callback, meta: c.meta });

  const location = authRes.headers.get('location');
  let target = location ? new URL(location, origin) : new URL('/sign-in/error', origin);
  if (target.origin !== origin) target = new URL('/sign-in/error', origin);
  if (target.pathname === '/sign-in/error') {
    const error = target.searchParams.get('error');
    if (error === 'Verification') target = new URL('/partner/sign-in/expired', origin);
  }
  const res = NextResponse.redirect(target, 303);
  for (const cookie of authRes.headers.getSetCookie()) res.headers.append('set-cookie', cookie);
  return res;
}, { anonymous: true });
