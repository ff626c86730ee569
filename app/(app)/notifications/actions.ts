'use server';

import { formAction } from '@/lib/http/action';
import { markReadFromForm } from '@/lib/notifications/queries';

/** Mark one notification (ids) or all of them (all) read; the bell in the layout follows. */
export const markNotificationsReadAction = formAction((c) => markReadFromForm(c.db, c.viewer, c.values), {
  success: 'notifications.centre.markedRead',
  revalidate: [{ layout: '/' }],
});
