import 'server-only';
import { revalidatePath } from 'next/cache';
import { redirect, unstable_rethrow } from 'next/navigation';
import { getLocale, getMessages, getTimeZone } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { makeFormAction } from '@/lib/forms/action-core';
import { viewerTranslator } from '@/lib/forms/translate';
import { requestMeta } from './request-meta';

export type { ActionContext, ActionOptions, RevalidateTarget, Translate } from '@/lib/forms/action-core';

/**
 * The one way to write a server action behind a form (docs/working-on-plaza.md):
 *
 *   export const renameUnitAction = formAction((c) => renameUnit(c.db, c.viewer, c.values, c.meta),
 *     { success: 'admin.org.renamed', revalidate: ['/admin/org'] });
 *
 * lib/forms/action-core.ts holds the logic (tested there); this binds it to Next.js.
 */
export const formAction = makeFormAction({
  context: async (values, formData) => ({ db: db(), viewer: await getViewer(), meta: await requestMeta(), values, formData }),
  // Times in messages ("next possible at {nextAt, time, short}") in the viewer's own time zone,
  // stated explicitly: an action's answer must not depend on how the request config is resolved
  // inside an action (issue 14: the reminder cool-down showed UTC).
  translator: async () => {
    const [locale, messages, viewer, timeZone] = await Promise.all([getLocale(), getMessages(), getViewer().catch(() => null), getTimeZone()]);
    return viewerTranslator({ locale, messages, viewerTimeZone: viewer?.timezone, fallbackTimeZone: timeZone });
  },
  revalidate: (target) => (typeof target === 'string' ? revalidatePath(target) : revalidatePath(target.layout, 'layout')),
  redirect: (to) => redirect(to),
  rethrowControlFlow: (e) => unstable_rethrow(e),
});
