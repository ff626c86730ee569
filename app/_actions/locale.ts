'use server';

import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { isLocale, localeCookie } from '@/lib/i18n/config';
import { setOwnLocale } from '@/lib/people/preferences';
import { env } from '@/lib/env';

/** Switches the interface language: remembered on the profile when signed in, in a cookie always. */
export async function switchLocaleAction(formData: FormData): Promise<void> {
  const locale = formData.get('locale');
  if (!isLocale(locale)) return;
  (await cookies()).set(localeCookie, locale, {
    path: '/', sameSite: 'lax', httpOnly: true, maxAge: 60 * 60 * 24 * 365, secure: env().AUTH_URL.startsWith('https:'),
  });
  const viewer = await getViewer();
  if (viewer) await setOwnLocale(db(), viewer, { locale });
  revalidatePath('/', 'layout');
}
