'use server';

import { formAction } from '@/lib/http/action';
import { addCalendarEntry, deleteCalendarEntry, deleteRoute, saveCalendarSettings, savePolicy, saveReopenDays, saveRoute } from '@/lib/requests/admin';

const revalidate = ['/admin/requests'];

export const saveRouteAction = formAction((c) => saveRoute(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate, success: 'requests.admin.routeSaved', keepValues: false });
export const deleteRouteAction = formAction((c) => deleteRoute(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate, success: 'requests.admin.removed' });
export const savePolicyAction = formAction((c) => savePolicy(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate, success: 'requests.admin.policySaved' });
export const addCalendarEntryAction = formAction((c) => addCalendarEntry(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate, success: 'requests.admin.entryAdded', keepValues: false });
export const deleteCalendarEntryAction = formAction((c) => deleteCalendarEntry(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate, success: 'requests.admin.removed' });
export const saveCalendarSettingsAction = formAction((c) => saveCalendarSettings(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate, success: 'requests.admin.calendarSaved' });
export const saveReopenDaysAction = formAction((c) => saveReopenDays(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate, success: 'requests.admin.reopenSaved' });
