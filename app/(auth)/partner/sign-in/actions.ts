'use server';

import { signIn } from '@/lib/auth';
import { PARTNER_EMAIL_PROVIDER_ID } from '@/lib/auth/config';
import { requestPartnerSignIn } from '@/lib/auth/partner-link';
import { formAction } from '@/lib/http/action';
import { partnerLinkLimits } from '@/lib/ratelimit';

/**
 * Asks for a partner sign-in link. Every valid address gets the same answer; lib/auth decides
 * who actually receives a mail (and rate-limits per address and per client address).
 */
export const requestPartnerLinkAction = formAction(async (c) =>
  requestPartnerSignIn(c.db, c.values, c.meta, {
    limits: await partnerLinkLimits(),
    sendLink: async (email) => {
      await signIn(PARTNER_EMAIL_PROVIDER_ID, { email, redirect: false, redirectTo: '/partner' });
    },
  }),
);
