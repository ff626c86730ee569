import { z } from 'zod';
import { checkbox, choice, idSchema, list, optionalId, optionalText, requiredText } from '@/lib/forms/schema';

export const quickLinkIcons = ['link', 'mail', 'hr', 'erp', 'oa', 'calendar', 'docs', 'chart', 'support', 'travel'] as const;
export type QuickLinkIcon = (typeof quickLinkIcons)[number];

/** Only web addresses: no javascript:, data:, file: or relative links, nothing with credentials in it. */
const webUrl = z
  .string()
  .trim()
  .min(1, { error: 'errors.validation.required' })
  .max(2000, { error: 'home.quickLinks.errors.urlTooLong' })
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password && /^https?:\/\//i.test(v);
    } catch {
      return false;
    }
  }, { error: 'home.quickLinks.errors.urlInvalid' });

/** A quick link as its form submits it: names in both languages, the address, an icon and who sees it. */
export const quickLinkSchema = z
  .object({
    id: optionalId,
    name: requiredText(40),
    nameEn: optionalText(40),
    url: webUrl,
    icon: choice(quickLinkIcons),
    position: z.coerce.number({ error: 'errors.validation.invalid' }).int({ error: 'errors.validation.invalid' }).min(0, { error: 'errors.validation.invalid' }).max(999, { error: 'errors.validation.invalid' }).default(0),
    everyone: checkbox,
    units: list(idSchema).pipe(z.array(z.string()).max(200, { error: 'errors.validation.invalid' })),
    partnerOrgs: list(idSchema).pipe(z.array(z.string()).max(200, { error: 'errors.validation.invalid' })),
  })
  .refine((d) => d.everyone || d.units.length + d.partnerOrgs.length > 0, { path: ['everyone'], error: 'home.quickLinks.errors.audienceEmpty' });

export const quickLinkIdSchema = z.object({ id: idSchema });
