'use server';

import { formAction } from '@/lib/http/action';
import { addStaffMessage, changePriority, reassignRequest, setStatus, takeRequest } from '@/lib/requests/mutations';
import { deleteSavedReply, saveSavedReply } from '@/lib/requests/saved-replies';

const here = (_r: unknown, c: { values: Record<string, unknown> }) => [`/requests/${String(c.values.id ?? '')}`, '/requests'];

export const takeRequestAction = formAction((c) => takeRequest(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: here, success: 'requests.actions.taken' });

export const staffMessageAction = formAction((c) => addStaffMessage(c.db, c.viewer, c.values, { formData: c.formData, meta: c.meta }), {
  revalidate: here,
  success: 'requests.actions.sent',
  keepValues: false,
});

export const reassignRequestAction = formAction((c) => reassignRequest(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: here, success: 'requests.actions.reassigned', keepValues: false });

export const changePriorityAction = formAction((c) => changePriority(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: here, success: 'requests.actions.priorityChanged' });

export const setStatusAction = formAction((c) => setStatus(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: here, success: 'requests.actions.statusChanged' });

const savedRepliesPath = ['/requests/saved-replies'];
export const saveSavedReplyAction = formAction((c) => saveSavedReply(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: savedRepliesPath, success: 'requests.savedReplies.saved' });
export const deleteSavedReplyAction = formAction((c) => deleteSavedReply(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: savedRepliesPath, success: 'requests.savedReplies.deleted' });
