import type { MessageKey, MessageParams, Msg } from '@/lib/i18n/catalog';

/**
 * Typed errors with codes, mapped once: to pages (lib/http/page-guard.ts), to form results
 * (lib/http/action.ts) and to HTTP statuses (lib/http/route.ts). A partner asking for an
 * internal item gets NOT_FOUND, never FORBIDDEN.
 */
export type ErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'INVALID' | 'CONFLICT' | 'UNAUTHENTICATED' | 'RATE_LIMITED';

/** Field name → what is wrong with it. Names are the form's field names (nested: `lines.0.quantity`). */
export type FieldErrors = Record<string, Msg>;

export type ErrorDetails = {
  /** Values for the placeholders of the message (and of field messages). */
  params?: MessageParams;
  fieldErrors?: FieldErrors;
  /**
   * Form values the form should show after the refusal in place of what was sent (e.g. files
   * chosen in this submission, stored meanwhile and now listed by id: nothing chosen is lost).
   */
  values?: Record<string, string | string[]>;
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** The full catalog key of what the person is told, e.g. 'admin.org.errors.nameTaken'. */
    readonly messageKey: MessageKey = `errors.${code}`,
    readonly details: ErrorDetails = {},
  ) {
    super(`${code}: ${messageKey}`);
    this.name = 'AppError';
  }
}

export const notFound = (key?: MessageKey) => new AppError('NOT_FOUND', key);
export const forbidden = (key?: MessageKey) => new AppError('FORBIDDEN', key);
export const invalid = (key?: MessageKey, details?: ErrorDetails) => new AppError('INVALID', key, details);
export const conflict = (key?: MessageKey, details?: ErrorDetails) => new AppError('CONFLICT', key, details);
export const rateLimited = (key?: MessageKey, params?: MessageParams) => new AppError('RATE_LIMITED', key, { params });

/**
 * Refuses input field by field: `invalidFields({ title: 'errors.validation.required' })`. The
 * form shows each message at its field and keeps what was typed.
 */
export function invalidFields(fields: Record<string, MessageKey | Msg>, params?: MessageParams, code: ErrorCode = 'INVALID'): AppError {
  const fieldErrors: FieldErrors = {};
  for (const [name, m] of Object.entries(fields)) fieldErrors[name] = typeof m === 'string' ? { key: m, params } : m;
  return new AppError(code, 'errors.checkFields', { params, fieldErrors });
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
