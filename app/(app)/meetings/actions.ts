'use server';

import { formAction } from '@/lib/http/action';
import { cancelMeeting, saveMeeting, saveMinutes, setMinuteTaker } from '@/lib/meetings/mutations';

export const saveMeetingAction = formAction((c) => saveMeeting(c.db, c.viewer, c.values, { meta: c.meta, formData: c.formData }), {
  revalidate: (r) => ['/meetings', `/meetings/${r.id}`],
  success: 'meetings.form.saved',
  redirect: (r) => `/meetings/${r.id}`,
});

export const cancelMeetingAction = formAction((c) => cancelMeeting(c.db, c.viewer, String(c.values.id ?? ''), { meta: c.meta }), {
  revalidate: (r) => ['/meetings', `/meetings/${r.id}`],
  success: 'meetings.detail.cancelDone',
});

export const setMinuteTakerAction = formAction((c) => setMinuteTaker(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: (r) => ['/meetings', `/meetings/${r.id}`],
  success: 'meetings.detail.minuteTakerSaved',
});

export const saveMinutesAction = formAction((c) => saveMinutes(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: (r) => ['/meetings', `/meetings/${r.id}`, '/tasks'],
  success: (r) => (r.published ? 'meetings.minutes.published' : 'meetings.minutes.saved'),
  redirect: (r) => (r.published ? `/meetings/${r.id}#minutes` : undefined),
});
