import { getTranslations } from 'next-intl/server';
import { NavLink } from '@/app/_components/nav-link';

const items = [
  { href: '/admin', key: 'overview', exact: true },
  { href: '/admin/org', key: 'org' },
  { href: '/admin/people', key: 'people' },
  { href: '/admin/partners', key: 'partners' },
  { href: '/admin/notifications', key: 'notifications' },
  { href: '/admin/channels', key: 'channels' },
  { href: '/admin/audit', key: 'audit' },
  { href: '/admin/integrations', key: 'integrations' },
  { href: '/outbox', key: 'outbox' },
] as const;

export async function AdminNav() {
  const t = await getTranslations('admin.nav');
  return (
    <nav aria-label={t('label')} className="-mx-4 mb-6 flex gap-1 overflow-x-auto border-b border-slate-200 px-4 pb-2">
      {items.map((i) => (
        <NavLink key={i.href} href={i.href} exact={'exact' in i ? i.exact : undefined}>
          {t(i.key)}
        </NavLink>
      ))}
    </nav>
  );
}
