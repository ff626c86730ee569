import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

/** The partner home's entry to requests (customers and distributors only): one card, kept here so the shared page changes by two lines. */
export async function RequestsHomeCard({ orgType }: { orgType: string }) {
  if (orgType !== 'customer' && orgType !== 'distributor') return null;
  const t = await getTranslations('requests.portal');
  return (
    <Link href="/partner/requests" className="card block p-4 hover:border-brand-500" data-testid="partner-home-requests">
      <div className="font-medium">{t('homeLink')}</div>
      <p className="mt-1 text-sm text-slate-600">{t('homeHint')}</p>
    </Link>
  );
}
