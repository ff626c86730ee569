'use server';

import { formAction } from '@/lib/http/action';
import { addNote, createTask, decideExtension, editTask, moveTask, requestExtension, returnTask } from '@/lib/tasks/mutations';

const taskPaths = (id: unknown) => [`/tasks/${String(id ?? '')}`, '/tasks', '/tasks/board'];

export const createTaskAction = formAction((c) => createTask(c.db, c.viewer, c.values, { meta: c.meta, formData: c.formData }), {
  revalidate: ['/tasks'],
  redirect: (r) => `/tasks/${r.id}`,
});

export const moveTaskAction = formAction((c) => moveTask(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: (_r, c) => taskPaths(c.values.id),
  success: 'tasks.detail.moved',
});

export const returnTaskAction = formAction((c) => returnTask(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: (_r, c) => taskPaths(c.values.id),
  success: 'tasks.detail.returned',
});

export const progressAction = formAction((c) => addNote(c.db, c.viewer, c.values, 'progress', { meta: c.meta, formData: c.formData }), {
  revalidate: (_r, c) => taskPaths(c.values.id),
  success: 'tasks.detail.posted',
  keepValues: false,
});

export const commentAction = formAction((c) => addNote(c.db, c.viewer, c.values, 'comment', { meta: c.meta }), {
  revalidate: (_r, c) => taskPaths(c.values.id),
  success: 'tasks.detail.posted',
  keepValues: false,
});

export const requestExtensionAction = formAction((c) => requestExtension(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: (_r, c) => taskPaths(c.values.id),
  success: 'tasks.detail.extensionSent',
});

export const decideExtensionAction = formAction((c) => decideExtension(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: (_r, c) => taskPaths(c.values.id),
  success: 'tasks.detail.decided',
});

export const editTaskAction = formAction((c) => editTask(c.db, c.viewer, c.values, { meta: c.meta, formData: c.formData }), {
  revalidate: (_r, c) => taskPaths(c.values.id),
  redirect: (r) => `/tasks/${r.id}`,
});
