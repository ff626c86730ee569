'use server';

import { formAction } from '@/lib/http/action';
import { retryDigestMail } from '@/lib/notifications/digest-retry';

export const retryDigestMailAction = formAction((c) => retryDigestMail(c.db, c.viewer, c.values, { meta: c.meta }), {
  success: 'notifications.retry.queued',
  revalidate: ['/outbox'],
});
