import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { isPartner } from '@/lib/authz/policies';
import { guard } from '@/lib/http/page-guard';
import { getHome } from '@/lib/announcements/queries';
import { displayName } from '@/lib/people/display-name';
import { listMyQuickLinks } from '@/lib/quicklinks/queries';
import { listTodos } from '@/lib/workbench/todos';
import { HomeBanner } from './_components/home-banner';
import { HomeList } from './_components/home-list';
import { QuickLinks } from './_components/quick-links';
import { Workbench } from './_components/workbench';

/** The employee homepage: urgent banner, my to-dos across areas (lib/workbench), pinned items, then the newest addressed items, unread first. */
export default async function HomePage() {
  const viewer = await getViewer();
  if (!viewer) redirect('/sign-in');
  if (isPartner(viewer)) redirect('/partner');
  const locale = await getLocale();
  const [home, todos, quick] = await Promise.all([guard(getHome(db(), viewer)), guard(listTodos(db(), viewer, { locale })), guard(listMyQuickLinks(db(), viewer))]);
  const t = await getTranslations('home');
  return (
    <div className="space-y-5">
      <div>
        <h1 className="page-title" data-testid="home-greeting">{t('greeting', { name: displayName(viewer, locale) })}</h1>
        <p className="text-sm text-slate-600" data-testid="home-unread">{t('unreadCount', { count: home.unreadCount })}</p>
      </div>
      <HomeBanner items={home.urgent} locale={locale} />
      <Workbench groups={todos} />
      <QuickLinks links={quick.links} canManage={quick.can.manage} locale={locale} />
      <HomeList title={t('pinned')} items={home.pinned} locale={locale} testId="home-pinned" />
      <HomeList title={t('latest')} items={home.latest} locale={locale} testId="home-latest" empty={t('empty')} />
      <div className="flex flex-wrap gap-2">
        <Link href="/announcements" className="btn-secondary">{t('allAnnouncements')}</Link>
        <Link href="/announcements/new" className="btn-secondary">{t('compose')}</Link>
      </div>
    </div>
  );
}
