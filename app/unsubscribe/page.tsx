import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { checkUnsubscribeToken } from '@/lib/notifications/unsubscribe';
import { Form, Submit } from '@/app/_components/form';
import { LanguageSwitch } from '@/app/_components/language-switch';
import { unsubscribeAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('notifications.unsubscribe'))('title'), robots: { index: false } };
}

/** Public (no sign-in): the digest's unsubscribe link lands here; the button (a POST) does it. */
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const token = typeof sp.token === 'string' ? sp.token : '';
  const check = await checkUnsubscribeToken(db(), token);
  const t = await getTranslations('notifications');
  return (
    <div className="flex min-h-screen flex-col bg-gradient-to-b from-brand-50 to-slate-50">
      <header className="mx-auto flex w-full max-w-md items-center justify-between px-4 pt-6">
        <span className="flex items-center gap-2 font-semibold text-brand-700">
          <span aria-hidden className="grid h-8 w-8 place-items-center rounded-md bg-brand-600 text-white">P</span>
          <span className="text-lg">Plaza</span>
        </span>
        <LanguageSwitch />
      </header>
      <main className="mx-auto flex w-full max-w-md flex-1 flex-col justify-center px-4 py-8">
        <div className="card space-y-4 p-6 sm:p-8">
          <h1 className="page-title">{t('unsubscribe.title')}</h1>
          {check.state === 'valid' ? (
            <Form action={unsubscribeAction} testId="unsubscribe-form">
              <input type="hidden" name="token" value={token} />
              <p className="text-sm text-slate-700">{t('unsubscribe.confirm', { email: check.email })}</p>
              <Submit testId="unsubscribe">{t('unsubscribe.button')}</Submit>
              <p className="text-xs text-slate-500">{t('unsubscribe.changeLater')} <Link href="/profile/notifications" className="text-brand-600 underline">{t('preferences.title')}</Link></p>
            </Form>
          ) : (
            <p className="text-sm text-red-700" role="alert" data-testid="unsubscribe-invalid">{t(check.state === 'expired' ? 'unsubscribe.expired' : 'unsubscribe.invalid')}</p>
          )}
        </div>
      </main>
    </div>
  );
}
