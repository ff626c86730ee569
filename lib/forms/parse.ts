import type { z } from 'zod';
import { AppError } from '@/lib/errors';
import { zodFieldErrors } from './describe';

/**
 * The one place input is validated: lib functions take what the form (or API) sent and parse it
 * here. A refusal is an INVALID AppError carrying a message per field, which the action wrapper
 * shows at the fields while keeping what was typed.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new AppError('INVALID', 'errors.checkFields', { fieldErrors: zodFieldErrors(r.error) });
}
