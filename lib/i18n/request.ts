import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { getViewer } from '@/lib/auth/viewer';
import { defaultLocale, isLocale, localeCookie, localeFromAcceptLanguage, type AppLocale } from './config';
import { loadMessages } from './messages';

/** The person's saved choice, else the language cookie, else the browser's language. */
export async function resolveLocale(): Promise<{ locale: AppLocale; timeZone: string }> {
  const viewer = await getViewer().catch(() => null);
  const cookie = (await cookies()).get(localeCookie)?.value;
  const locale: AppLocale = viewer?.locale ?? (isLocale(cookie) ? cookie : null) ?? localeFromAcceptLanguage((await headers()).get('accept-language')) ?? defaultLocale;
  return { locale, timeZone: viewer?.timezone ?? 'Asia/Shanghai' };
}

export default getRequestConfig(async () => {
  const { locale, timeZone } = await resolveLocale();
  return { locale, timeZone, messages: await loadMessages(locale), now: new Date() };
});
