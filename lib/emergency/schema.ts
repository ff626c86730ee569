import { z } from 'zod';
import { audienceRoles } from '@/lib/audience/schema';
import { BODY_MAX, peopleField, TITLE_MAX } from '@/lib/announcements/schema';
import { checkbox, list } from '@/lib/forms/schema';


/** An emergency plan as the form submits it. Body placeholders: {{details}}, {{time}}, {{triggeredBy}}. */
export const planFormSchema = z.object({
  /** Empty for a new plan. */
  id: z.string().optional().transform((v) => (v ? v : undefined)),
  name: z.string().trim().min(1, { message: 'announcements.errors.nameEmpty' }).max(120, { message: 'announcements.errors.nameTooLong' }),
  title: z.string().trim().min(1, { message: 'announcements.errors.titleEmpty' }).max(TITLE_MAX, { message: 'announcements.errors.titleTooLong' }),
  body: z.string().refine((v) => v.trim().length > 0, { message: 'announcements.errors.bodyEmpty' }).refine((v) => v.length <= BODY_MAX, { message: 'announcements.errors.bodyTooLong' }),
  everyone: checkbox,
  units: list(z.string().uuid({ message: 'announcements.errors.audienceInvalid' })).pipe(z.array(z.string()).max(500)),
  includeSubUnits: checkbox,
  roles: list(z.enum(audienceRoles, { message: 'announcements.errors.audienceInvalid' })),
  people: peopleField,
  partnerOrgs: list(z.string().uuid({ message: 'announcements.errors.audienceInvalid' })).pipe(z.array(z.string()).max(500)),
  ackRequired: checkbox,
  renotifyMinutes: z.coerce.number({ message: 'announcements.errors.renotifyInvalid' }).int({ message: 'announcements.errors.renotifyInvalid' }).min(1, { message: 'announcements.errors.renotifyInvalid' }).max(1440, { message: 'announcements.errors.renotifyInvalid' }),
});
export type PlanForm = z.output<typeof planFormSchema>;

export const triggerSchema = z.object({
  planId: z.string().uuid({ message: 'errors.NOT_FOUND' }),
  details: z.string().trim().min(1, { message: 'announcements.errors.detailsEmpty' }).max(4000, { message: 'announcements.errors.detailsTooLong' }),
});

/** Fills the plan's placeholders; unknown placeholders stay as written. */
export function fillPlaceholders(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in values ? values[k] : m));
}
