'use server';

import { formAction } from '@/lib/http/action';
import { saveChannel } from '@/lib/im/channels';

export const saveChannelAction = formAction((c) => saveChannel(c.db, c.viewer, c.values, { meta: c.meta }), {
  success: 'notifications.im.saved',
  revalidate: ['/admin/channels'],
});
