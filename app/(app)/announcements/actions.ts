'use server';

import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { previewAudienceSize } from '@/lib/announcements/audience-count';
import { formAction } from '@/lib/http/action';
import { acknowledge, decideApproval, deleteDraft, editAnnouncement, remindOutstanding, submitComposeForm, submitDraft, withdrawAnnouncement } from '@/lib/announcements/mutations';
import { previewMarkdown } from '@/lib/announcements/preview';
import { remindResponders, submitResponse } from '@/lib/announcements/responses';
import { updateTemplate } from '@/lib/announcements/templates';
import { uploadsOf } from '@/lib/forms/values';

/** Compose: save a draft, or send (publish / schedule / submit for approval, as the viewer may). */
export const saveAnnouncementAction = formAction((c) => submitComposeForm(c.db, c.viewer, c.values, { formData: c.formData, meta: c.meta }), {
  revalidate: ['/announcements'],
  redirect: ({ id }) => `/announcements/${id}`,
});

/** How many people the audience chosen so far reaches (compose and emergency plan forms); null: no figure. */
export async function countAudienceAction(values: Record<string, string | string[]>): Promise<number | null> {
  return previewAudienceSize(db(), await getViewer(), values);
}

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

/** Sends a saved draft as it is (publish, schedule or submit for approval). */
export const submitDraftAction = formAction((c) => submitDraft(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: (_r, c) => ['/', '/announcements', `/announcements/${c.values.id}`],
  redirect: ({ id }) => `/announcements/${id}`,
});

/** Deletes a never-submitted draft (audited); back to the list of the viewer's own items. */
export const deleteDraftAction = formAction((c) => deleteDraft(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: ['/announcements'],
  redirect: () => '/announcements?mine=authored&deleted=1',
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
