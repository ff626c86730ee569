import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getOwnPartnerOrg } from '@/lib/partners/own-org';
import { displayName } from '@/lib/people/display-name';
import { listMyQuickLinks } from '@/lib/quicklinks/queries';
import { listTodos } from '@/lib/workbench/todos';
import { QuickLinks } from '../_components/quick-links';
import { Workbench } from '../_components/workbench';
import { RequestsHomeCard } from '@/app/(app)/partner/requests/home-card';
import { SharedSpaces } from '../kb/_components/shared-spaces';
import { OrdersHomeSection } from '@/app/(app)/partner/orders/home-section';

export default async function PartnerHomePage() {
  const viewer = await getViewer();
  const locale = await getLocale();
  const [org, todos, quick] = await Promise.all([guard(getOwnPartnerOrg(db(), viewer)), guard(listTodos(db(), viewer, { locale })), guard(listMyQuickLinks(db(), viewer))]);
  const t = await getTranslations('common.partnerHome');
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title" data-testid="partner-home">{t('title', { name: displayName(viewer!, locale) })}</h1>
        <p className="mt-1 text-slate-600">{t('org', { org: locale === 'en' && org.nameEn ? org.nameEn : org.name, type: t(`types.${org.type}`) })}</p>
      </div>
      <OrdersHomeSection viewer={viewer!} orgType={org.type} />
      <Workbench groups={todos} />
      <QuickLinks links={quick.links} canManage={quick.can.manage} locale={locale} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Link href="/announcements" className="card block p-4 hover:border-brand-500">
          <div className="font-medium">{t('announcements')}</div>
          <p className="mt-1 text-sm text-slate-600">{t('announcementsHint')}</p>
        </Link>
        <RequestsHomeCard orgType={org.type} />
        {org.can.manageTeam ? (
          <Link href="/partner/team" className="card block p-4 hover:border-brand-500">
            <div className="font-medium">{t('team')}</div>
            <p className="mt-1 text-sm text-slate-600">{t('teamHint')}</p>
          </Link>
        ) : null}
      </div>
      <SharedSpaces viewer={viewer!} />
    </div>
  );
}
