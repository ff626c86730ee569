/**
 * Typed errors with codes, mapped once: to the not-found / forbidden pages, and to action states.
 * A partner asking for an internal item gets NOT_FOUND, never FORBIDDEN.
 */
export type ErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'INVALID' | 'CONFLICT' | 'UNAUTHENTICATED' | 'RATE_LIMITED';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** A message-catalog key under `errors.` describing the problem for the person. */
    readonly messageKey: string = code,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${code}: ${messageKey}`);
    this.name = 'AppError';
  }
}

export const notFound = (key = 'NOT_FOUND') => new AppError('NOT_FOUND', key);
export const forbidden = (key = 'FORBIDDEN') => new AppError('FORBIDDEN', key);
export const invalid = (key = 'INVALID', details?: Record<string, unknown>) => new AppError('INVALID', key, details);
export const conflict = (key = 'CONFLICT', details?: Record<string, unknown>) => new AppError('CONFLICT', key, details);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
