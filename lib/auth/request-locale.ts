import 'server-only';
import { cookies, headers } from 'next/headers';
import { isLocale, localeCookie, localeFromAcceptLanguage, type AppLocale } from '@/lib/i18n/config';

/**
 * The language of the current request for someone not signed in (language cookie, then the
 * browser's language), or null outside a request. Used to write a sign-in mail in the language
 * the person was just reading when their record has no saved choice.
 */
export async function anonymousRequestLocale(): Promise<AppLocale | null> {
  try {
    const cookie = (await cookies()).get(localeCookie)?.value;
    if (isLocale(cookie)) return cookie;
    return localeFromAcceptLanguage((await headers()).get('accept-language'));
  } catch {
    return null;
  }
}
