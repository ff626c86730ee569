'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { requestMeta } from '@/lib/http/request-meta';
import { createPartnerOrg, deactivatePartnerPerson, invitePartnerPerson, updatePartnerOrg } from '@/lib/partners/mutations';
import { invitePartnerSchema, partnerOrgSchema, partnerPersonSchema, updatePartnerOrgSchema } from '@/lib/partners/schema';
import { failure, formValues, invalidInput, success, type FormState } from '../_lib/form-state';

export async function createPartnerOrgAction(prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = partnerOrgSchema.safeParse(values);
  if (!parsed.success) return invalidInput(prev, parsed.error, values);
  let id: string;
  try {
    ({ id } = await createPartnerOrg(db(), await getViewer(), parsed.data, await requestMeta()));
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/admin/partners');
  redirect(`/admin/partners/${id}`);
}

export async function updatePartnerOrgAction(prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = updatePartnerOrgSchema.safeParse(values);
  if (!parsed.success) return invalidInput(prev, parsed.error, values);
  try {
    await updatePartnerOrg(db(), await getViewer(), parsed.data, await requestMeta());
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/admin/partners');
  return success(prev, 'common.saved', values);
}

/** Used by /admin/partners/[id] and by a partner admin's /partner/team (the lib decides who may). */
export async function invitePartnerAction(prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = invitePartnerSchema.safeParse(values);
  if (!parsed.success) return invalidInput(prev, parsed.error, values);
  let mailSent: boolean;
  try {
    ({ mailSent } = await invitePartnerPerson(db(), await getViewer(), parsed.data, await requestMeta()));
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath(`/admin/partners/${parsed.data.partnerOrgId}`);
  revalidatePath('/partner/team');
  return { ...success(prev, mailSent ? 'partners.invite.sent' : 'partners.invite.mailFailed'), messageParams: { email: parsed.data.email } };
}

export async function deactivatePartnerPersonAction(prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = partnerPersonSchema.safeParse(values);
  if (!parsed.success) return invalidInput(prev, parsed.error, values);
  try {
    await deactivatePartnerPerson(db(), await getViewer(), parsed.data, await requestMeta());
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/admin/partners');
  revalidatePath('/partner/team');
  return success(prev, 'partners.person.deactivated');
}
