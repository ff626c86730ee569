import { routeHandler } from '@/lib/http/route';
import { unsubscribeWithToken } from '@/lib/notifications/unsubscribe';

/**
 * RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` here (the
 * List-Unsubscribe header of every digest). A GET (a person or a link scanner) only lands on the
 * confirmation page, which changes nothing until its button is pressed.
 */
export const POST = routeHandler(async (req, c) => {
  const token = new URL(req.url).searchParams.get('token') ?? '';
  await unsubscribeWithToken(c.db, { token }, { meta: c.meta });
  return new Response('Unsubscribed.', { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}, { anonymous: true });

export const GET = routeHandler(async (req) => {
  const url = new URL(req.url);
  return Response.redirect(new URL(`/unsubscribe?token=${encodeURIComponent(url.searchParams.get('token') ?? '')}`, url), 303);
}, { anonymous: true });
