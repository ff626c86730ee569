'use server';

import { formAction } from '@/lib/http/action';
import { saveCompanyDefaults, saveOwnPreferences } from '@/lib/notifications/preferences';

export const saveNotificationPreferencesAction = formAction((c) => saveOwnPreferences(c.db, c.viewer, c.values, { meta: c.meta }), {
  success: 'notifications.preferences.saved',
  revalidate: ['/profile/notifications'],
});

export const saveNotificationDefaultsAction = formAction((c) => saveCompanyDefaults(c.db, c.viewer, c.values, { meta: c.meta }), {
  success: 'notifications.preferences.saved',
  revalidate: ['/admin/notifications'],
});
