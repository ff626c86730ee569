'use server';

import { formAction } from '@/lib/http/action';
import { createEmployee, deactivatePerson, grantRole, reactivatePerson, revokeRole, saveDirectorySettings, updatePerson } from '@/lib/people/mutations';

export const createEmployeeAction = formAction((c) => createEmployee(c.db, c.viewer, c.values, c.meta), {
  revalidate: ['/admin/people'],
  redirect: ({ id }) => `/admin/people/${id}`,
});

export const updatePersonAction = formAction((c) => updatePerson(c.db, c.viewer, c.values, c.meta), {
  revalidate: ['/admin/people'],
  success: 'admin.common.saved',
});

/** One action for both directions: the submit button carries op=grant|revoke. */
export const changeRoleAction = formAction(
  (c) => (c.values.op === 'grant' ? grantRole : revokeRole)(c.db, c.viewer, c.values, c.meta),
  {
    revalidate: (_r, c) => [`/admin/people/${c.values.personId}`],
    success: (_r, c) => (c.values.op === 'grant' ? 'admin.people.detail.granted' : 'admin.people.detail.revoked'),
  },
);

/** Deactivate or reactivate: the submit button carries op=deactivate|reactivate. */
export const setActiveAction = formAction(
  (c) => (c.values.op === 'reactivate' ? reactivatePerson : deactivatePerson)(c.db, c.viewer, c.values, c.meta),
  {
    revalidate: (_r, c) => [`/admin/people/${c.values.personId}`],
    success: (_r, c) => (c.values.op === 'reactivate' ? 'admin.people.detail.reactivated' : 'admin.people.detail.deactivated'),
  },
);

export const saveDirectorySettingsAction = formAction((c) => saveDirectorySettings(c.db, c.viewer, c.values, c.meta), {
  revalidate: ['/admin/people/settings'],
  success: 'admin.directory.settings.saved',
});
