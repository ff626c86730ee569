import { z } from 'zod';
import { choice, idSchema, list, requiredText } from '@/lib/forms/schema';

/** The scopes a token may carry (the CHECK constraint on integration_token.scopes holds the same list). */
export const integrationScopes = ['orders:read', 'orders:write'] as const;
export type IntegrationScope = (typeof integrationScopes)[number];

export const MAX_TOKEN_DAYS = 366;

/** An admin's new token: a name, at least one scope, an expiry date within a year. */
export const createTokenSchema = z.object({
  name: requiredText(100),
  scopes: list(choice(integrationScopes)).refine((s) => s.length > 0, { error: 'integrations.admin.errors.noScopes' }),
  expiresOn: z
    .string({ error: 'errors.validation.required' })
    .trim()
    .min(1, { error: 'errors.validation.required' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'integrations.admin.errors.expiryInvalid' }),
});

export const tokenIdSchema = z.object({ id: idSchema });
