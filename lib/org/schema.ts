import { z } from 'zod';
import { emailSchema, optionalId, optionalText, requiredText, idSchema } from '@/lib/forms/schema';

/** Org-unit inputs (field helpers and their messages: lib/forms/schema.ts). */

// A unit name may not contain '/', the separator of unit paths in the CSV import.
const unitName = requiredText(100).refine((s) => !s.includes('/') && !s.includes('／'), { error: 'admin.validation.noSlash' });
const unitNameEn = optionalText(100).refine((s) => s === null || (!s.includes('/') && !s.includes('／')), { error: 'admin.validation.noSlash' });

const parentId = z
  .string()
  .optional()
  .nullable()
  .transform((s) => (s ? s : null))
  .pipe(z.uuid({ error: 'errors.validation.invalid' }).nullable());

export const createUnitSchema = z.object({ parentId, name: unitName, nameEn: unitNameEn });

export const renameUnitSchema = z.object({ unitId: idSchema, name: unitName, nameEn: unitNameEn });

/** newParentId null moves the unit to the top level. */
export const moveUnitSchema = z.object({ unitId: idSchema, newParentId: parentId });

export const deleteUnitSchema = z.object({ unitId: idSchema });

/** Heads are chosen with the person picker (`personId`; an e-mail address still works); by id when removing. */
export const addUnitHeadSchema = z
  .object({ unitId: idSchema, personId: optionalId, email: emailSchema.optional() })
  .refine((d) => d.personId || d.email, { error: 'errors.validation.required', path: ['personId'] });
export const removeUnitHeadSchema = z.object({ unitId: idSchema, personId: idSchema });
