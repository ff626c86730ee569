import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AuthHeading } from '../../_components/auth-heading';

// Auth.js sends its errors here (?error=…); only the types we explain are shown, others get a generic text.
const known = ['Unavailable', 'Configuration', 'AccessDenied', 'Verification'] as const;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.error');
  return { title: t('metaTitle') };
}

export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  const { error } = await searchParams;
  const key: (typeof known)[number] | 'default' = known.find((k) => k === String(error)) ?? 'default';
  const t = await getTranslations('auth.error');
  return (
    <>
      <AuthHeading title={t('title')} />
      <p role="alert" data-testid="sign-in-error" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm leading-6 text-red-900">
        {t(`messages.${key}`)}
      </p>
      <Link href="/sign-in" className="btn-secondary mt-6 w-full">{t('back')}</Link>
    </>
  );
}
