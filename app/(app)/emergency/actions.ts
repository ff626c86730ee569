'use server';

import { getLocale } from 'next-intl/server';
import { formAction } from '@/lib/http/action';
import { archivePlan, closeActivation, savePlan, triggerPlan } from '@/lib/emergency/mutations';

export const savePlanAction = formAction((c) => savePlan(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: ['/emergency'],
  success: 'announcements.emergency.saved',
  redirect: (r) => (r.created ? `/emergency/plans/${r.id}` : undefined),
});

export const triggerPlanAction = formAction(async (c) => triggerPlan(c.db, c.viewer, c.values, { meta: c.meta, locale: await getLocale() }), {
  revalidate: ['/emergency'],
  redirect: (r) => `/emergency/activations/${r.activationId}`,
});

export const closeActivationAction = formAction((c) => closeActivation(c.db, c.viewer, String(c.values.id ?? ''), { meta: c.meta }), {
  revalidate: (_r, c) => [`/emergency/activations/${c.values.id}`],
  success: 'announcements.emergency.closedDone',
});

export const archivePlanAction = formAction((c) => archivePlan(c.db, c.viewer, String(c.values.id ?? ''), { meta: c.meta }), {
  revalidate: ['/emergency'],
  redirect: () => '/emergency',
});
