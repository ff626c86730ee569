'use server';

import { formAction } from '@/lib/http/action';
import { deleteQuickLink, saveQuickLink } from '@/lib/quicklinks/mutations';

export const saveQuickLinkAction = formAction((c) => saveQuickLink(c.db, c.viewer, c.values, c.meta), {
  revalidate: [{ layout: '/' }],
  success: 'home.quickLinks.saved',
  redirect: () => '/quick-links',
});

export const deleteQuickLinkAction = formAction((c) => deleteQuickLink(c.db, c.viewer, c.values, c.meta), {
  revalidate: [{ layout: '/' }],
  success: 'home.quickLinks.deleted',
});
