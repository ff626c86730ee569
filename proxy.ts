import { NextResponse, type NextRequest } from 'next/server';

/**
 * Sends anonymous visitors of app pages to the sign-in page. Only a convenience: it looks at
 * cookie presence, not validity. Every page, action and lib/ function checks the viewer itself.
 */
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
// /outbox decides for itself: open on the quick start (PLAZA_OUTBOX_VIEWER), admins only otherwise.
const PUBLIC = [/^\/sign-in(\/|$)/, /^\/partner\/sign-in(\/|$)/, /^\/outbox(\/|$)/];

export function proxy(request: NextRequest) {
  // Server actions and forms post to their page: they answer for themselves.
  if (request.method !== 'GET' && request.method !== 'HEAD') return NextResponse.next();
  const { pathname } = request.nextUrl;
  if (PUBLIC.some((re) => re.test(pathname))) return NextResponse.next();
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const target = pathname === '/partner' || pathname.startsWith('/partner/') ? '/partner/sign-in' : '/sign-in';
  return NextResponse.redirect(new URL(target, request.url));
}

export const config = {
  // Not: API routes (they answer 401 themselves; /api/auth and /api/health are public), Next's
  // own assets, and files with an extension (public/ assets).
  matcher: ['/((?!api/|_next/static|_next/image|_next/data|favicon\\.ico|robots\\.txt|sitemap\\.xml|.*\\.[a-zA-Z0-9]+$).*)'],
};
