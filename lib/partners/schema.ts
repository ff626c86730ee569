import { z } from 'zod';
import { emailSchema, optionalText, requiredText, idSchema } from '@/lib/forms/schema';

export const partnerOrgTypes = ['supplier', 'distributor', 'customer', 'other'] as const;
export const partnerOrgStatuses = ['active', 'suspended'] as const;
export type PartnerOrgType = (typeof partnerOrgTypes)[number];
export type PartnerOrgStatus = (typeof partnerOrgStatuses)[number];

export const partnerOrgSchema = z.object({
  name: requiredText(200),
  nameEn: optionalText(200),
  type: z.enum(partnerOrgTypes, { error: 'errors.validation.invalid' }),
  status: z.enum(partnerOrgStatuses, { error: 'errors.validation.invalid' }).default('active'),
});

export const updatePartnerOrgSchema = partnerOrgSchema.extend({ partnerOrgId: idSchema });

/** Admins invite a partner organisation's admin (or a member); a partner admin invites members of their own. */
export const invitePartnerSchema = z.object({
  partnerOrgId: idSchema,
  name: requiredText(100),
  nameEn: optionalText(100),
  email: emailSchema,
  role: z.enum(['partner_admin', 'member'], { error: 'errors.validation.invalid' }).default('member'),
  locale: z.enum(['zh-CN', 'en'], { error: 'errors.validation.invalid' }).default('zh-CN'),
});

export const partnerPersonSchema = z.object({ personId: idSchema });
