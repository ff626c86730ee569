'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { requestMeta } from '@/lib/http/request-meta';
import { createEmployee, deactivatePerson, grantRole, reactivatePerson, revokeRole, updatePerson } from '@/lib/people/mutations';
import { createEmployeeSchema, personIdSchema, roleChangeSchema, updatePersonSchema } from '@/lib/people/schema';
import { failure, formValues, invalidInput, success, type FormState } from '../_lib/form-state';

export async function createEmployeeAction(prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = createEmployeeSchema.safeParse(values);
  if (!parsed.success) return invalidInput(prev, parsed.error, values);
  let id: string;
  try {
    ({ id } = await createEmployee(db(), await getViewer(), parsed.data, await requestMeta()));
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/admin/people');
  redirect(`/admin/people/${id}`);
}

export async function updatePersonAction(prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = updatePersonSchema.safeParse(values);
  if (!parsed.success) return invalidInput(prev, parsed.error, values);
  try {
    await updatePerson(db(), await getViewer(), parsed.data, await requestMeta());
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/admin/people');
  return success(prev, 'common.saved', values);
}

/** One action for both directions: the submit button carries op=grant|revoke. */
export async function changeRoleAction(prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = roleChangeSchema.safeParse(values);
  if (!parsed.success) return invalidInput(prev, parsed.error, values);
  const grant = values.op === 'grant';
  try {
    await (grant ? grantRole : revokeRole)(db(), await getViewer(), parsed.data, await requestMeta());
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath(`/admin/people/${parsed.data.personId}`);
  return success(prev, grant ? 'people.detail.granted' : 'people.detail.revoked');
}

export async function setActiveAction(prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = personIdSchema.safeParse(values);
  if (!parsed.success) return invalidInput(prev, parsed.error, values);
  const activate = values.op === 'reactivate';
  try {
    await (activate ? reactivatePerson : deactivatePerson)(db(), await getViewer(), parsed.data, await requestMeta());
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath(`/admin/people/${parsed.data.personId}`);
  return success(prev, activate ? 'people.detail.reactivated' : 'people.detail.deactivated');
}
