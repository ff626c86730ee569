import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { countApprovalsWaiting } from '@/lib/announcements/todos';
import { viewerAbilities } from '@/lib/authz/abilities';
import type { Viewer } from '@/lib/authz/viewer';
import { displayName } from '@/lib/people/display-name';
import { signOutAction } from '@/app/_actions/auth';
import { AutoCloseDetails } from './auto-close-details';
import { LanguageSwitch } from './language-switch';
import { NavLink } from './nav-link';
import { SearchBox } from './search-box';
import { NotificationBell } from './notification-bell';

type NavKey = 'home' | 'announcements' | 'approvals' | 'emergency' | 'directory' | 'admin' | 'partnerHome' | 'partnerTeam' | 'requests' | 'orders' | 'kb' | 'meetings' | 'tasks';
type NavItem = { href: string; key: NavKey; exact?: boolean };

/** Navigation shows only what this person may use (their abilities); every page still checks in lib/. */
export function navFor(viewer: Viewer): NavItem[] {
  const can = viewerAbilities(viewer);
  if (can.partner) {
    return [
      { href: '/partner', key: 'partnerHome', exact: true },
      { href: '/announcements', key: 'announcements' },
      { href: '/kb', key: 'kb' },
      { href: '/meetings', key: 'meetings' },
      { href: '/tasks', key: 'tasks' },
      ...(can.manageOwnPartnerTeam ? [{ href: '/partner/team', key: 'partnerTeam' as const }] : []),
    ];
  }
  return [
    { href: '/', key: 'home', exact: true },
    { href: '/announcements', key: 'announcements' },
    { href: '/kb', key: 'kb' },
    ...(can.approve ? [{ href: '/announcements/approvals', key: 'approvals' as const }] : []),
    ...(can.manageEmergency ? [{ href: '/emergency', key: 'emergency' as const }] : []),
    ...(can.employee ? [{ href: '/requests', key: 'requests' as const }] : []),
    ...(can.employee ? [{ href: '/orders', key: 'orders' as const }] : []),
    { href: '/meetings', key: 'meetings' },
    { href: '/tasks', key: 'tasks' },
    ...(can.viewDirectory ? [{ href: '/directory', key: 'directory' as const }] : []),
    ...(can.administer ? [{ href: '/admin', key: 'admin' as const }] : []),
  ];
}

export async function AppShell({ viewer, locale, children }: { viewer: Viewer; locale: string; children: React.ReactNode }) {
  const t = await getTranslations('common');
  const items = navFor(viewer);
  const name = displayName(viewer, locale);
  // The approvals badge: one indexed count, only for those who approve.
  const waiting = viewerAbilities(viewer).approve ? await countApprovalsWaiting(db(), viewer) : 0;
  const label = (i: NavItem) => (
    <>
      {t(`nav.${i.key}`)}
      {i.key === 'approvals' && waiting > 0 ? (
        <span className="ml-1.5 rounded-full bg-red-600 px-1.5 py-0.5 text-xs font-semibold text-white" data-testid="nav-badge">
          <span aria-hidden>{waiting}</span>
          <span className="sr-only">{t('nav.badge', { count: waiting })}</span>
        </span>
      ) : null}
    </>
  );
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4">
          <Link href={viewer.kind === 'partner' ? '/partner' : '/'} className="flex shrink-0 items-center gap-2 font-semibold text-brand-700">
            <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-sm text-white">P</span>
            <span className="sr-only sm:not-sr-only">{t('appName')}</span>
          </Link>
          <div className="flex min-w-0 flex-1 justify-start sm:pl-4">
            <SearchBox />
          </div>
          <div className="ml-auto flex shrink-0 items-center gap-2">
            <LanguageSwitch />
            <NotificationBell viewer={viewer} />
            <AutoCloseDetails className="relative">
              <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-100" aria-label={t('profileMenu')}>
                <span aria-hidden className="grid h-7 w-7 place-items-center rounded-full bg-slate-200 text-xs font-semibold text-slate-700">{name.slice(0, 1)}</span>
                <span className="hidden max-w-32 truncate sm:inline" data-testid="viewer-name">{name}</span>
              </summary>
              <div className="absolute right-0 mt-2 w-60 rounded-md border border-slate-200 bg-white p-2 text-sm shadow-lg">
                <div className="border-b border-slate-100 px-2 pb-2">
                  <div className="font-medium">{name}</div>
                  <div className="truncate text-slate-500">{viewer.email}</div>
                </div>
                <Link href="/profile" className="mt-1 block rounded px-2 py-1.5 hover:bg-slate-100">{t('profileLink')}</Link>
                <form action={signOutAction}>
                  <button type="submit" className="w-full rounded px-2 py-1.5 text-left hover:bg-slate-100">{t('signOut')}</button>
                </form>
              </div>
            </AutoCloseDetails>
          </div>
        </div>
        {/* The areas on their own row at every width: ten of them do not fit beside the search box. */}
        <nav aria-label={t('nav.label')} className="border-t border-slate-100">
          <div className="mx-auto flex max-w-6xl gap-1 overflow-x-auto px-2 py-1 md:px-3">
            {items.map((i) => (
              <NavLink key={i.href} href={i.href} exact={i.exact} siblings={items}>{label(i)}</NavLink>
            ))}
          </div>
        </nav>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">{children}</main>
      <footer className="border-t border-slate-200 py-4 text-center text-xs text-slate-500">{t('footer')}</footer>
    </div>
  );
}
