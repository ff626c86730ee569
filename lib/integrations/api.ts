import 'server-only';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { describeFailure } from '@/lib/forms/describe';
import type { RequestMeta } from '@/lib/http/request-meta';
import type { AppLocale } from '@/lib/i18n/config';
import { mailTranslator } from '@/lib/mail/translator';
import type { RateLimitResult } from '@/lib/ratelimit';
import type { IntegrationScope } from './schema';
import { authenticateToken } from './tokens';

/**
 * The JSON API's one wrapper (lib/integrations/handler.ts binds it to Next.js as `apiHandler`):
 * authenticates `Authorization: Bearer plz_…`, checks expiry, revocation and the route's scope,
 * rate-limits per token, runs the handler as the person the token acts for (lib checks that
 * person as for any viewer), and answers errors as JSON with a stable code:
 *
 *   { "error": { "code": "validation_failed", "message": "…", "fields": [{ "path": "lines.0.quantity", "message": "…" }] } }
 *
 * Every call — refused or not — is an audit entry `integration.call` (token, method, route, status, code).
 */
export type ApiErrorCode =
  | 'token_missing' | 'token_invalid' | 'token_expired' | 'token_revoked' | 'scope_denied'
  | 'validation_failed' | 'not_found' | 'forbidden' | 'conflict' | 'rate_limited';

const statusOfCode: Record<ApiErrorCode, number> = {
  token_missing: 401, token_invalid: 401, token_expired: 401, token_revoked: 401, scope_denied: 403,
  validation_failed: 422, not_found: 404, forbidden: 403, conflict: 409, rate_limited: 429,
};

const codeOfAppError: Record<string, ApiErrorCode> = {
  INVALID: 'validation_failed', NOT_FOUND: 'not_found', FORBIDDEN: 'forbidden', CONFLICT: 'conflict', RATE_LIMITED: 'rate_limited', UNAUTHENTICATED: 'token_invalid',
};

export type ApiContext = { db: Kysely<DB>; viewer: Viewer; token: { id: string; name: string; scopes: IntegrationScope[] }; meta: RequestMeta; locale: AppLocale };
/** What a handler answers: a body (200) or `apiResult(body, 201)`. */
export class ApiResult {
  constructor(readonly body: unknown, readonly status: number) {}
}
export const apiResult = (body: unknown, status = 200) => new ApiResult(body, status);
export type ApiFn<P> = (req: Request, c: ApiContext, segment: P) => Promise<unknown>;
export type ApiDeps = { limit?: (tokenId: string) => Promise<RateLimitResult>; now?: Date };

/** The locale of API messages: Chinese when the client asks for it, English otherwise. */
export function apiLocale(req: Request): AppLocale {
  return /^\s*zh/i.test(req.headers.get('accept-language') ?? '') ? 'zh-CN' : 'en';
}

/** Reads a JSON body; a body that is not JSON is a validation failure. */
export async function readJson(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new AppError('INVALID', 'integrations.api.errors.bodyNotJson');
  }
}

function routeOf(req: Request): string {
  return new URL(req.url).pathname.slice(0, 300);
}

export async function runApiCall<P>(
  db: Kysely<DB>, req: Request, scope: IntegrationScope, fn: ApiFn<P>, segment: P, meta: RequestMeta, deps: ApiDeps = {},
): Promise<Response> {
  const locale = apiLocale(req);
  const now = deps.now ?? new Date();
  let token: { id: string; name: string; prefix: string } | undefined;
  let actsAs: string | null = null;

  const answer = async (status: number, body: unknown, code: ApiErrorCode | null, headers: Record<string, string> = {}): Promise<Response> => {
    await recordAudit(db, {
      actor: actsAs ? { id: actsAs, email: token ? `token ${token.prefix}` : null } : null,
      action: 'integration.call',
      target: token ? { type: 'integration_token', id: token.id, label: token.name } : { type: 'integration_token' },
      details: { method: req.method, route: routeOf(req), status, outcome: code ?? 'ok', scope },
      meta,
    });
    if (token && status < 500) await db.updateTable('integration_token').set({ last_used_at: now }).where('id', '=', token.id).execute();
    return Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
  };
  const fail = async (code: ApiErrorCode, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    answer(statusOfCode[code], { error: { code, message, ...extra } }, code, headers);
  const t = await mailTranslator(locale);

  const auth = await authenticateToken(db, req.headers.get('authorization'), now);
  if (!auth.ok) {
    token = auth.token;
    return fail(auth.code, t(`integrations.api.errors.${auth.code}`), {}, auth.code === 'token_missing' ? { 'www-authenticate': 'Bearer' } : {});
  }
  token = auth.token;
  actsAs = auth.token.actsAs;
  if (!auth.token.scopes.includes(scope)) return fail('scope_denied', t('integrations.api.errors.scope_denied', { scope }), { scope });
  const viewer = await loadViewer(db, auth.token.actsAs);
  if (!viewer) return fail('token_invalid', t('integrations.api.errors.actorInactive'));
  if (deps.limit) {
    const r = await deps.limit(auth.token.id);
    if (!r.allowed) return fail('rate_limited', t('integrations.api.errors.rate_limited', { seconds: r.retryAfterSec }), {}, { 'retry-after': String(r.retryAfterSec) });
  }

  try {
    const out = await fn(req, { db, viewer, token: auth.token, meta, locale }, segment);
    if (out instanceof ApiResult) return answer(out.status, out.body, null);
    return answer(200, out, null);
  } catch (e) {
    const f = describeFailure(e);
    if (!f) throw e;
    const code = codeOfAppError[f.code] ?? 'validation_failed';
    const fields = Object.entries(f.fieldErrors).map(([path, m]) => ({ path, message: t(m.key, m.params) }));
    return fail(code, t(f.message.key, f.message.params), code === 'validation_failed' ? { fields } : {});
  }
}
