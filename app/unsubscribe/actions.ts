'use server';

import { formAction } from '@/lib/http/action';
import { unsubscribeWithToken } from '@/lib/notifications/unsubscribe';

/** The confirm button of /unsubscribe: no sign-in, the signed token decides (lib/notifications/unsubscribe.ts). */
export const unsubscribeAction = formAction((c) => unsubscribeWithToken(c.db, c.values, { meta: c.meta }), {
  success: (r) => ({ key: 'notifications.unsubscribe.done', params: { email: r.email } }),
});
