import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { audienceOptions } from '@/app/(app)/announcements/_components/audience-options';
import { ClientMessages } from '@/lib/i18n/client-messages';
import { getComposeOptions } from '@/lib/announcements/queries';
import { getPlan } from '@/lib/emergency/queries';
import { PlanForm } from '../../_components/plan-form';
import { archivePlanAction, savePlanAction, triggerPlanAction } from '../../actions';
import { Form, Submit, TextArea } from '@/app/_components/form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('announcements.emergency'))('title') };
}

/** One plan: trigger it (one click plus the situation), or edit it. */
export default async function PlanPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  const { id } = await params;
  const [plan, options] = await guard(Promise.all([getPlan(db(), viewer, id), getComposeOptions(db(), viewer)]));
  const t = await getTranslations('announcements.emergency');
  const locale = await getLocale();
  const initial: Record<string, string | string[]> = {
    id: plan.id, name: plan.name, title: plan.title, body: plan.bodyMd, renotifyMinutes: String(plan.renotifyMinutes), ackRequired: plan.ackRequired ? 'on' : '',
    ...(plan.audience.everyone ? { everyone: 'on' } : {}), units: plan.audience.units.map((u) => u.unitId),
    includeSubUnits: plan.audience.units.every((u) => u.includeSubUnits) ? 'on' : '', roles: plan.audience.roles, partnerOrgs: plan.audience.partnerOrgs,
    people: plan.audience.people,
  };
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href="/emergency" className="text-sm text-brand-600 hover:underline">← {t('title')}</Link>
      <h1 className="page-title">{plan.name}</h1>
      <section id="trigger" className="card border-red-200 bg-red-50 p-4 sm:p-6">
        <h2 className="mb-2 font-semibold text-red-800">{t('triggerTitle')}</h2>
        <p className="mb-1 text-sm text-red-900">{t('triggerHint')}</p>
        <p className="mb-3 text-sm font-medium text-red-900" data-testid="trigger-reach">{t('reaches', { count: plan.audienceSize })}</p>
        {plan.can.trigger ? (
        <Form action={triggerPlanAction} testId="trigger-form">
          <input type="hidden" name="planId" value={plan.id} />
          <TextArea name="details" label={t('details')} rows={3} maxLength={4000} testId="trigger-details" />
          <Submit variant="danger" testId="trigger">{t('triggerNow')}</Submit>
        </Form>
        ) : null}
      </section>
      {plan.can.editPlans ? (
      <details className="card p-4 sm:p-6">
        <summary className="cursor-pointer font-semibold">{t('editPlan')}</summary>
        <div className="mt-4">
          <ClientMessages scopes={['announcements.emergency', 'announcements.compose.audience']}>
            <PlanForm action={savePlanAction} options={await audienceOptions(viewer, options.publishesAnywhere, initial)} initial={initial} locale={locale} />
          </ClientMessages>
        </div>
      </details>
      ) : null}
      {plan.can.editPlans ? (
        <Form action={archivePlanAction}>
          <input type="hidden" name="id" value={plan.id} />
          <Submit variant="secondary">{t('archive')}</Submit>
        </Form>
      ) : null}
    </div>
  );
}
