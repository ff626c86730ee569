'use server';

import { formAction } from '@/lib/http/action';
import { liftSuppression } from '@/lib/mail/suppressions';

export const liftSuppressionAction = formAction((c) => liftSuppression(c.db, c.viewer, c.values, { meta: c.meta }), {
  success: 'notifications.suppressions.lifted',
  revalidate: ['/admin/notifications'],
  redirect: () => '/admin/notifications?lifted=1#suppressed',
});
