import { NextResponse, type NextRequest } from 'next/server';
import { db } from '@/db/client';
import { handlers } from '@/lib/auth';
import { PARTNER_EMAIL_PROVIDER_ID } from '@/lib/auth/config';
import { runSignInCallback } from '@/lib/auth/fresh-sign-in';
import { requestMeta } from '@/lib/http/request-meta';

/**
 * Auth.js's endpoints, with two doors closed:
 * - partner e-mail sign-in starts only in Plaza's server action (rate limits, neutral answers,
 *   audit), never by POSTing to Auth.js's own sign-in endpoint;
 * - the e-mail callback is reached only through POST /api/auth/partner/confirm (a GET from a
 *   mail scanner must not use up the link).
 * Callbacks replace this browser's session only when they succeed (lib/auth/fresh-sign-in.ts).
 */
const base = '/api/auth';
const closed = new Set([`${base}/signin/${PARTNER_EMAIL_PROVIDER_ID}`, `${base}/callback/${PARTNER_EMAIL_PROVIDER_ID}`]);

export async function GET(req: NextRequest) {
  const path = req.nextUrl.pathname.replace(/\/$/, '');
  if (closed.has(path)) return new NextResponse(null, { status: 404 });
  if (path.startsWith(`${base}/callback/`)) return runSignInCallback(db(), req, (r) => handlers.GET(r), { meta: await requestMeta() });
  return handlers.GET(req);
}

export async function POST(req: NextRequest) {
  const path = req.nextUrl.pathname.replace(/\/$/, '');
  if (closed.has(path)) return new NextResponse(null, { status: 404 });
  return handlers.POST(req);
}
