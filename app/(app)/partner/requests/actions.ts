'use server';

import { formAction } from '@/lib/http/action';
import { addCustomerReply, closeByCustomer, rateRequest, reopenRequest, shareRequest, submitRequest } from '@/lib/requests/mutations';

const here = (_r: unknown, c: { values: Record<string, unknown> }) => [`/partner/requests/${String(c.values.id ?? '')}`, '/partner/requests'];

export const submitRequestAction = formAction((c) => submitRequest(c.db, c.viewer, c.values, { formData: c.formData, meta: c.meta }), {
  revalidate: ['/partner/requests'],
  redirect: (r) => `/partner/requests/${r.id}`,
});

export const customerReplyAction = formAction((c) => addCustomerReply(c.db, c.viewer, c.values, { formData: c.formData, meta: c.meta }), {
  revalidate: here,
  success: 'requests.portal.replySent',
  keepValues: false,
});

export const closeRequestAction = formAction((c) => closeByCustomer(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: here, success: 'requests.portal.closedDone' });
export const reopenRequestAction = formAction((c) => reopenRequest(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: here, success: 'requests.portal.reopened' });
export const rateRequestAction = formAction((c) => rateRequest(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: here, success: 'requests.portal.rated' });
export const shareRequestAction = formAction((c) => shareRequest(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: here, success: 'requests.portal.shareSaved' });
