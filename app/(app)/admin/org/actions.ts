'use server';

import { formAction } from '@/lib/http/action';
import { addUnitHead, createUnit, deleteUnit, moveUnit, removeUnitHead, renameUnit } from '@/lib/org/mutations';

const revalidate = ['/admin/org'];

export const createUnitAction = formAction((c) => createUnit(c.db, c.viewer, c.values, c.meta), {
  revalidate,
  redirect: ({ id }) => `/admin/org?unit=${id}`,
});

export const renameUnitAction = formAction((c) => renameUnit(c.db, c.viewer, c.values, c.meta), { revalidate, success: 'admin.org.renamed' });

export const moveUnitAction = formAction((c) => moveUnit(c.db, c.viewer, c.values, c.meta), { revalidate, success: 'admin.org.moved' });

export const deleteUnitAction = formAction((c) => deleteUnit(c.db, c.viewer, c.values, c.meta), { revalidate, redirect: () => '/admin/org?deleted=1' });

export const addUnitHeadAction = formAction((c) => addUnitHead(c.db, c.viewer, c.values, c.meta), {
  revalidate,
  success: 'admin.org.headAdded',
  keepValues: false,
});

export const removeUnitHeadAction = formAction((c) => removeUnitHead(c.db, c.viewer, c.values, c.meta), { revalidate, success: 'admin.org.headRemoved' });
