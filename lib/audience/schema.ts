import { z } from 'zod';

export const audienceRoles = ['admin', 'comms_officer', 'unit_head', 'partner_admin'] as const;

/**
 * Who an item is addressed to: anyone matching any part is in the audience.
 * `everyone` means all active employees (never partners). Partners are reached only through
 * `partnerOrgs` (all active members) or `people` (named partner people).
 */
export const audienceSpecSchema = z
  .object({
    everyone: z.boolean().default(false),
    units: z.array(z.object({ unitId: z.string().uuid(), includeSubUnits: z.boolean().default(true) })).max(500).default([]),
    roles: z.array(z.enum(audienceRoles)).max(audienceRoles.length).default([]),
    people: z.array(z.string().uuid()).max(5000).default([]),
    partnerOrgs: z.array(z.string().uuid()).max(500).default([]),
  })
  .refine((s) => s.everyone || s.units.length + s.roles.length + s.people.length + s.partnerOrgs.length > 0, {
    message: 'announcements.errors.audienceEmpty',
  });

export type AudienceSpec = z.infer<typeof audienceSpecSchema>;
export type AudienceSpecInput = z.input<typeof audienceSpecSchema>;
