import 'server-only';
import { getTranslations } from 'next-intl/server';
import { db, type Database } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { describeFailure, statusOf } from '@/lib/forms/describe';
import { requestMeta, type RequestMeta } from './request-meta';

export type RouteContext = { db: Database; viewer: Viewer | null; meta: RequestMeta };

/**
 * The one way to write a route handler: lib decides (it gets the viewer), and expected failures
 * become one status per code (lib/forms/describe.ts statusOf) with a short body in the viewer's
 * language — JSON `{ error: { code, message } }` for API clients, plain text for browsers.
 * Error responses are never cached.
 *
 *   export const GET = routeHandler(async (req, c, { params }) => …);
 */
export function routeHandler<P = unknown>(fn: (req: Request, c: RouteContext, segment: P) => Promise<Response>, opts: { anonymous?: boolean } = {}) {
  return async (req: Request, segment: P): Promise<Response> => {
    try {
      // `anonymous`: endpoints that never look at who is asking (health, the sign-in callbacks).
      const viewer = opts.anonymous ? null : await getViewer();
      return await fn(req, { db: db(), viewer, meta: await requestMeta() }, segment);
    } catch (e) {
      const f = describeFailure(e);
      if (!f) throw e;
      const t = await getTranslations();
      const message = t(f.message.key, f.message.params);
      const status = statusOf[f.code];
      const headers = { 'cache-control': 'no-store' };
      if (wantsJson(req)) return Response.json({ error: { code: f.code, message } }, { status, headers });
      return new Response(message, { status, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
    }
  };
}

function wantsJson(req: Request): boolean {
  const accept = req.headers.get('accept') ?? '';
  return accept.includes('application/json') || (!accept.includes('text/html') && new URL(req.url).pathname.startsWith('/api/'));
}
