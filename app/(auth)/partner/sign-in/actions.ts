'use server';

import { signIn } from '@/lib/auth';
import { PARTNER_EMAIL_PROVIDER_ID } from '@/lib/auth/config';
import { requestPartnerSignInLink } from '@/lib/auth/partner-link';
import { partnerSignInSchema } from '@/lib/auth/schema';
import { db } from '@/db/client';
import { requestMeta } from '@/lib/http/request-meta';
import { partnerLinkLimits } from '@/lib/ratelimit';

export type PartnerSignInState =
  | { status: 'idle'; values: { email: string } }
  | { status: 'invalid'; fieldErrors: { email?: 'emailRequired' | 'emailInvalid' }; values: { email: string } }
  | { status: 'sent'; values: { email: string } }
  | { status: 'rate_limited'; retryAfterMinutes: number; values: { email: string } };

/**
 * Asks for a partner sign-in link. Every valid address gets the same answer; lib/auth decides
 * who actually receives a mail (and rate-limits per address and per client address).
 */
export async function requestPartnerLinkAction(_prev: PartnerSignInState, formData: FormData): Promise<PartnerSignInState> {
  const typed = String(formData.get('email') ?? '').slice(0, 320);
  const values = { email: typed };
  const parsed = partnerSignInSchema.safeParse({ email: typed });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]?.message;
    return { status: 'invalid', fieldErrors: { email: issue === 'emailRequired' ? 'emailRequired' : 'emailInvalid' }, values };
  }
  const result = await requestPartnerSignInLink(db(), parsed.data.email, await requestMeta(), {
    limits: await partnerLinkLimits(),
    sendLink: async (email) => {
      await signIn(PARTNER_EMAIL_PROVIDER_ID, { email, redirect: false, redirectTo: '/partner' });
    },
  });
  if (result.status === 'rate_limited') {
    return { status: 'rate_limited', retryAfterMinutes: Math.max(1, Math.ceil(result.retryAfterSec / 60)), values };
  }
  return { status: 'sent', values };
}
