import { z } from 'zod';

/** Unicode NFKC first (a full-width ＠ becomes @ and is then checked), then trimmed and lowercased. */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

/** The partner sign-in form. */
export const partnerSignInSchema = z.object({
  email: z
    .string({ error: 'emailRequired' })
    .transform((v) => normalizeEmail(v))
    .pipe(z.string().min(1, { error: 'auth.partner.errors.emailRequired' }).max(254, { error: 'auth.partner.errors.emailInvalid' }).pipe(z.email({ error: 'auth.partner.errors.emailInvalid' }))),
});
