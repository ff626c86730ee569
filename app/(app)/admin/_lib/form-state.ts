import 'server-only';
import type { FormState as SharedFormState } from '@/app/_lib/form-state';
import { ZodError } from 'zod';
import { isAppError } from '@/lib/errors';
import { fieldErrorsOf } from '@/lib/people/input';

/**
 * What every admin form action returns. Messages are catalog keys under `admin`, rendered in the
 * viewer's language by the client form; `values` keeps what was typed after a refusal.
 */
export type FormState = SharedFormState;

export const initialFormState: FormState = { ok: false, seq: 0 };

/** The submitted text fields (files and Next's internal fields left out). */
export function formValues(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of formData.entries()) if (typeof v === 'string' && !k.startsWith('$ACTION')) out[k] = v;
  return out;
}

/** Maps an expected failure to a form state; anything unexpected is rethrown (error page, server log). */
export function failure(prev: FormState, e: unknown, values: Record<string, string>): FormState {
  const seq = prev.seq + 1;
  if (e instanceof ZodError) return { ok: false, seq, message: 'errors.INVALID', fieldErrors: fieldErrorsOf(e), values };
  if (isAppError(e)) {
    const details = e.details as { fieldErrors?: Record<string, string> } | undefined;
    const own = e.messageKey !== e.code;
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(e.details ?? {})) if (typeof v === 'string' || typeof v === 'number') params[k] = v;
    return {
      ok: false,
      seq,
      message: own ? e.messageKey : `errors.${e.code}`,
      messageParams: params,
      fieldErrors: details?.fieldErrors,
      values,
    };
  }
  throw e;
}

export function success(prev: FormState, message = 'common.saved', values?: Record<string, string>): FormState {
  return { ok: true, seq: prev.seq + 1, message, values };
}

/** The same mapping for a failed zod parse in the action (before any database work). */
export function invalidInput(prev: FormState, error: ZodError, values: Record<string, string>): FormState {
  return failure(prev, error, values);
}
