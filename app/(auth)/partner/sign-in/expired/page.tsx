import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AuthHeading } from '../../../_components/auth-heading';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.expired');
  return { title: t('metaTitle') };
}

export default async function LinkExpiredPage() {
  const t = await getTranslations('auth.expired');
  return (
    <>
      <AuthHeading title={t('title')} />
      <p role="alert" data-testid="link-expired" className="rounded-md border border-amber-200 bg-amber-50 p-4 text-sm leading-6 text-amber-900">{t('body')}</p>
      <Link href="/partner/sign-in" className="btn-primary mt-6 w-full">{t('requestNew')}</Link>
    </>
  );
}
