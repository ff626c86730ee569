import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listPlans } from '@/lib/emergency/queries';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('announcements.emergency'))('title') };
}

/** 应急预案: prepared plans and recent activations (communications officers and admins). */
export default async function EmergencyPage() {
  const { plans, activations } = await guard(listPlans(db(), await getViewer()));
  const t = await getTranslations('announcements.emergency');
  const format = await getFormatter();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{t('title')}</h1>
        <Link href="/emergency/plans/new" className="btn-primary" data-testid="new-plan">{t('newPlan')}</Link>
      </div>
      {plans.length === 0 ? <p className="card p-6 text-center text-sm text-slate-500">{t('noPlans')}</p> : (
        <ul className="grid gap-3 sm:grid-cols-2" data-testid="plan-list">
          {plans.map((p) => (
            <li key={p.id} className="card flex flex-col gap-2 p-4">
              <Link href={`/emergency/plans/${p.id}`} className="font-semibold hover:text-brand-700" data-testid="plan-link">{p.name}</Link>
              <p className="text-sm text-slate-600">{p.title}</p>
              <p className="text-xs text-slate-500">{t('renotifyEvery', { minutes: p.renotifyMinutes })}</p>
              <Link href={`/emergency/plans/${p.id}#trigger`} className="btn-danger self-start">{t('trigger')}</Link>
            </li>
          ))}
        </ul>
      )}
      <section className="card overflow-x-auto">
        <h2 className="px-3 pt-3 font-semibold">{t('activations')}</h2>
        {activations.length === 0 ? <p className="p-3 text-sm text-slate-500">{t('noActivations')}</p> : (
          <table className="table table-stack">
            <thead><tr><th>{t('plan')}</th><th>{t('triggeredAt')}</th><th>{t('triggeredBy')}</th><th>{t('status')}</th></tr></thead>
            <tbody>
              {activations.map((a) => (
                <tr key={a.id}>
                  <td data-label={t('plan')}><Link href={`/emergency/activations/${a.id}`} className="text-brand-700 hover:underline">{a.planName}</Link></td>
                  <td data-label={t('triggeredAt')} className="whitespace-nowrap">{format.dateTime(a.triggeredAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                  <td data-label={t('triggeredBy')}>{a.triggeredBy ?? ''}</td>
                  <td data-label={t('status')}>{t(`statuses.${a.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
