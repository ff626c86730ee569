import { ZodError } from 'zod';
import type { ErrorCode, FieldErrors } from '@/lib/errors';
import { isAppError } from '@/lib/errors';
import type { Msg } from '@/lib/i18n/catalog';
import { isMessageKey } from '@/lib/i18n/keys';

/**
 * An expected failure in words-to-be: its code (for HTTP statuses), the message for the whole
 * form, and one message per field. Unexpected errors are not described (null): callers rethrow
 * them to the error page and the server log.
 */
export type Failure = { code: ErrorCode; message: Msg; fieldErrors: FieldErrors; values?: Record<string, string | string[]> };

/** First issue per field, as a catalog message; `{max}`/`{min}` come from the issue itself. */
export function zodFieldErrors(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form';
    if (out[field]) continue;
    const params: Record<string, number> = {};
    const i = issue as { maximum?: unknown; minimum?: unknown };
    if (typeof i.maximum === 'number' || typeof i.maximum === 'bigint') params.max = Number(i.maximum);
    if (typeof i.minimum === 'number' || typeof i.minimum === 'bigint') params.min = Number(i.minimum);
    out[field] = { key: isMessageKey(issue.message) ? issue.message : 'errors.validation.invalid', params };
  }
  return out;
}

export function describeFailure(e: unknown): Failure | null {
  if (e instanceof ZodError) return { code: 'INVALID', message: { key: 'errors.checkFields' }, fieldErrors: zodFieldErrors(e) };
  if (isAppError(e)) {
    return { code: e.code, message: { key: e.messageKey, params: e.details.params }, fieldErrors: e.details.fieldErrors ?? {}, values: e.details.values };
  }
  // A malformed id reaching PostgreSQL (invalid text representation) is an unknown id.
  if ((e as { code?: unknown } | null)?.code === '22P02') return { code: 'NOT_FOUND', message: { key: 'errors.NOT_FOUND' }, fieldErrors: {} };
  return null;
}

/** HTTP status of each code, for route handlers (lib/http/route.ts). */
export const statusOf: Record<ErrorCode, number> = {
  INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};
