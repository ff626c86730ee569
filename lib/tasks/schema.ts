import { z } from 'zod';
import { choice, idSchema, list, longText, optionalId, requiredText } from '@/lib/forms/schema';
import { taskStatuses } from './abilities';

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 20000;
export const NOTE_MAX = 4000;
export const TAGS_MAX = 10;
export const COLLABORATORS_MAX = 20;
export const priorities = ['high', 'medium', 'low'] as const;
export type TaskPriority = (typeof priorities)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date from an <input type="date">: empty → null. */
export const optionalDate = z
  .string({ error: 'errors.validation.invalid' })
  .optional()
  .nullable()
  .transform((s) => (s ?? '').trim() || null)
  .pipe(z.string().regex(DATE, { error: 'tasks.errors.dateInvalid' }).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), { error: 'tasks.errors.dateInvalid' }).nullable());

export const requiredDate = z
  .string({ error: 'errors.validation.required' })
  .transform((s) => s.trim())
  .pipe(z.string().min(1, { error: 'errors.validation.required' }).regex(DATE, { error: 'tasks.errors.dateInvalid' }));

/** "a, b；c" → ['a','b','c']: trimmed, lowercased, unique, at most TAGS_MAX of 30 characters. */
export const tagsSchema = z
  .string({ error: 'errors.validation.invalid' })
  .optional()
  .nullable()
  .transform((s) => [...new Set((s ?? '').split(/[,，;；\s]+/).map((x) => x.trim().toLowerCase()).filter(Boolean))])
  .pipe(z.array(z.string().max(30, { error: 'tasks.errors.tagTooLong' })).max(TAGS_MAX, { error: 'tasks.errors.tooManyTags' }));

/** A single Picker value: exactly one id. */
const onePerson = list(idSchema).pipe(z.array(z.string()).min(1, { error: 'tasks.errors.ownerRequired' }).max(1, { error: 'tasks.errors.ownerRequired' }));

export const createTaskSchema = z.object({
  title: requiredText(TITLE_MAX),
  description: longText(DESCRIPTION_MAX),
  owner: onePerson.transform((v) => v[0]),
  collaborators: list(idSchema).pipe(z.array(z.string()).max(COLLABORATORS_MAX, { error: 'tasks.errors.tooManyCollaborators' })),
  priority: z.preprocess((v) => (v === undefined || v === null || v === '' ? 'medium' : v), choice(priorities)),
  startsOn: optionalDate,
  dueOn: optionalDate,
  tags: tagsSchema,
  announcementId: optionalId,
});
export type CreateTaskInput = z.output<typeof createTaskSchema>;

/** Editing a task (the creator, while open): every field of the new-task form, the owner included (reassigning). */
export const editTaskSchema = createTaskSchema.omit({ announcementId: true }).extend({
  id: idSchema,
  /** Why the owner changes (optional, shown in the history and to the new owner). */
  reassignNote: longText(NOTE_MAX),
});
export type EditTaskInput = z.output<typeof editTaskSchema>;

export const moveSchema = z.object({ id: idSchema, to: choice(taskStatuses) });
export const returnSchema = z.object({ id: idSchema, reason: longText(NOTE_MAX, { required: true }) });
export const noteSchema = z.object({ id: idSchema, body: longText(NOTE_MAX, { required: true }), mentions: list(idSchema).pipe(z.array(z.string()).max(20)) });
export const extensionRequestSchema = z.object({ id: idSchema, dueOn: requiredDate, reason: longText(NOTE_MAX, { required: true }) });
export const extensionDecisionSchema = z.object({
  id: idSchema,
  extensionId: idSchema,
  decision: choice(['approve', 'decline'] as const),
  note: longText(NOTE_MAX),
});

export const taskScopes = ['mine', 'created', 'team'] as const;
export type TaskScope = (typeof taskScopes)[number];
export const taskTabs = ['open', 'todo', 'in_progress', 'in_review', 'done', 'overdue'] as const;
export type TaskTab = (typeof taskTabs)[number];

/** List filters from the query string: anything malformed is ignored, never an error. */
export const listFilterSchema = z.object({
  scope: z.enum(taskScopes).catch('mine'),
  tab: z.enum(taskTabs).catch('open'),
  tag: z.string().trim().toLowerCase().max(30).optional().catch(undefined).transform((v) => v || undefined),
  priority: z.enum(priorities).optional().catch(undefined),
  owner: z.uuid().optional().catch(undefined),
  dueFrom: z.string().regex(DATE).optional().catch(undefined),
  dueTo: z.string().regex(DATE).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10000).catch(1),
});
export type ListFilter = z.output<typeof listFilterSchema>;
