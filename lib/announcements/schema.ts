import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { audienceRoles } from '@/lib/audience/schema';
import { checkbox, list } from '@/lib/forms/schema';
import type { MessageKey } from '@/lib/i18n/catalog';

export const announcementKinds = ['notice', 'collab_request', 'decision', 'feedback_request'] as const;
export type AnnouncementKind = (typeof announcementKinds)[number];
export const urgencies = ['normal', 'urgent'] as const;
export type Urgency = (typeof urgencies)[number];
export const announcementStatuses = ['draft', 'pending_approval', 'rejected', 'scheduled', 'published', 'withdrawn'] as const;
export type AnnouncementStatus = (typeof announcementStatuses)[number];
export const approvalStatuses = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];
export type AnnouncementEventKind =
  | 'published' | 'submitted' | 'approved' | 'rejected' | 'edited' | 'withdrawn' | 'reminder'
  | 'escalation_reminder' | 'escalation_heads' | 'target_met' | 'renotified' | 'response_reminder';
export const readChannels = ['web', 'mail', 'board'] as const;
export type ReadChannel = (typeof readChannels)[number];

export const TITLE_MAX = 120;
export const BODY_MAX = 20000;
export const SUMMARY_MAX = 200;
export const REASON_MAX = 1000;

/** Field → catalog key of what is wrong with it (rules between fields). */
export type RuleErrors = Record<string, MessageKey>;

const trimmed = (max: number, emptyKey: MessageKey, longKey: MessageKey) =>
  z.string().trim().min(1, { message: emptyKey }).max(max, { message: longKey });
const optionalLocal = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine((v) => v === undefined || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v), { message: 'announcements.errors.dateInvalid' });


/**
 * Named people: the person picker's ids (repeated `people` fields), or — for older clients and
 * scripts — e-mail addresses in one text. Split by splitPeople.
 */
export const peopleField = list(z.string().max(20000, { message: 'announcements.errors.peopleTooMany' })).pipe(z.array(z.string()).max(2000, { message: 'announcements.errors.peopleTooMany' }));

/** The picker's person ids and any e-mail addresses typed by hand. */
export function splitPeople(items: string[]): { personIds: string[]; emails: string[] } {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const personIds = [...new Set(items.filter((x) => uuid.test(x.trim())).map((x) => x.trim().toLowerCase()))];
  const emails = splitEmails(items.filter((x) => !uuid.test(x.trim())).join(' '));
  return { personIds, emails };
}

/** The optional English version (title and body): both or neither. */
function otherLanguage() {
  return {
    titleEn: z.string().trim().max(TITLE_MAX, { message: 'announcements.errors.titleTooLong' }).optional().default(''),
    bodyEn: z.string().refine((v) => v.length <= BODY_MAX, { message: 'announcements.errors.bodyTooLong' }).optional().default(''),
  };
}

/** Both parts of the English version, or neither: field errors as catalog keys. */
export function checkOtherLanguage(f: { titleEn: string; bodyEn: string }): RuleErrors {
  const hasTitle = f.titleEn.trim().length > 0;
  const hasBody = f.bodyEn.trim().length > 0;
  if (hasTitle && !hasBody) return { bodyEn: 'announcements.errors.bodyEnEmpty' };
  if (hasBody && !hasTitle) return { titleEn: 'announcements.errors.titleEnEmpty' };
  return {};
}

/**
 * The compose form as submitted (strings, repeated fields as arrays). Dates are the browser's
 * `datetime-local` values, read in the viewer's time zone by `toComposeInput`.
 */
export const composeFormSchema = z.object({
  kind: z.enum(announcementKinds, { message: 'announcements.errors.kindInvalid' }),
  urgency: z.enum(urgencies, { message: 'announcements.errors.urgencyInvalid' }),
  title: trimmed(TITLE_MAX, 'announcements.errors.titleEmpty', 'announcements.errors.titleTooLong'),
  body: z.string().refine((v) => v.trim().length > 0, { message: 'announcements.errors.bodyEmpty' }).refine((v) => v.length <= BODY_MAX, { message: 'announcements.errors.bodyTooLong' }),
  ...otherLanguage(),
  everyone: checkbox,
  units: list(z.string().uuid({ message: 'announcements.errors.audienceInvalid' })).pipe(z.array(z.string()).max(500)),
  includeSubUnits: checkbox,
  roles: list(z.enum(audienceRoles, { message: 'announcements.errors.audienceInvalid' })),
  people: peopleField,
  partnerOrgs: list(z.string().uuid({ message: 'announcements.errors.audienceInvalid' })).pipe(z.array(z.string()).max(500)),
  ackRequired: checkbox,
  publishAt: optionalLocal,
  pinnedUntil: optionalLocal,
  expiresAt: optionalLocal,
  targetReach: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : 95))
    .refine((v) => Number.isFinite(v) && v >= 1 && v <= 100, { message: 'announcements.errors.targetReachInvalid' }),
  reachDeadline: optionalLocal,
  /** Shown under the title in the news and lists, and to the approver (left empty: the beginning of the body). */
  summary: z.string().trim().max(SUMMARY_MAX, { message: 'announcements.errors.summaryTooLong' }).optional().default(''),
});
export type ComposeForm = z.input<typeof composeFormSchema>;
export type ComposeFormParsed = z.output<typeof composeFormSchema>;

/** What lib/announcements works with: typed values, dates as instants. */
export type ComposeInput = {
  kind: AnnouncementKind;
  urgency: Urgency;
  title: string;
  bodyMd: string;
  /** The English version (null: the item is in one language). */
  titleEn?: string | null;
  bodyMdEn?: string | null;
  audience: {
    everyone: boolean;
    units: { unitId: string; includeSubUnits: boolean }[];
    roles: (typeof audienceRoles)[number][];
    /** Named people by e-mail address; resolved (and checked) by the data layer. */
    peopleEmails: string[];
    /** Named people chosen in the person picker; checked (active) by the data layer. */
    personIds?: string[];
    partnerOrgs: string[];
  };
  ackRequired: boolean;
  publishAt: Date | null;
  pinnedUntil: Date | null;
  expiresAt: Date | null;
  /** 0 < targetReach ≤ 1 */
  targetReach: number;
  reachDeadline: Date | null;
};

/** `2026-11-22T09:30` in `timeZone` → the instant. */
export function parseLocalDateTime(value: string, timeZone: string): Date {
  const [d, t] = value.split('T');
  const [y, m, day] = d.split('-').map(Number);
  const [h, mi] = t.split(':').map(Number);
  return new Date(new TZDate(y, m - 1, day, h, mi, 0, 0, timeZone).getTime());
}

/** The instant as a `datetime-local` value in `timeZone` (to refill a form). */
export function toLocalDateTime(date: Date | null | undefined, timeZone: string): string {
  if (!date) return '';
  const z = new TZDate(date.getTime(), timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${z.getFullYear()}-${p(z.getMonth() + 1)}-${p(z.getDate())}T${p(z.getHours())}:${p(z.getMinutes())}`;
}

export function splitEmails(raw: string): string[] {
  return [...new Set(raw.split(/[\s,;，；]+/).map((s) => s.trim().toLowerCase()).filter(Boolean))];
}

export function toComposeInput(f: ComposeFormParsed, timeZone: string): ComposeInput {
  const at = (v: string | undefined) => (v ? parseLocalDateTime(v, timeZone) : null);
  return {
    kind: f.kind,
    urgency: f.urgency,
    title: f.title,
    bodyMd: f.body,
    titleEn: f.titleEn.trim() || null,
    bodyMdEn: f.bodyEn.trim() ? f.bodyEn : null,
    audience: {
      everyone: f.everyone,
      units: [...new Set(f.units)].map((unitId) => ({ unitId, includeSubUnits: f.includeSubUnits })),
      roles: [...new Set(f.roles)],
      peopleEmails: splitPeople(f.people).emails,
      personIds: splitPeople(f.people).personIds,
      partnerOrgs: [...new Set(f.partnerOrgs)],
    },
    ackRequired: f.ackRequired,
    publishAt: at(f.publishAt),
    pinnedUntil: at(f.pinnedUntil),
    expiresAt: at(f.expiresAt),
    targetReach: Math.round(f.targetReach * 10) / 1000,
    reachDeadline: at(f.reachDeadline),
  };
}

/**
 * Rules between fields, checked again by the data layer: nothing in the past, pin before expiry,
 * an audience that names someone. Returns catalog keys by field.
 */
export function checkComposeRules(input: ComposeInput, now: Date = new Date()): RuleErrors {
  const errors: RuleErrors = {};
  const slack = 60_000; // a minute of grace for the time it takes to submit the form
  const a = input.audience;
  if ((input.titleEn ?? '') !== '' || (input.bodyMdEn ?? '') !== '') Object.assign(errors, checkOtherLanguage({ titleEn: input.titleEn ?? '', bodyEn: input.bodyMdEn ?? '' }));
  if (!a.everyone && a.units.length + a.roles.length + a.peopleEmails.length + (a.personIds?.length ?? 0) + a.partnerOrgs.length === 0) errors.audience = 'announcements.errors.audienceEmpty';
  if (input.publishAt && input.publishAt.getTime() < now.getTime() - slack) errors.publishAt = 'announcements.errors.publishAtPast';
  const start = input.publishAt ?? now;
  if (input.pinnedUntil && input.pinnedUntil.getTime() <= start.getTime()) errors.pinnedUntil = 'announcements.errors.pinnedUntilPast';
  if (input.expiresAt && input.expiresAt.getTime() <= start.getTime()) errors.expiresAt = 'announcements.errors.expiresAtPast';
  if (input.pinnedUntil && input.expiresAt && input.pinnedUntil > input.expiresAt) errors.pinnedUntil = 'announcements.errors.pinAfterExpiry';
  if (input.reachDeadline && input.reachDeadline.getTime() <= start.getTime()) errors.reachDeadline = 'announcements.errors.reachDeadlinePast';
  if (input.reachDeadline && input.expiresAt && input.reachDeadline > input.expiresAt) errors.reachDeadline = 'announcements.errors.reachDeadlineAfterExpiry';
  return errors;
}

/** Editing a published item: only title/body and the dates that still make sense. */
/** The item an action is about: a malformed id is an unknown one (lib answers NOT_FOUND). */
const itemId = z.string({ error: 'errors.NOT_FOUND' }).max(64, { error: 'errors.NOT_FOUND' });

export const editFormSchema = z.object({
  id: itemId,
  title: trimmed(TITLE_MAX, 'announcements.errors.titleEmpty', 'announcements.errors.titleTooLong'),
  body: z.string().refine((v) => v.trim().length > 0, { message: 'announcements.errors.bodyEmpty' }).refine((v) => v.length <= BODY_MAX, { message: 'announcements.errors.bodyTooLong' }),
  ...otherLanguage(),
  material: checkbox,
});

export const decisionSchema = z
  .object({
    approvalId: z.string().uuid({ message: 'errors.NOT_FOUND' }),
    decision: z.enum(['approve', 'reject'], { message: 'announcements.errors.decisionInvalid' }),
    reason: z.string().trim().max(REASON_MAX, { message: 'announcements.errors.reasonTooLong' }).optional().default(''),
  })
  .refine((d) => d.decision === 'approve' || d.reason.length > 0, { message: 'announcements.errors.reasonRequired', path: ['reason'] });

/** Submitting or deleting a draft: just the item. */
export const draftSchema = z.object({ id: itemId });

export const withdrawSchema = z.object({
  id: itemId,
  reason: z.string().trim().min(1, { message: 'announcements.errors.reasonRequired' }).max(REASON_MAX, { message: 'announcements.errors.reasonTooLong' }),
});

export const listFiltersSchema = z.object({
  kind: z.enum(announcementKinds).optional().catch(undefined),
  urgency: z.enum(urgencies).optional().catch(undefined),
  unit: z.string().uuid().optional().catch(undefined),
  read: z.enum(['read', 'unread']).optional().catch(undefined),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  mine: z.enum(['authored']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10000).optional().catch(undefined),
});
export type ListFilters = z.output<typeof listFiltersSchema>;

export const templateFormSchema = z.object({
  kind: z.enum(announcementKinds, { message: 'announcements.errors.kindInvalid' }),
  titleZh: z.string().trim().max(TITLE_MAX, { message: 'announcements.errors.titleTooLong' }).optional().default(''),
  titleEn: z.string().trim().max(TITLE_MAX, { message: 'announcements.errors.titleTooLong' }).optional().default(''),
  bodyZh: z.string().max(BODY_MAX, { message: 'announcements.errors.bodyTooLong' }),
  bodyEn: z.string().max(BODY_MAX, { message: 'announcements.errors.bodyTooLong' }),
});
