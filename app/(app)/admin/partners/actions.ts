'use server';

import { formAction } from '@/lib/http/action';
import { createPartnerOrg, deactivatePartnerPerson, invitePartnerPerson, resendPartnerInvitation, updatePartnerOrg } from '@/lib/partners/mutations';

export const createPartnerOrgAction = formAction((c) => createPartnerOrg(c.db, c.viewer, c.values, c.meta), {
  revalidate: ['/admin/partners'],
  redirect: ({ id }) => `/admin/partners/${id}`,
});

export const updatePartnerOrgAction = formAction((c) => updatePartnerOrg(c.db, c.viewer, c.values, c.meta), {
  revalidate: ['/admin/partners'],
  success: 'admin.common.saved',
});

/** Used by /admin/partners/[id] and by a partner admin's /partner/team (the lib decides who may). */
export const invitePartnerAction = formAction((c) => invitePartnerPerson(c.db, c.viewer, c.values, c.meta), {
  revalidate: (_r, c) => [`/admin/partners/${c.values.partnerOrgId}`, '/partner/team'],
  success: (r) => ({ key: r.mailSent ? 'admin.partners.invite.sent' : 'admin.partners.invite.mailFailed', params: { email: r.email } }),
  keepValues: false,
});

export const deactivatePartnerPersonAction = formAction((c) => deactivatePartnerPerson(c.db, c.viewer, c.values, c.meta), {
  revalidate: ['/admin/partners', '/partner/team'],
  success: 'admin.partners.person.deactivated',
});

/** Sends the invitation again to someone who has not signed in yet (admins; a partner admin for their own organisation). */
export const resendPartnerInvitationAction = formAction((c) => resendPartnerInvitation(c.db, c.viewer, c.values, c.meta), {
  success: (r) => ({ key: r.mailSent ? 'admin.partners.person.resent' : 'admin.partners.invite.mailFailed', params: { email: r.email } }),
});
