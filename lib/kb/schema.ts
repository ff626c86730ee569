import { z } from 'zod';
import { checkbox, idSchema, list, optionalId, optionalText, requiredText } from '@/lib/forms/schema';

/** The audience fields of a space or folder form (pickers submit repeated ids). */
const audienceFields = {
  viewInherit: checkbox,
  viewEveryone: checkbox,
  viewUnits: list(idSchema),
  viewPeople: list(idSchema),
  viewPartnerOrgs: list(idSchema),
  editInherit: checkbox,
  editEveryone: checkbox,
  editUnits: list(idSchema),
  editPeople: list(idSchema),
  editPartnerOrgs: list(idSchema),
};

export const spaceSchema = z.object({
  id: optionalId,
  name: requiredText(80),
  description: optionalText(500),
  owners: list(idSchema),
  ...audienceFields,
});
export type SpaceInput = z.output<typeof spaceSchema>;

export const folderSchema = z.object({
  id: optionalId,
  spaceId: idSchema,
  parentId: optionalId,
  name: requiredText(80),
  ...audienceFields,
});
export type FolderInput = z.output<typeof folderSchema>;

/** `javascript:` and `data:` links are refused at save, so the author sees why (the renderer drops them too). */
const DANGEROUS_LINK = /\]\(\s*<?\s*(javascript|vbscript|data)\s*:|(href|src)\s*=\s*["']?\s*(javascript|vbscript|data)\s*:/i;

export const articleBody = z
  .string({ error: 'errors.validation.required' })
  .optional()
  .nullable()
  .transform((s) => (s ?? '').replace(/\r\n?/g, '\n'))
  .pipe(
    z.string()
      .max(200_000, { error: 'errors.validation.tooLong' })
      .refine((s) => !DANGEROUS_LINK.test(s), { error: 'kb.errors.dangerousLink' }),
  );

export const createArticleSchema = z.object({
  spaceId: idSchema,
  folderId: optionalId,
  title: requiredText(200),
  body: articleBody,
  summary: optionalText(300),
});

export const saveArticleSchema = z.object({
  id: idSchema,
  /** The version the editor started from: a save on top of another person's newer version is refused. */
  baseVersion: z.coerce.number({ error: 'errors.validation.invalid' }).int().min(1),
  title: requiredText(200),
  body: articleBody,
  summary: optionalText(300),
  material: checkbox,
});

export const restoreSchema = z.object({ id: idSchema, version: z.coerce.number({ error: 'errors.validation.invalid' }).int().min(1) });

export const moveArticleSchema = z.object({ id: idSchema, target: z.string({ error: 'errors.validation.choose' }).min(1, { error: 'errors.validation.choose' }) });

export const moveFolderSchema = z.object({ id: idSchema, parentId: optionalId });

export const requiredReadingSchema = z.object({
  id: idSchema,
  everyone: checkbox,
  units: list(idSchema),
  people: list(idSchema),
  partnerOrgs: list(idSchema),
  renewalDays: z
    .union([z.literal(''), z.coerce.number({ error: 'errors.validation.invalid' }).int({ error: 'errors.validation.invalid' }).min(1, { error: 'errors.validation.invalid' }).max(3650, { error: 'errors.validation.invalid' })])
    .optional()
    .nullable()
    .transform((v) => (v === '' || v == null ? null : v)),
});

export const articleIdSchema = z.object({ id: idSchema });
/** A streamed upload: the article and the file's name as the browser gave it (sanitised by lib/files). */
export const streamFileSchema = z.object({ id: idSchema, name: requiredText(1000) });
export const removeFileSchema = z.object({ id: idSchema, fileId: idSchema });
/** Deleting an article: its title typed again, so a slip of the hand deletes nothing. */
export const deleteArticleSchema = z.object({ id: idSchema, confirmTitle: requiredText(200) });

export const ackSchema = z.object({ id: idSchema, version: z.coerce.number({ error: 'errors.validation.invalid' }).int().min(1) });

export const searchFiltersSchema = z.object({
  q: z.string().optional().transform((s) => (s ?? '').trim().slice(0, 200)),
  space: z.string().optional().transform((s) => (s ? s : null)),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(50).optional().catch(1),
});
