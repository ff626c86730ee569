import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { isPartner } from '@/lib/authz/policies';
import { guard } from '@/lib/http/page-guard';
import { getHome } from '@/lib/announcements/queries';
import { announcementKinds } from '@/lib/announcements/schema';
import { displayName } from '@/lib/people/display-name';
import { listMyQuickLinks } from '@/lib/quicklinks/queries';
import { listTodos } from '@/lib/workbench/todos';
import { HomeBanner } from './_components/home-banner';
import { HomeList } from './_components/home-list';
import { QuickLinks } from './_components/quick-links';
import { Workbench } from './_components/workbench';

/** The employee homepage: urgent banner, my to-dos across areas (lib/workbench), pinned items, then the newest addressed items, unread first. */
export default async function HomePage({ searchParams }: { searchParams: Promise<{ news?: string }> }) {
  const viewer = await getViewer();
  if (!viewer) redirect('/sign-in');
  if (isPartner(viewer)) redirect('/partner');
  const locale = await getLocale();
  const { news } = await searchParams;
  const kind = announcementKinds.find((k) => k === news);
  const [home, todos, quick] = await Promise.all([guard(getHome(db(), viewer, new Date(), { kind })), guard(listTodos(db(), viewer, { locale })), guard(listMyQuickLinks(db(), viewer))]);
  const t = await getTranslations('home');
  const tk = await getTranslations('announcements.compose.kinds');
  // Categories (the announcement kinds) as plain links: server-rendered, they work without JavaScript.
  const tabs = [{ key: undefined, label: t('newsAll') }, ...announcementKinds.map((k) => ({ key: k, label: tk(k) }))];
  return (
    <div className="space-y-5">
      <div>
        <h1 className="page-title" data-testid="home-greeting">{t('greeting', { name: displayName(viewer, locale) })}</h1>
        <p className="text-sm text-slate-600" data-testid="home-unread">{t('unreadCount', { count: home.unreadCount })}</p>
      </div>
      <HomeBanner items={home.urgent} locale={locale} />
      <Workbench groups={todos} />
      <QuickLinks links={quick.links} canManage={quick.can.manage} locale={locale} />
      <nav className="-mb-2 flex gap-1 overflow-x-auto text-sm" aria-label={t('newsTabs')} data-testid="news-tabs">
        {tabs.map((tab) => (
          <Link key={tab.key ?? 'all'} href={tab.key ? `/?news=${tab.key}` : '/'} aria-current={kind === tab.key ? 'page' : undefined} data-testid={`news-tab-${tab.key ?? 'all'}`}
            className={`shrink-0 whitespace-nowrap rounded-md px-3 py-1.5 ${kind === tab.key ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`}>
            {tab.label}
          </Link>
        ))}
      </nav>
      <HomeList title={t('pinned')} items={home.pinned} locale={locale} testId="home-pinned" />
      <HomeList title={t('latest')} items={home.latest} locale={locale} testId="home-latest" empty={t('empty')} />
      <div className="flex flex-wrap gap-2">
        <Link href="/announcements" className="btn-secondary">{t('allAnnouncements')}</Link>
        <Link href="/announcements/new" className="btn-secondary">{t('compose')}</Link>
      </div>
    </div>
  );
}
