import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { ANONYMOUS_BODY_LIMIT, bodyLimitStatus, PROXIED_BODY_LIMIT } from '@/lib/http/body-limit';
import { newNonce, pageContentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from '@/lib/http/security-headers';

/**
 * Runs before every page, API route and anonymous server action (see `config.matcher`):
 * 1. refuses request bodies larger than the request may carry, before anything reads them;
 * 2. without a trusted reverse proxy, drops the X-Forwarded-For a client sent, so that Next fills
 *    in the connection's own address (lib/http/client-address.ts);
 * 3. sets a nonce-based Content-Security-Policy on pages (and HSTS when served over https);
 * 4. sends anonymous visitors of app pages to the sign-in page — only a convenience: it looks at
 *    cookie presence, not validity. Every page, action and lib/ function checks the viewer itself.
 */
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
// /outbox is not public: admins, and signed-in people on the quick-start demo (lib/mail/outbox.ts).
// /unsubscribe: the digest's signed one-click link works without signing in (lib/notifications/unsubscribe.ts).
const PUBLIC = [/^\/sign-in(\/|$)/, /^\/partner\/sign-in(\/|$)/, /^\/unsubscribe(\/|$)/];

export function proxy(request: NextRequest) {
  const e = env();
  const { pathname } = request.nextUrl;
  const method = request.method;
  const isApi = pathname.startsWith('/api/');
  const hasSessionCookie = SESSION_COOKIES.some((name) => request.cookies.has(name));
  const https = e.AUTH_URL.startsWith('https:');

  if (method !== 'GET' && method !== 'HEAD') {
    // Integration API calls carry a token (checked by the route, lib/integrations): the signed-in limit.
    const integration = pathname.startsWith('/api/v1/') && /^Bearer plz_/i.test(request.headers.get('authorization') ?? '');
    const status = bodyLimitStatus(request.headers, hasSessionCookie || integration ? PROXIED_BODY_LIMIT : ANONYMOUS_BODY_LIMIT);
    if (status) return withTransportSecurity(new NextResponse(null, { status, headers: { connection: 'close' } }), https);
  }

  const headers = new Headers(request.headers);
  if (e.trustedProxies === 0) headers.delete('x-forwarded-for');

  let csp: string | null = null;
  if (!isApi) {
    csp = pageContentSecurityPolicy({
      nonce: newNonce(),
      dev: e.NODE_ENV === 'development',
      https,
      formActionOrigins: [new URL(e.OIDC_ISSUER).origin],
    });
    // Next reads the nonce from the request's policy and puts it on the scripts it renders.
    headers.set('content-security-policy', csp);
  }

  if (!isApi && (method === 'GET' || method === 'HEAD') && !hasSessionCookie && !PUBLIC.some((re) => re.test(pathname))) {
    const target = pathname === '/partner' || pathname.startsWith('/partner/') ? '/partner/sign-in' : '/sign-in';
    return withTransportSecurity(NextResponse.redirect(new URL(target, request.url)), https);
  }

  const res = NextResponse.next({ request: { headers } });
  if (csp) res.headers.set('Content-Security-Policy', csp);
  return withTransportSecurity(res, https);
}

function withTransportSecurity(res: NextResponse, https: boolean): NextResponse {
  if (https) res.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  return res;
}

// Matchers are read at build time: literals only.
export const config = {
  matcher: [
    // Pages and API routes, and any request that is not a server-action call. Not: Next's own
    // assets and files with an extension (public/ assets).
    // Not: streamed uploads (/api/uploads/…), which Next would buffer (and cut) at
    // proxyClientMaxBodySize; their route refuses anonymous, cross-site and oversized requests
    // before reading the body (app/api/uploads).
    { source: '/((?!_next/static|_next/image|_next/data|api/uploads/|favicon\\.ico|robots\\.txt|sitemap\\.xml|.*\\.[a-zA-Z0-9]+$).*)', missing: [{ type: 'header', key: 'next-action' }] },
    // Server-action calls without a session cookie (the partner sign-in form, the SSO button,
    // the language switch): their bodies are capped here, before the action reads them.
    // Signed-in people's action calls do not pass through the proxy: Next would buffer (and cut)
    // their uploads at proxyClientMaxBodySize. Their limit is serverActions.bodySizeLimit.
    {
      source: '/((?!_next/static|_next/image|_next/data|favicon\\.ico|robots\\.txt|sitemap\\.xml|.*\\.[a-zA-Z0-9]+$).*)',
      has: [{ type: 'header', key: 'next-action' }],
      missing: [
        { type: 'cookie', key: 'authjs.session-token' },
        { type: 'cookie', key: '__Secure-authjs.session-token' },
      ],
    },
  ],
};
