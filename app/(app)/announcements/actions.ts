'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { isEmployee } from '@/lib/authz/policies';
import { requestMeta } from '@/lib/http/request-meta';
import { renderMarkdown } from '@/lib/markdown/render';
import { acknowledge, decideApproval, editAnnouncement, remindOutstanding, saveAnnouncement, withdrawAnnouncement } from '@/lib/announcements/mutations';
import { updateTemplate } from '@/lib/announcements/templates';
import { BODY_MAX, checkComposeRules, composeFormSchema, fieldErrorsOf, toComposeInput } from '@/lib/announcements/schema';
import { failure, formValues, invalid, success, uploadsOf, type AnnFormState } from './_lib/form-state';

/** Compose: save a draft, or send (publish / schedule / submit for approval, as the viewer may). */
export async function saveAnnouncementAction(prev: AnnFormState, formData: FormData): Promise<AnnFormState> {
  const values = formValues(formData);
  const viewer = await getViewer();
  const parsed = composeFormSchema.safeParse(values);
  if (!parsed.success) return invalid(prev, fieldErrorsOf(parsed.error), values);
  const input = toComposeInput(parsed.data, viewer?.timezone ?? 'Asia/Shanghai');
  const rules = checkComposeRules(input);
  if (Object.keys(rules).length > 0) return invalid(prev, rules, values);
  const intent = values.intent === 'draft' ? 'draft' : 'send';
  const remove = Array.isArray(values.removeAttachments) ? values.removeAttachments : [];
  let id: string;
  try {
    ({ id } = await saveAnnouncement(db(), viewer, input, intent, {
      id: typeof values.id === 'string' && values.id ? values.id : undefined,
      summary: typeof values.summary === 'string' ? values.summary : undefined,
      meta: await requestMeta(),
      attachments: { add: await uploadsOf(formData, 'attachments'), remove },
    }));
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/announcements');
  redirect(`/announcements/${id}`);
}

/** Markdown preview: rendered and sanitised on the server, exactly as the published page will be. */
export async function previewMarkdownAction(body: string): Promise<string> {
  const viewer = await getViewer();
  if (!isEmployee(viewer)) return '';
  return renderMarkdown(String(body ?? '').slice(0, BODY_MAX));
}

export async function acknowledgeAction(prev: AnnFormState, formData: FormData): Promise<AnnFormState> {
  const id = String(formData.get('id') ?? '');
  try {
    await acknowledge(db(), await getViewer(), id, formData.get('channel') === 'board' ? 'board' : 'web');
  } catch (e) {
    return failure(prev, e, {});
  }
  revalidatePath('/');
  revalidatePath(`/announcements/${id}`);
  return success(prev, 'announcements.detail.acknowledged');
}

export async function decideApprovalAction(prev: AnnFormState, formData: FormData): Promise<AnnFormState> {
  const values = formValues(formData);
  try {
    await decideApproval(db(), await getViewer(), values, { meta: await requestMeta() });
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/announcements');
  // The decided item leaves the queue: say so on the page it is left on.
  redirect(`/announcements/approvals?done=${values.decision === 'approve' ? 'approved' : 'rejected'}`);
}

export async function editAnnouncementAction(prev: AnnFormState, formData: FormData): Promise<AnnFormState> {
  const values = formValues(formData);
  const id = String(values.id ?? '');
  try {
    await editAnnouncement(db(), await getViewer(), id, values, { meta: await requestMeta() });
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath(`/announcements/${id}`);
  return success(prev, 'announcements.detail.edited');
}

export async function withdrawAnnouncementAction(prev: AnnFormState, formData: FormData): Promise<AnnFormState> {
  const values = formValues(formData);
  const id = String(values.id ?? '');
  try {
    await withdrawAnnouncement(db(), await getViewer(), id, values, { meta: await requestMeta() });
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/announcements');
  revalidatePath(`/announcements/${id}`);
  return success(prev, 'announcements.detail.withdrawn');
}

export async function remindAction(prev: AnnFormState, formData: FormData): Promise<AnnFormState> {
  const id = String(formData.get('id') ?? '');
  let outstanding: number;
  try {
    ({ outstanding } = await remindOutstanding(db(), await getViewer(), id, { meta: await requestMeta() }));
  } catch (e) {
    return failure(prev, e, {});
  }
  revalidatePath(`/announcements/${id}/reach`);
  return success(prev, 'announcements.reach.reminded', { count: outstanding });
}

export async function saveTemplateAction(prev: AnnFormState, formData: FormData): Promise<AnnFormState> {
  const values = formValues(formData);
  try {
    await updateTemplate(db(), await getViewer(), values, { meta: await requestMeta() });
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/announcements/templates');
  return success(prev, 'announcements.templates.saved');
}
