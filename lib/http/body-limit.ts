/**
 * Request body limits applied before anything reads a body (proxy.ts; route handlers that read
 * form bodies themselves). A body is refused by its declared length, so nothing of it is kept.
 *
 * - Anonymous requests (no session cookie) carry small forms only: the partner sign-in form, the
 *   confirmation button, Auth.js's own forms, the language switch.
 * - Other requests that pass through proxy.ts: at most PROXIED_BODY_LIMIT, which is also
 *   next.config.js `experimental.proxyClientMaxBodySize` — Next buffers that much of any body the
 *   proxy sees, and would silently cut a longer one.
 * - Server-action calls of signed-in people skip proxy.ts (its matcher) and meet
 *   `serverActions.bodySizeLimit` (25 MB: one 20 MB attachment plus the compose form).
 */
export const ANONYMOUS_BODY_LIMIT = 64 * 1024;
export const PROXIED_BODY_LIMIT = 1024 * 1024;

/** null when the body may be read; else the HTTP status to answer with (411: no declared length, 413: too large). */
export function bodyLimitStatus(headers: Headers, limit: number): 411 | 413 | null {
  const declared = headers.get('content-length');
  if (declared === null) return headers.has('transfer-encoding') ? 411 : null;
  if (!/^\d+$/.test(declared.trim())) return 411;
  return Number(declared) > limit ? 413 : null;
}
