import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { signInWithSsoAction } from '@/app/_actions/auth';
import { env } from '@/lib/env';
import { AuthHeading } from '../_components/auth-heading';
import { redirectIfSignedIn } from '../_components/signed-in-redirect';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.signIn');
  return { title: t('metaTitle') };
}

export default async function SignInPage() {
  await redirectIfSignedIn();
  const t = await getTranslations('auth.signIn');
  const idpName = env().OIDC_DISPLAY_NAME.trim();
  return (
    <>
      <AuthHeading title={t('title')} lead={t('subtitle')} />
      <form action={signInWithSsoAction}>
        <button type="submit" className="btn-primary w-full py-2.5 text-base" data-testid="sso-sign-in">
          {idpName ? t('ssoButtonNamed', { name: idpName }) : t('ssoButton')}
        </button>
      </form>
      <div className="mt-6 border-t border-slate-200 pt-5 text-center">
        <Link href="/partner/sign-in" className="text-sm font-medium text-brand-700 hover:underline">
          {t('partnerPrompt')}
        </Link>
        <p className="mt-1 text-xs text-slate-500">{t('partnerHint')}</p>
      </div>
    </>
  );
}
