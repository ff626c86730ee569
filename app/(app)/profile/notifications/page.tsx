import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { viewerAbilities } from '@/lib/authz/abilities';
import { guard } from '@/lib/http/page-guard';
import { digestSections } from '@/lib/notifications/digest-sections';
import { getOwnPreferences } from '@/lib/notifications/preferences';
import { saveNotificationPreferencesAction } from './actions';
import { PreferencesForm } from './preferences-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('notifications.preferences'))('title') };
}

export default async function NotificationPreferencesPage() {
  const viewer = await getViewer();
  const prefs = await guard(getOwnPreferences(db(), viewer));
  const t = await getTranslations('notifications');
  const tAll = await getTranslations();
  const admin = viewer ? viewerAbilities(viewer).administer : false;
  return (
    <div className="max-w-3xl space-y-4">
      <nav className="text-sm"><Link href="/profile" className="text-brand-600 hover:underline">← {(await getTranslations('common'))('profileLink')}</Link></nav>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{t('preferences.title')}</h1>
        {admin ? <Link href="/admin/notifications" className="btn-secondary">{t('preferences.defaultsTitle')}</Link> : null}
      </div>
      <p className="text-sm text-slate-600">{t('preferences.intro')}</p>
      <p className="text-sm text-slate-600" data-testid="defaults-applied">
        {t(prefs.defaultsFrom === 'company' ? 'preferences.appliesCompany' : 'preferences.appliesBuiltIn', { role: t(`preferences.roles.${prefs.role}`) })}
      </p>
      <div className="card p-4">
        <PreferencesForm action={saveNotificationPreferencesAction} prefs={prefs} timezone={prefs.timezone} testId="preferences-form"
          sections={digestSections.map((s) => ({ key: s.key, heading: tAll(s.heading) }))} switchable={prefs.switchable} forced={prefs.forced} />
      </div>
    </div>
  );
}
