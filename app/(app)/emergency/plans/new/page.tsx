import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { audienceOptions } from '@/app/(app)/announcements/_components/audience-options';
import { ClientMessages } from '@/lib/i18n/client-messages';
import { getComposeOptions } from '@/lib/announcements/queries';
import { listPlans } from '@/lib/emergency/queries';
import { PlanForm } from '../../_components/plan-form';
import { savePlanAction } from '../../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('announcements.emergency'))('newPlan') };
}

export default async function NewPlanPage() {
  const viewer = await getViewer();
  // listPlans checks the viewer may manage plans (officers, admins).
  const [, options] = await guard(Promise.all([listPlans(db(), viewer), getComposeOptions(db(), viewer)]));
  const t = await getTranslations('announcements.emergency');
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="page-title">{t('newPlan')}</h1>
      <div className="card p-4 sm:p-6">
        <ClientMessages scopes={['announcements.emergency', 'announcements.compose.audience']}>
          <PlanForm action={savePlanAction} options={await audienceOptions(viewer, options.publishesAnywhere, {})} initial={{}} locale={await getLocale()} />
        </ClientMessages>
      </div>
    </div>
  );
}
