import type { z } from 'zod';
import { invalid } from '@/lib/errors';

/**
 * Shared by lib/org, lib/people, lib/partners and lib/import: parse input or throw INVALID with the
 * first catalog key per field (keys under the `admin` namespace, e.g. `validation.required`).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw invalid('validation.invalid', { fieldErrors: fieldErrorsOf(r.error) });
}

/** First message per top-level field; messages that are not our catalog keys become `validation.invalid`. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '_form');
    if (out[field]) continue;
    out[field] = /^validation\.[A-Za-z]+$/.test(issue.message) ? issue.message : 'validation.invalid';
  }
  return out;
}

/** PostgreSQL unique violation (23505), optionally on a named constraint or index. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string } | null;
  return !!err && err.code === '23505' && (!constraint || err.constraint === constraint);
}
