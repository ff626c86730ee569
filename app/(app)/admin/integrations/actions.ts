'use server';

import { formAction } from '@/lib/http/action';
import { createToken, revokeToken } from '@/lib/integrations/tokens';

/** The new token is handed back once, in the form result (never stored, never shown again). */
export const createTokenAction = formAction((c) => createToken(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: ['/admin/integrations'],
  success: 'integrations.admin.created',
  keepValues: false,
  data: (r) => ({ token: r.token, name: r.name }),
});

export const revokeTokenAction = formAction((c) => revokeToken(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: ['/admin/integrations'],
  success: 'integrations.admin.revoked',
});
