import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getOwnProfile } from '@/lib/people/preferences';
import { LanguageSwitch } from '@/app/_components/language-switch';
import { TimezoneForm } from './timezone-form';

export async function generateMetadata() {
  return { title: (await getTranslations('common'))('profileLink') };
}

const zones = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'UTC'];

export default async function ProfilePage() {
  const viewer = await getViewer();
  const p = await guard(getOwnProfile(db(), viewer));
  const locale = await getLocale();
  const t = await getTranslations('common.profile');
  const tn = await getTranslations('notifications.preferences');
  const en = locale === 'en';
  const unit = en ? (p.unitNameEn ?? p.unitName) : p.unitName;
  const org = en ? (p.orgNameEn ?? p.orgName) : p.orgName;
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="page-title">{t('title')}</h1>
      <div className="card p-4">
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-slate-500">{t('name')}</dt><dd>{p.name}{p.nameEn ? ` · ${p.nameEn}` : ''}</dd>
          <dt className="text-slate-500">{t('email')}</dt><dd className="break-all">{p.email}</dd>
          {unit ? (<><dt className="text-slate-500">{t('unit')}</dt><dd>{unit}</dd></>) : null}
          {org ? (<><dt className="text-slate-500">{t('organisation')}</dt><dd>{org}</dd></>) : null}
          {p.position ? (<><dt className="text-slate-500">{t('position')}</dt><dd>{p.position}</dd></>) : null}
        </dl>
      </div>
      <div className="card space-y-4 p-4">
        <div>
          <div className="label">{t('language')}</div>
          <LanguageSwitch className="w-fit" />
          <p className="mt-1 text-xs text-slate-500">{t('languageHint')}</p>
        </div>
        <Link href="/profile/notifications" className="btn-secondary w-fit" data-testid="notification-settings">{tn('title')}</Link>
        <TimezoneForm current={p.timezone} zones={zones.includes(p.timezone) ? zones : [p.timezone, ...zones]} label={t('timezone')} submit={t('save')} />
      </div>
    </div>
  );
}
