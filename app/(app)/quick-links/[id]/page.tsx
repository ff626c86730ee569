import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { pickerLabels } from '@/app/_components/picker/labels';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getQuickLinkToManage } from '@/lib/quicklinks/queries';
import { saveQuickLinkAction } from '../actions';
import { QuickLinkForm } from '../_components/quick-link-form';
import { quickLinkFormText } from '../_components/text';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('home.quickLinks'))('editTitle') };
}

export default async function EditQuickLinkPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await getViewer();
  const l = await guard(getQuickLinkToManage(db(), viewer, id));
  const t = await getTranslations('home.quickLinks');
  const locale = await getLocale();
  const named = (x: { id: string; name: string; nameEn: string | null }) => ({ id: x.id, label: locale === 'en' && x.nameEn ? x.nameEn : x.name });
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href="/quick-links" className="text-sm text-brand-700 hover:underline">← {t('back')}</Link>
      <h1 className="page-title">{t('editTitle')}</h1>
      <div className="card p-4 sm:p-6">
        <QuickLinkForm
          action={saveQuickLinkAction}
          text={await quickLinkFormText()}
          pickerLabels={await pickerLabels()}
          initial={{ ...l, everyone: l.audience.everyone, units: l.audience.units.map(named), partnerOrgs: l.audience.partnerOrgs.map(named) }}
        />
      </div>
    </div>
  );
}
