'use server';

import { formAction } from '@/lib/http/action';
import { setOwnTimezone } from '@/lib/people/preferences';

export const updateTimezoneAction = formAction((c) => setOwnTimezone(c.db, c.viewer, c.values), {
  success: 'common.profile.saved',
  revalidate: [{ layout: '/' }],
});
