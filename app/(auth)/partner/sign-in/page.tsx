import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AuthHeading } from '../../_components/auth-heading';
import { redirectIfSignedIn } from '../../_components/signed-in-redirect';
import { PartnerSignInForm } from './partner-sign-in-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.partner');
  return { title: t('metaTitle') };
}

export default async function PartnerSignInPage() {
  await redirectIfSignedIn();
  const t = await getTranslations('auth.partner');
  return (
    <>
      <AuthHeading title={t('title')} lead={t('subtitle')} />
      <PartnerSignInForm
        labels={{ email: t('emailLabel'), placeholder: t('emailPlaceholder'), submit: t('submit'), sentTitle: t('sentTitle'), sentBody: t('sentBody'), sendAnother: t('sendAnother') }}
      />
      <div className="mt-6 border-t border-slate-200 pt-5 text-center">
        <Link href="/sign-in" className="text-sm font-medium text-brand-700 hover:underline">{t('employeePrompt')}</Link>
      </div>
    </>
  );
}
