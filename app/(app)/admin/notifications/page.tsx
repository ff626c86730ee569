import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { digestSections } from '@/lib/notifications/digest-sections';
import { forcedImmediateKinds, getCompanyDefaults, switchableKinds } from '@/lib/notifications/preferences';
import { saveNotificationDefaultsAction } from '../../profile/notifications/actions';
import { PreferencesForm } from '../../profile/notifications/preferences-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('notifications.preferences'))('defaultsTitle') };
}

/** Company defaults (admins only: lib refuses everyone else). */
export default async function NotificationDefaultsPage() {
  const defaults = await guard(getCompanyDefaults(db(), await getViewer()));
  const t = await getTranslations('notifications.preferences');
  const tAll = await getTranslations();
  const sections = digestSections.map((s) => ({ key: s.key, heading: tAll(s.heading) }));
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="page-title">{t('defaultsTitle')}</h1>
      <p className="text-sm text-slate-600">{t('defaultsIntro')}</p>
      {(['employee', 'partner'] as const).map((audience) => (
        <div key={audience} className="card space-y-3 p-4">
          <h2 className="text-lg font-semibold">{t(audience === 'employee' ? 'employees' : 'partners')}</h2>
          <PreferencesForm action={saveNotificationDefaultsAction} prefs={defaults[audience]} hidden={{ audience }} testId={`defaults-form-${audience}`}
            sections={sections} switchable={switchableKinds} forced={forcedImmediateKinds} />
        </div>
      ))}
    </div>
  );
}
