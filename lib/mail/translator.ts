import { createTranslator } from 'use-intl/core';
import type { AppLocale } from '@/lib/i18n/config';
import { loadMessages } from '@/lib/i18n/messages';

export type MailT = (key: string, values?: Record<string, string | number | Date>) => string;

/**
 * A translator over all catalogs in the recipient's language (no request needed): mails use
 * full keys such as t('mail.footer') or t('auth.mail.signIn.subject').
 */
export async function mailTranslator(locale: AppLocale): Promise<MailT> {
  const messages = await loadMessages(locale);
  const t = createTranslator({ locale, messages });
  return (key, values) => (t as unknown as (k: string, v?: Record<string, unknown>) => string)(key, values);
}
