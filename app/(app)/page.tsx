import { redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { getViewer } from '@/lib/auth/viewer';
import { isPartner } from '@/lib/authz/policies';
import { displayName } from '@/lib/people/display-name';

export default async function HomePage() {
  const viewer = await getViewer();
  if (!viewer) redirect('/sign-in');
  if (isPartner(viewer)) redirect('/partner');
  const t = await getTranslations('home');
  return (
    <div className="space-y-6">
      <h1 className="page-title" data-testid="home-greeting">{t('greeting', { name: displayName(viewer, await getLocale()) })}</h1>
      <p className="text-slate-600">{t('intro')}</p>
    </div>
  );
}
