'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getLocale } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { requestMeta } from '@/lib/http/request-meta';
import { archivePlan, closeActivation, savePlan, triggerPlan } from '@/lib/emergency/mutations';
import { failure, formValues, success, type AnnFormState } from '../announcements/_lib/form-state';

export async function savePlanAction(prev: AnnFormState, formData: FormData): Promise<AnnFormState> {
  const values = formValues(formData);
  const id = typeof values.id === 'string' && values.id ? values.id : undefined;
  let saved: string;
  try {
    ({ id: saved } = await savePlan(db(), await getViewer(), values, { id, meta: await requestMeta() }));
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/emergency');
  if (id) return success(prev, 'announcements.emergency.saved');
  redirect(`/emergency/plans/${saved}`);
}

export async function triggerPlanAction(prev: AnnFormState, formData: FormData): Promise<AnnFormState> {
  const values = formValues(formData);
  let activationId: string;
  try {
    ({ activationId } = await triggerPlan(db(), await getViewer(), values, { meta: await requestMeta(), locale: await getLocale() }));
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/emergency');
  redirect(`/emergency/activations/${activationId}`);
}

export async function closeActivationAction(prev: AnnFormState, formData: FormData): Promise<AnnFormState> {
  const id = String(formData.get('id') ?? '');
  try {
    await closeActivation(db(), await getViewer(), id, { meta: await requestMeta() });
  } catch (e) {
    return failure(prev, e, {});
  }
  revalidatePath(`/emergency/activations/${id}`);
  return success(prev, 'announcements.emergency.closedDone');
}

export async function archivePlanAction(prev: AnnFormState, formData: FormData): Promise<AnnFormState> {
  const id = String(formData.get('id') ?? '');
  try {
    await archivePlan(db(), await getViewer(), id, { meta: await requestMeta() });
  } catch (e) {
    return failure(prev, e, {});
  }
  revalidatePath('/emergency');
  redirect('/emergency');
}
