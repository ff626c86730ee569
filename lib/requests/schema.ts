import { z } from 'zod';
import { checkbox, choice, idSchema, list, longText, optionalText, requiredText } from '@/lib/forms/schema';

export const requestTypes = ['feedback', 'complaint', 'support', 'order', 'other'] as const;
export type RequestType = (typeof requestTypes)[number];
export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];
export const requestStatuses = ['new', 'open', 'waiting', 'resolved', 'closed'] as const;

export const SUBJECT_MAX = 200;
export const DESCRIPTION_MAX = 20000;
export const NOTE_MAX = 2000;

/** A customer's new request (attachments arrive in the form data, checked by lib/files). */
export const submitSchema = z.object({
  type: choice(requestTypes),
  topic: optionalText(120),
  priority: choice(priorities),
  subject: requiredText(SUBJECT_MAX),
  description: longText(DESCRIPTION_MAX, { required: true }),
  share: checkbox,
});

/** A message from staff: a public reply (the customer sees it and gets it by mail) or an internal note. */
export const staffMessageSchema = z.object({
  id: idSchema,
  body: longText(DESCRIPTION_MAX, { required: true }),
  visibility: choice(['public', 'internal'] as const),
  /** After a public reply: keep open, wait for the customer, or mark resolved. */
  then: z.enum(['open', 'waiting', 'resolved'], { error: 'errors.validation.choose' }).optional().default('waiting'),
});

export const customerReplySchema = z.object({ id: idSchema, body: longText(DESCRIPTION_MAX, { required: true }) });

export const assignSchema = z
  .object({ id: idSchema, person: list(idSchema), unit: list(idSchema), note: longText(NOTE_MAX) })
  .refine((v) => v.person.length + v.unit.length >= 1, { message: 'requests.errors.assignTarget', path: ['person'] })
  .refine((v) => v.person.length <= 1 && v.unit.length <= 1, { message: 'requests.errors.assignOne', path: ['person'] });

export const prioritySchema = z.object({ id: idSchema, priority: choice(priorities) });

export const statusSchema = z.object({ id: idSchema, status: choice(['open', 'waiting', 'resolved', 'closed'] as const) });

export const rateSchema = z.object({
  id: idSchema,
  rating: z.coerce.number({ error: 'requests.errors.ratingRange' }).int({ error: 'requests.errors.ratingRange' }).min(1, { error: 'requests.errors.ratingRange' }).max(5, { error: 'requests.errors.ratingRange' }),
  comment: longText(NOTE_MAX),
});

export const shareSchema = z.object({ id: idSchema, share: checkbox });

export const listSchema = z.object({
  status: z.enum(requestStatuses).optional().catch(undefined),
  scope: z.enum(['queue', 'mine', 'all']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

// Administration

export const routeSchema = z.object({
  /** Empty: the default unit (anything no other route matches). */
  type: z.union([z.literal(''), z.enum(requestTypes)], { error: 'errors.validation.choose' }).optional().default(''),
  topic: optionalText(120),
  unit: list(idSchema).pipe(z.array(z.string()).min(1, { error: 'requests.errors.unitRequired' }).max(1)),
}).refine((v) => v.type !== '' || v.topic === null, { message: 'requests.errors.topicNeedsType', path: ['topic'] });

const positiveHours = z.coerce
  .number({ error: 'requests.errors.hoursPositive' })
  .refine((n) => Number.isFinite(n) && n > 0, { error: 'requests.errors.hoursPositive' })
  .refine((n) => n <= 2000, { error: 'requests.errors.hoursTooLong' });

export const policySchema = z.object({
  type: choice(requestTypes),
  priority: choice(priorities),
  firstResponseHours: positiveHours,
  resolutionHours: positiveHours,
}).refine((v) => v.resolutionHours >= v.firstResponseHours, { message: 'requests.errors.resolutionBeforeResponse', path: ['resolutionHours'] });

const isoDay = z.string({ error: 'errors.validation.required' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'requests.errors.dayInvalid' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { error: 'requests.errors.dayInvalid' });

export const calendarEntrySchema = z.object({
  kind: choice(['holiday', 'workday'] as const),
  startDay: isoDay,
  endDay: isoDay,
  name: requiredText(120),
  nameEn: optionalText(120),
})
  .refine((v) => v.endDay >= v.startDay, { message: 'requests.errors.entryInverted', path: ['endDay'] })
  .refine((v) => Date.parse(v.endDay) - Date.parse(v.startDay) <= 31 * 86_400_000, { message: 'requests.errors.entryTooLong', path: ['endDay'] });

export const calendarSettingsSchema = z.object({
  timeZone: requiredText(64).refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } }, { error: 'requests.errors.timeZoneInvalid' }),
  weekdays: list(z.enum(['1', '2', '3', '4', '5', '6', '7'], { error: 'errors.validation.choose' })).refine((a) => a.length >= 1, { error: 'requests.errors.weekdaysEmpty' }),
  periods: requiredText(200),
});

export const reopenDaysSchema = z.object({ reopenDays: z.coerce.number({ error: 'requests.errors.reopenDays' }).int({ error: 'requests.errors.reopenDays' }).min(0, { error: 'requests.errors.reopenDays' }).max(90, { error: 'requests.errors.reopenDays' }) });

export const idOnly = z.object({ id: idSchema });

// Saved replies

export const SAVED_REPLY_TITLE_MAX = 120;

/** A saved reply: a title (Chinese, optionally English) and its text in both languages (at least one). */
export const savedReplySchema = z.object({
  id: z.union([z.literal(''), idSchema]).optional().default(''),
  scope: choice(['personal', 'unit'] as const).optional().default('personal'),
  unit: list(idSchema),
  title: requiredText(SAVED_REPLY_TITLE_MAX),
  titleEn: optionalText(SAVED_REPLY_TITLE_MAX),
  bodyZh: longText(DESCRIPTION_MAX),
  bodyEn: longText(DESCRIPTION_MAX),
})
  .refine((v) => v.bodyZh !== '' || v.bodyEn !== '', { message: 'requests.errors.savedReplyEmpty', path: ['bodyZh'] })
  .refine((v) => v.id !== '' || v.scope !== 'unit' || v.unit.length === 1, { message: 'requests.errors.unitRequired', path: ['unit'] });

export const savedReplyListSchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined) });
