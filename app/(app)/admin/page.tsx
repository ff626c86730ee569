import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getAdminOverview } from '@/lib/people/queries';

export async function generateMetadata() {
  const t = await getTranslations('admin');
  return { title: t('title') };
}

export default async function AdminOverviewPage() {
  const viewer = await getViewer();
  const counts = await guard(getAdminOverview(db(), viewer));
  const t = await getTranslations('admin');
  const cards = [
    { href: '/admin/org', title: t('overview.org.title'), body: t('overview.org.body'), lines: [t('overview.org.count', { count: counts.units })] },
    {
      href: '/admin/people',
      title: t('overview.people.title'),
      body: t('overview.people.body'),
      lines: [t('overview.people.count', { count: counts.employees }), t('overview.people.deactivated', { count: counts.deactivated }), t('overview.admins', { count: counts.admins })],
    },
    { href: '/admin/people/import', title: t('overview.import.title'), body: t('overview.import.body'), lines: [] },
    {
      href: '/admin/partners',
      title: t('overview.partners.title'),
      body: t('overview.partners.body'),
      lines: [t('overview.partners.count', { count: counts.partnerOrgs }), t('overview.partners.people', { count: counts.partnerPeople })],
    },
    { href: '/admin/audit', title: t('overview.audit.title'), body: t('overview.audit.body'), lines: [t('overview.audit.count', { count: counts.auditLast7Days })] },
    { href: '/outbox', title: t('overview.outbox.title'), body: t('overview.outbox.body'), lines: [] },
  ];
  return (
    <div>
      <h1 className="page-title">{t('title')}</h1>
      <p className="mt-1 text-slate-600">{t('overview.intro')}</p>
      <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {cards.map((c) => (
          <li key={c.href}>
            <Link href={c.href} className="card block h-full p-4 transition hover:border-brand-500 hover:shadow">
              <h2 className="font-semibold text-brand-700">{c.title}</h2>
              <p className="mt-1 text-sm text-slate-600">{c.body}</p>
              {c.lines.length ? (
                <ul className="mt-3 space-y-0.5 text-sm text-slate-800">
                  {c.lines.map((l) => <li key={l}>{l}</li>)}
                </ul>
              ) : null}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
