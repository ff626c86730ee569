import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AuthHeading } from '../../../_components/auth-heading';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.confirm');
  return { title: t('metaTitle') };
}

/**
 * The page the mail links to. Opening it changes nothing (mail scanners open links); only the
 * button, a POST from this page, uses the token up (app/api/auth/partner/confirm).
 */
export default async function ConfirmPartnerSignInPage({ searchParams }: { searchParams: Promise<{ token?: string | string[]; email?: string | string[] }> }) {
  const { token, email } = await searchParams;
  const t = await getTranslations('auth.confirm');
  if (typeof token !== 'string' || typeof email !== 'string' || !token || !email) {
    return (
      <>
        <AuthHeading title={t('missingTitle')} lead={t('missingBody')} />
        <Link href="/partner/sign-in" className="btn-secondary w-full">{(await getTranslations('auth.expired'))('requestNew')}</Link>
      </>
    );
  }
  return (
    <>
      <AuthHeading title={t('title')} />
      <p className="mb-6 break-all text-sm text-slate-700">{t('body', { email })}</p>
      <form method="post" action="/api/auth/partner/confirm">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="email" value={email} />
        <button type="submit" className="btn-primary w-full py-2.5 text-base" data-testid="partner-confirm">{t('button')}</button>
      </form>
      <p className="mt-4 text-xs leading-5 text-slate-500">{t('note')}</p>
    </>
  );
}
