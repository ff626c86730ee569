import { z } from 'zod';

/** Unicode NFKC first (a full-width ＠ becomes @ and is then checked), then trimmed and lowercased. */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

/** The partner sign-in form. Messages are catalog keys under auth.partner.errors. */
export const partnerSignInSchema = z.object({
  email: z
    .string({ error: 'emailRequired' })
    .transform((v) => normalizeEmail(v))
    .pipe(z.string().min(1, { error: 'emailRequired' }).max(254, { error: 'emailInvalid' }).pipe(z.email({ error: 'emailInvalid' }))),
});
export type PartnerSignInInput = z.infer<typeof partnerSignInSchema>;
