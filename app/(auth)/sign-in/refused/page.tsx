import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { env } from '@/lib/env';
import { AuthHeading } from '../../_components/auth-heading';

const reasons = ['unknown', 'deactivated', 'partner', 'unlinkable', 'partner_inactive'] as const;
type Reason = (typeof reasons)[number] | 'generic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.refused');
  return { title: t('metaTitle') };
}

export default async function RefusedPage({ searchParams }: { searchParams: Promise<{ reason?: string | string[] }> }) {
  const { reason: raw } = await searchParams;
  const reason: Reason = (reasons as readonly string[]).includes(String(raw)) ? (raw as Reason) : 'generic';
  const t = await getTranslations('auth.refused');
  const partnerSide = reason === 'partner' || reason === 'partner_inactive';
  return (
    <>
      <AuthHeading title={t('title')} />
      <p role="alert" data-testid="refused-reason" data-reason={reason} className="rounded-md border border-amber-200 bg-amber-50 p-4 text-sm leading-6 text-amber-900">
        {t(`reasons.${reason}`)}
      </p>
      {partnerSide ? null : (
        <p className="mt-4 text-sm leading-6 text-slate-700" data-testid="refused-contact">
          {t('contact', { contact: env().PLAZA_SUPPORT_CONTACT ?? t('contactDefault') })}
        </p>
      )}
      <div className="mt-6 flex flex-col gap-2 sm:flex-row">
        <Link href="/sign-in" className="btn-secondary flex-1">{t('back')}</Link>
        {partnerSide ? <Link href="/partner/sign-in" className="btn-secondary flex-1">{t('partnerSignIn')}</Link> : null}
      </div>
    </>
  );
}
