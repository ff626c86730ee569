import 'server-only';
import type { FormState } from '@/app/_lib/form-state';
import { isAppError } from '@/lib/errors';

/**
 * What the announcement and emergency form actions return: catalog keys (full paths, shown in
 * the viewer's language by the client) and what was typed, so nothing is lost after a refusal.
 */
export type AnnFormState = FormState<string | string[]>;

const multi = new Set(['units', 'roles', 'partnerOrgs', 'removeAttachments']);

/** The submitted fields; repeated checkboxes become arrays. Files are not values (see uploadsOf). */
export function formValues(formData: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of formData.entries()) {
    if (typeof v !== 'string' || k.startsWith('$ACTION')) continue;
    if (multi.has(k)) out[k] = [...((out[k] as string[]) ?? []), v];
    else out[k] = v;
  }
  return out;
}

/**
 * Chosen files of a file input. With no file chosen the browser still sends an empty part with an
 * empty file name; Next hands it over as an empty File named "" or "undefined" (the File
 * constructor's rendering of a missing name). Those are skipped; a named empty file is kept (and
 * refused as empty by lib/files).
 */
export async function uploadsOf(formData: FormData, name: string): Promise<{ name: string; bytes: Uint8Array }[]> {
  const nothingChosen = (f: File) => f.size === 0 && (!f.name || f.name === 'undefined');
  const files = formData.getAll(name).filter((v): v is File => typeof v !== 'string' && !nothingChosen(v));
  return Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

/** `params` fill placeholders of the field messages (e.g. a refused file's name and the limit). */
export function invalid(prev: AnnFormState, fieldErrors: Record<string, string | undefined>, values: AnnFormState['values'], params?: Record<string, string | number>): AnnFormState {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(fieldErrors)) if (v) clean[k] = `announcements.errors.${v}`;
  return { ok: false, seq: prev.seq + 1, message: 'announcements.errors.checkFields', messageParams: params, fieldErrors: clean, values };
}

/** Maps an expected failure (AppError) to a state; anything else is rethrown to the error page. */
export function failure(prev: AnnFormState, e: unknown, values: AnnFormState['values']): AnnFormState {
  if (!isAppError(e)) throw e;
  const details = e.details as { fieldErrors?: Record<string, string>; params?: Record<string, string | number> } | undefined;
  if (details?.fieldErrors) return invalid(prev, details.fieldErrors, values, details.params);
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e.details ?? {})) {
    if (typeof v === 'string' || typeof v === 'number') params[k] = v;
    if (v instanceof Date) params[k] = v.toISOString();
  }
  const message = e.messageKey !== e.code ? e.messageKey : `errors.${e.code}`;
  return { ok: false, seq: prev.seq + 1, message, messageParams: params, values };
}

export function success(prev: AnnFormState, message: string, messageParams?: Record<string, string | number>): AnnFormState {
  return { ok: true, seq: prev.seq + 1, message, messageParams };
}
