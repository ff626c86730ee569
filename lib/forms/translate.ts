import { createTranslator } from 'next-intl';
import type { Translate } from './action-core';

/**
 * The translator of a form action's answer: the viewer's language, and times ("next possible at
 * {nextAt, time, short}") in the VIEWER's own time zone, stated explicitly — an action's answer
 * must not depend on how the request configuration is resolved inside an action (issue 14: the
 * reminder cool-down showed UTC). `fallbackTimeZone` only for someone not signed in.
 */
export function viewerTranslator(o: { locale: Parameters<typeof createTranslator>[0]['locale']; messages: Parameters<typeof createTranslator>[0]['messages'] | Record<string, unknown>; viewerTimeZone?: string | null; fallbackTimeZone: string }): Translate {
  const t = createTranslator({ locale: o.locale, messages: o.messages as Parameters<typeof createTranslator>[0]['messages'], timeZone: o.viewerTimeZone ?? o.fallbackTimeZone });
  return (key, params) => t(key, params);
}
