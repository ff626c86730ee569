import { z } from 'zod';

/**
 * Building blocks for input schemas, shared by every area. Every zod message is a full catalog
 * key (generic ones under `errors.validation.*`); lib/forms/describe.ts turns the first issue per
 * field into that message, with `{max}` / `{min}` filled from the issue.
 */

// Control characters and invisible format characters (zero-width, bidi overrides) have no place
// in a name or title: they are used to spoof what an admin sees.
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** A required single-line text: trimmed, inner whitespace collapsed, no control characters. */
export const requiredText = (max: number) =>
  z
    .string({ error: 'errors.validation.required' })
    .transform((s) => s.trim().replace(/\s+/g, ' '))
    .pipe(
      z
        .string()
        .min(1, { error: 'errors.validation.required' })
        .max(max, { error: 'errors.validation.tooLong' })
        .refine((s) => !INVISIBLE.test(s), { error: 'errors.validation.invisibleChars' }),
    );

/** An optional single-line text: empty → null. */
export const optionalText = (max: number) =>
  z
    .string({ error: 'errors.validation.invalid' })
    .optional()
    .nullable()
    .transform((s) => {
      const v = (s ?? '').trim().replace(/\s+/g, ' ');
      return v === '' ? null : v;
    })
    .pipe(
      z
        .string()
        .max(max, { error: 'errors.validation.tooLong' })
        .refine((s) => !INVISIBLE.test(s), { error: 'errors.validation.invisibleChars' })
        .nullable(),
    );

/** Multi-line text (a reason, a description): line breaks kept, trimmed, control characters but \n and \t refused. */
export const longText = (max: number, opts: { required?: boolean } = {}) =>
  z
    .string({ error: 'errors.validation.required' })
    .optional()
    .nullable()
    .transform((s) => (s ?? '').replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(opts.required ? 1 : 0, { error: 'errors.validation.required' })
        .max(max, { error: 'errors.validation.tooLong' })
        .refine((s) => !/[\p{Cc}\u2028\u2029]/u.test(s.replace(/[\n\t]/g, '')), { error: 'errors.validation.invisibleChars' }),
    );

/**
 * An e-mail address from an untrusted source: trimmed and lowercased, then plain printable ASCII
 * only (no display-name forms like `Bob <b@x.com>`, no quotes, no full-width ＠ or Cyrillic look-alikes,
 * no control characters), then a strict address check.
 */
export const emailSchema = z
  .string({ error: 'errors.validation.required' })
  .transform((s) => s.trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1, { error: 'errors.validation.required' })
      .max(254, { error: 'errors.validation.tooLong' })
      .regex(/^[\x21-\x7e]+$/, { error: 'errors.validation.emailInvalid' })
      .refine((s) => !/[<>"(),;:\\[\]]/.test(s), { error: 'errors.validation.emailInvalid' })
      .pipe(z.email({ error: 'errors.validation.emailInvalid' })),
  );

/** An id (UUID). A malformed one is invalid input; lib answers NOT_FOUND for unknown ids. */
export const idSchema = z.uuid({ error: 'errors.validation.invalid' });

/** An optional id: empty → null. */
export const optionalId = z
  .string()
  .optional()
  .nullable()
  .transform((s) => (s ? s : null))
  .pipe(z.uuid({ error: 'errors.validation.invalid' }).nullable());

/** A checkbox: the browser sends "on" (or the value) when ticked and nothing otherwise. */
export const checkbox = z
  .union([z.boolean(), z.string()])
  .nullish()
  .transform((v) => v === true || v === 'on' || v === 'true' || v === '1');

/** A repeated field (checkboxes, multi-select): one value arrives as a string, several as an array, none as undefined. */
export const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item)).optional().transform((v) => v ?? []);

/** One of a fixed set of values (a select or radio group). */
export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: 'errors.validation.choose' });
