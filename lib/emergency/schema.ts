import { z } from 'zod';
import { audienceRoles } from '@/lib/audience/schema';
import { BODY_MAX, TITLE_MAX } from '@/lib/announcements/schema';

const checkbox = z.enum(['on', 'true', '1', '', 'false', '0']).optional().transform((v) => v === 'on' || v === 'true' || v === '1');
const list = z.array(z.string()).default([]);

/** An emergency plan as the form submits it. Body placeholders: {{details}}, {{time}}, {{triggeredBy}}. */
export const planFormSchema = z.object({
  name: z.string().trim().min(1, { message: 'nameEmpty' }).max(120, { message: 'nameTooLong' }),
  title: z.string().trim().min(1, { message: 'titleEmpty' }).max(TITLE_MAX, { message: 'titleTooLong' }),
  body: z.string().refine((v) => v.trim().length > 0, { message: 'bodyEmpty' }).refine((v) => v.length <= BODY_MAX, { message: 'bodyTooLong' }),
  everyone: checkbox,
  units: list.pipe(z.array(z.string().uuid({ message: 'audienceInvalid' })).max(500)),
  includeSubUnits: checkbox,
  roles: list.pipe(z.array(z.enum(audienceRoles, { message: 'audienceInvalid' }))),
  people: z.string().max(20000).optional().default(''),
  partnerOrgs: list.pipe(z.array(z.string().uuid({ message: 'audienceInvalid' })).max(500)),
  ackRequired: checkbox,
  renotifyMinutes: z.coerce.number({ message: 'renotifyInvalid' }).int({ message: 'renotifyInvalid' }).min(1, { message: 'renotifyInvalid' }).max(1440, { message: 'renotifyInvalid' }),
});
export type PlanForm = z.output<typeof planFormSchema>;

export const triggerSchema = z.object({
  planId: z.string().uuid({ message: 'notFound' }),
  details: z.string().trim().min(1, { message: 'detailsEmpty' }).max(4000, { message: 'detailsTooLong' }),
});

/** Fills the plan's placeholders; unknown placeholders stay as written. */
export function fillPlaceholders(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in values ? values[k] : m));
}
