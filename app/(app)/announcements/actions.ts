'use server';

import { getViewer } from '@/lib/auth/viewer';
import { formAction } from '@/lib/http/action';
import { acknowledge, decideApproval, editAnnouncement, remindOutstanding, submitComposeForm, withdrawAnnouncement } from '@/lib/announcements/mutations';
import { previewMarkdown } from '@/lib/announcements/preview';
import { remindResponders, submitResponse } from '@/lib/announcements/responses';
import { updateTemplate } from '@/lib/announcements/templates';
import { uploadsOf } from '@/lib/forms/values';

/** Compose: save a draft, or send (publish / schedule / submit for approval, as the viewer may). */
export const saveAnnouncementAction = formAction((c) => submitComposeForm(c.db, c.viewer, c.values, { formData: c.formData, meta: c.meta }), {
  revalidate: ['/announcements'],
  redirect: ({ id }) => `/announcements/${id}`,
});

/** Markdown preview: rendered and sanitised on the server, exactly as the published page will be. */
export async function previewMarkdownAction(body: string): Promise<string> {
  return previewMarkdown(await getViewer(), body);
}

export const acknowledgeAction = formAction((c) => acknowledge(c.db, c.viewer, String(c.values.id ?? ''), c.values.channel === 'board' ? 'board' : 'web'), {
  revalidate: (_r, c) => ['/', `/announcements/${c.values.id}`],
  success: 'announcements.detail.acknowledged',
});

export const decideApprovalAction = formAction((c) => decideApproval(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: ['/announcements'],
  // The decided item leaves the queue: say so on the page it is left on.
  redirect: (r) => `/announcements/approvals?done=${r.status === 'rejected' ? 'rejected' : 'approved'}`,
});

export const editAnnouncementAction = formAction((c) => editAnnouncement(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: (_r, c) => [`/announcements/${c.values.id}`],
  success: 'announcements.detail.edited',
});

export const withdrawAnnouncementAction = formAction((c) => withdrawAnnouncement(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: (_r, c) => ['/announcements', `/announcements/${c.values.id}`],
  success: 'announcements.detail.withdrawn',
});

export const remindAction = formAction((c) => remindOutstanding(c.db, c.viewer, String(c.values.id ?? ''), { meta: c.meta }), {
  revalidate: (_r, c) => [`/announcements/${c.values.id}/reach`],
  success: (r) => ({ key: 'announcements.reach.reminded', params: { count: r.outstanding } }),
});

export const saveTemplateAction = formAction((c) => updateTemplate(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: ['/announcements/templates'],
  success: 'announcements.templates.saved',
});

/** A recipient answers a collaboration or feedback request (or changes the answer before the deadline). */
export const submitResponseAction = formAction(async (c) => submitResponse(c.db, c.viewer, c.values, { files: await uploadsOf(c.formData, 'file'), meta: c.meta }), {
  revalidate: (_r, c) => ['/', `/announcements/${c.values.id}`],
  success: 'announcements.responses.panel.saved',
});

/** Remind those who have not responded (once an hour per item, like the reading reminder). */
export const remindRespondersAction = formAction((c) => remindResponders(c.db, c.viewer, String(c.values.id ?? ''), { meta: c.meta }), {
  revalidate: (_r, c) => [`/announcements/${c.values.id}/responses`],
  success: (r) => ({ key: 'announcements.responses.page.reminded', params: { count: r.waiting } }),
});
