import { z } from 'zod';
import { emailSchema, optionalText, requiredText, uuidSchema } from '@/lib/people/schema';

/** Org-unit inputs. Messages are catalog keys under `admin` (validation.*). */

// A unit name may not contain '/', the separator of unit paths in the CSV import.
const unitName = requiredText(100).refine((s) => !s.includes('/') && !s.includes('／'), { error: 'validation.noSlash' });
const unitNameEn = optionalText(100).refine((s) => s === null || (!s.includes('/') && !s.includes('／')), { error: 'validation.noSlash' });

const parentId = z
  .string()
  .optional()
  .nullable()
  .transform((s) => (s ? s : null))
  .pipe(z.uuid({ error: 'validation.invalid' }).nullable());

export const createUnitSchema = z.object({ parentId, name: unitName, nameEn: unitNameEn });
export type CreateUnitInput = z.input<typeof createUnitSchema>;

export const renameUnitSchema = z.object({ unitId: uuidSchema, name: unitName, nameEn: unitNameEn });
export type RenameUnitInput = z.input<typeof renameUnitSchema>;

/** newParentId null moves the unit to the top level. */
export const moveUnitSchema = z.object({ unitId: uuidSchema, newParentId: parentId });
export type MoveUnitInput = z.input<typeof moveUnitSchema>;

export const deleteUnitSchema = z.object({ unitId: uuidSchema });

/** Heads are named by e-mail in the form; by id when removing. */
export const addUnitHeadSchema = z.object({ unitId: uuidSchema, email: emailSchema });
export const removeUnitHeadSchema = z.object({ unitId: uuidSchema, personId: uuidSchema });
