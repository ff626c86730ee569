import 'server-only';
import pg from 'pg';
import { db } from '@/db/client';
import { env } from '@/lib/env';
import { metaFromHeaders } from '@/lib/http/request-meta';
import { RateLimit, type RateLimitRule } from '@/lib/ratelimit';
import { runApiCall, type ApiFn } from './api';
import type { IntegrationScope } from './schema';

/** Per token: 600 calls a minute (an ERP pushing orders one by one fits; a loop gone wrong stops). */
export const apiPerToken: RateLimitRule = { keyPrefix: 'api_token', points: 600, durationSec: 60 };

const globalForApi = globalThis as unknown as { plazaApiLimit?: Promise<RateLimit> };
function tokenLimit(): Promise<RateLimit> {
  globalForApi.plazaApiLimit ??= RateLimit.create(new pg.Pool({ connectionString: env().DATABASE_URL, max: 2 }), apiPerToken).catch((e) => {
    globalForApi.plazaApiLimit = undefined;
    throw e;
  });
  return globalForApi.plazaApiLimit;
}

/**
 * The route wrapper for `/api/v1/**` (lib/integrations/api.ts does the work):
 *
 *   export const GET = apiHandler('orders:read', async (req, c, { params }) => getApiOrder(c.db, c.viewer, (await params).id));
 */
export function apiHandler<P = unknown>(scope: IntegrationScope, fn: ApiFn<P>) {
  return async (req: Request, segment: P): Promise<Response> =>
    runApiCall(db(), req, scope, fn, segment, metaFromHeaders(req.headers), { limit: async (id) => (await tokenLimit()).consume(id) });
}
