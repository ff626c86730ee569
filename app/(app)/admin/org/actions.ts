'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { requestMeta } from '@/lib/http/request-meta';
import { addUnitHead, createUnit, deleteUnit, moveUnit, removeUnitHead, renameUnit } from '@/lib/org/mutations';
import { addUnitHeadSchema, createUnitSchema, deleteUnitSchema, moveUnitSchema, removeUnitHeadSchema, renameUnitSchema } from '@/lib/org/schema';
import { failure, formValues, invalidInput, success, type FormState } from '../_lib/form-state';

export async function createUnitAction(prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = createUnitSchema.safeParse(values);
  if (!parsed.success) return invalidInput(prev, parsed.error, values);
  let id: string;
  try {
    ({ id } = await createUnit(db(), await getViewer(), parsed.data, await requestMeta()));
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/admin/org');
  redirect(`/admin/org?unit=${id}`);
}

export async function renameUnitAction(prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = renameUnitSchema.safeParse(values);
  if (!parsed.success) return invalidInput(prev, parsed.error, values);
  try {
    await renameUnit(db(), await getViewer(), parsed.data, await requestMeta());
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/admin/org');
  return success(prev, 'org.renamed', values);
}

export async function moveUnitAction(prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = moveUnitSchema.safeParse(values);
  if (!parsed.success) return invalidInput(prev, parsed.error, values);
  try {
    await moveUnit(db(), await getViewer(), parsed.data, await requestMeta());
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/admin/org');
  return success(prev, 'org.moved', values);
}

export async function deleteUnitAction(prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = deleteUnitSchema.safeParse(values);
  if (!parsed.success) return invalidInput(prev, parsed.error, values);
  try {
    await deleteUnit(db(), await getViewer(), parsed.data, await requestMeta());
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/admin/org');
  redirect('/admin/org?deleted=1');
}

export async function addUnitHeadAction(prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = addUnitHeadSchema.safeParse(values);
  if (!parsed.success) return invalidInput(prev, parsed.error, values);
  try {
    await addUnitHead(db(), await getViewer(), parsed.data, await requestMeta());
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/admin/org');
  return success(prev, 'org.headAdded');
}

export async function removeUnitHeadAction(prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  const parsed = removeUnitHeadSchema.safeParse(values);
  if (!parsed.success) return invalidInput(prev, parsed.error, values);
  try {
    await removeUnitHead(db(), await getViewer(), parsed.data, await requestMeta());
  } catch (e) {
    return failure(prev, e, values);
  }
  revalidatePath('/admin/org');
  return success(prev, 'org.headRemoved');
}
