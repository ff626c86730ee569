import { z } from 'zod';
import { choice, emailSchema, idSchema, list, optionalId, optionalText, requiredText } from '@/lib/forms/schema';

/** Input schemas for people (field helpers and their messages: lib/forms/schema.ts). */

export const allRoles = ['admin', 'comms_officer', 'partner_admin'] as const;
export type PersonRoleName = (typeof allRoles)[number];
export const personKinds = ['employee', 'partner'] as const;
export type PersonKind = (typeof personKinds)[number];
export const personStatuses = ['active', 'deactivated'] as const;
export type PersonStatus = (typeof personStatuses)[number];
export type PersonOrigin = 'admin' | 'import' | 'seed' | 'self' | 'invite';

export const personLevelMax = 50;

export const createEmployeeSchema = z.object({
  name: requiredText(100),
  nameEn: optionalText(100),
  email: emailSchema,
  unitId: z.uuid({ error: 'admin.validation.unitRequired' }),
  position: optionalText(100),
  level: optionalText(personLevelMax),
});

/** Edits by an admin. unitId applies to employees only (partners sit outside the tree). */
export const updatePersonSchema = z.object({
  personId: idSchema,
  name: requiredText(100),
  nameEn: optionalText(100),
  email: emailSchema,
  unitId: optionalId,
  position: optionalText(100),
  level: optionalText(personLevelMax),
});

export const roleChangeSchema = z.object({
  personId: idSchema,
  role: z.enum(allRoles, { error: 'errors.validation.invalid' }),
});

export const personIdSchema = z.object({ personId: idSchema });

export const PAGE_SIZE = 25;
/** Offsets beyond this are refused: narrow the search instead of paging through thousands. */
export const MAX_PAGE = 400;

export const directorySearchSchema = z.object({
  q: z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim().slice(0, 100))
    .catch(''),
  unitId: z
    .string()
    .optional()
    .transform((s) => (s && /^[0-9a-f-]{36}$/i.test(s) ? s : null))
    .catch(null),
  kind: z.enum(['employee', 'partner', 'all']).optional().catch(undefined),
  status: z.enum(['active', 'deactivated', 'all']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1).default(1),
});

/** Contact fields a company may show on person pages (CHECK on directory_setting.contact_fields). */
export const contactFields = ['email', 'level', 'timezone'] as const;
export type ContactField = (typeof contactFields)[number];

export const directorySettingsSchema = z.object({
  contactFields: list(choice(contactFields)),
});
