import { z } from 'zod';

/**
 * Input schemas for people. Every zod message is a catalog key under the `admin` namespace
 * (messages/admin/*.json → `validation.*`), so forms show it in the viewer's language.
 */

// Control characters and invisible format characters (zero-width, bidi overrides) have no place
// in a name or title: they are used to spoof what an admin sees.
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** A required single-line text: trimmed, inner whitespace collapsed, no control characters. */
export const requiredText = (max: number) =>
  z
    .string({ error: 'validation.required' })
    .transform((s) => s.trim().replace(/\s+/g, ' '))
    .pipe(
      z
        .string()
        .min(1, { error: 'validation.required' })
        .max(max, { error: 'validation.tooLong' })
        .refine((s) => !INVISIBLE.test(s), { error: 'validation.invisibleChars' }),
    );

/** An optional single-line text: empty → null. */
export const optionalText = (max: number) =>
  z
    .string({ error: 'validation.invalid' })
    .optional()
    .nullable()
    .transform((s) => {
      const v = (s ?? '').trim().replace(/\s+/g, ' ');
      return v === '' ? null : v;
    })
    .pipe(
      z
        .string()
        .max(max, { error: 'validation.tooLong' })
        .refine((s) => !INVISIBLE.test(s), { error: 'validation.invisibleChars' })
        .nullable(),
    );

/**
 * An e-mail address from an untrusted source: trimmed and lowercased, then plain printable ASCII
 * only (no display-name forms like `Bob <b@x.com>`, no quotes, no full-width ＠ or Cyrillic look-alikes,
 * no control characters), then a strict address check.
 */
export const emailSchema = z
  .string({ error: 'validation.required' })
  .transform((s) => s.trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1, { error: 'validation.required' })
      .max(254, { error: 'validation.tooLong' })
      .regex(/^[\x21-\x7e]+$/, { error: 'validation.emailInvalid' })
      .refine((s) => !/[<>"(),;:\\[\]]/.test(s), { error: 'validation.emailInvalid' })
      .pipe(z.email({ error: 'validation.emailInvalid' })),
  );

export const uuidSchema = z.uuid({ error: 'validation.invalid' });
const optionalUuid = z
  .string()
  .optional()
  .nullable()
  .transform((s) => (s ? s : null))
  .pipe(z.uuid({ error: 'validation.invalid' }).nullable());

export const employeeRoles = ['admin', 'comms_officer'] as const;
export const allRoles = ['admin', 'comms_officer', 'partner_admin'] as const;
export type PersonRoleName = (typeof allRoles)[number];

export const personLevelMax = 50;

export const createEmployeeSchema = z.object({
  name: requiredText(100),
  nameEn: optionalText(100),
  email: emailSchema,
  unitId: z.uuid({ error: 'validation.unitRequired' }),
  position: optionalText(100),
  level: optionalText(personLevelMax),
});
export type CreateEmployeeInput = z.input<typeof createEmployeeSchema>;

/** Edits by an admin. unitId applies to employees only (partners sit outside the tree). */
export const updatePersonSchema = z.object({
  personId: uuidSchema,
  name: requiredText(100),
  nameEn: optionalText(100),
  email: emailSchema,
  unitId: optionalUuid,
  position: optionalText(100),
  level: optionalText(personLevelMax),
});
export type UpdatePersonInput = z.input<typeof updatePersonSchema>;

export const roleChangeSchema = z.object({
  personId: uuidSchema,
  role: z.enum(allRoles, { error: 'validation.invalid' }),
});

export const personIdSchema = z.object({ personId: uuidSchema });

export const PAGE_SIZE = 25;
/** Offsets beyond this are refused: narrow the search instead of paging through thousands. */
export const MAX_PAGE = 400;

export const directorySearchSchema = z.object({
  q: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim().slice(0, 100)),
  unitId: z
    .string()
    .optional()
    .transform((s) => (s && /^[0-9a-f-]{36}$/i.test(s) ? s : null)),
  kind: z.enum(['employee', 'partner', 'all']).optional().catch(undefined),
  status: z.enum(['active', 'deactivated', 'all']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1).default(1),
});
export type DirectorySearchInput = z.input<typeof directorySearchSchema>;
