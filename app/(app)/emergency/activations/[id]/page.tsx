import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { displayTitle } from '@/lib/announcements/title';
import { getRollCall } from '@/lib/emergency/queries';
import { AutoRefresh } from '../../_components/auto-refresh';
import { closeActivationAction } from '../../actions';
import { Form, Submit } from '@/app/_components/form';
import { Colon } from '@/app/_components/colon';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('announcements.emergency'))('board') };
}

/** The live roll call: acknowledged / outstanding per unit and person, refreshing by itself. */
export default async function RollCallPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const b = await guard(getRollCall(db(), await getViewer(), id));
  const t = await getTranslations('announcements.emergency');
  const format = await getFormatter();
  const locale = await getLocale();
  const en = locale === 'en';
  const active = b.status === 'active';
  const pct = b.totals.size ? b.totals.acknowledged / b.totals.size : 0;
  return (
    <div className="space-y-4">
      {active ? <AutoRefresh seconds={5} /> : null}
      <Link href="/emergency" className="text-sm text-brand-600 hover:underline">← {t('title')}</Link>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h1 className="page-title">{t('board')}<Colon />{b.planName}</h1>
          <p className="text-sm text-slate-600">
            <Link href={`/announcements/${b.announcementId}`} className="text-brand-700 hover:underline" data-testid="rollcall-announcement">{displayTitle({ ...b, urgency: 'urgent' }, locale)}</Link>
          </p>
          <p className="text-sm text-slate-600">{b.details}</p>
          <p className="text-xs text-slate-500">
            {t('triggeredLine', { when: format.dateTime(b.triggeredAt, { dateStyle: 'medium', timeStyle: 'short' }), who: b.triggeredBy ?? '' })}
            {' · '}{active ? t('renotifyLine', { minutes: b.renotifyMinutes, count: b.renotifyCount }) : t('closedLine', { when: b.closedAt ? format.dateTime(b.closedAt, { dateStyle: 'medium', timeStyle: 'short' }) : '' })}
          </p>
        </div>
        <span className={`badge ${active ? 'bg-red-100 text-red-700' : 'bg-slate-100 text-slate-700'}`} data-testid="activation-status">{t(`statuses.${b.status}`)}</span>
      </div>
      <dl className="grid grid-cols-3 gap-3" data-testid="rollcall-totals">
        <div className="card p-3"><dt className="text-xs text-slate-500">{t('audience')}</dt><dd className="text-2xl font-semibold" data-testid="rollcall-size">{b.totals.size}</dd></div>
        <div className="card p-3"><dt className="text-xs text-slate-500">{t('acknowledged')}</dt><dd className="text-2xl font-semibold text-emerald-700" data-testid="rollcall-acked">{b.totals.acknowledged}</dd></div>
        <div className="card p-3"><dt className="text-xs text-slate-500">{t('outstanding')}</dt><dd className="text-2xl font-semibold text-red-700" data-testid="rollcall-outstanding">{b.totals.outstanding}</dd></div>
      </dl>
      <div className="h-2 w-full overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuenow={Math.round(pct * 100)} aria-valuemin={0} aria-valuemax={100}>
        <div className="h-full bg-emerald-600" style={{ width: `${pct * 100}%` }} />
      </div>
      <section className="card overflow-x-auto">
        <h2 className="px-3 pt-3 font-semibold">{t('byUnit')}</h2>
        <table className="table table-stack">
          <thead><tr><th>{t('unit')}</th><th>{t('acknowledged')}</th><th>{t('outstanding')}</th></tr></thead>
          <tbody>
            {b.units.map((u, i) => (
              <tr key={i}><td data-label={t('unit')}>{u.partner ?? ((en && u.unitNameEn) || u.unitName) ?? ''}</td><td data-label={t('acknowledged')}>{u.acknowledged}</td><td data-label={t('outstanding')}>{u.size - u.acknowledged}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card overflow-x-auto">
        <h2 className="px-3 pt-3 font-semibold">{t('people')}</h2>
        <table className="table table-stack" data-testid="rollcall-people">
          <thead><tr><th>{t('person')}</th><th>{t('unit')}</th><th>{t('state')}</th></tr></thead>
          <tbody>
            {b.people.map((p) => (
              <tr key={p.personId} data-testid="rollcall-person" data-state={p.acknowledged ? 'acked' : 'outstanding'}>
                <td data-label={t('person')}>{(en && p.nameEn) || p.name}</td>
                <td data-label={t('unit')}>{(en && p.unitNameEn) || p.unitName || ''}</td>
                <td data-label={t('state')}>{p.acknowledged
                  ? <span className="badge bg-emerald-50 text-emerald-700">{t('ackedAt', { when: p.ackedAt ? format.dateTime(p.ackedAt, { timeStyle: 'short' }) : '' })}</span>
                  : <span className="badge bg-red-50 text-red-700">{p.readAt ? t('readOnly') : t('notYet')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {b.can.close ? (
        <Form action={closeActivationAction} refreshOnSuccess testId="close-form">
          <input type="hidden" name="id" value={b.id} />
          <Submit variant="secondary" testId="close-activation">{t('close')}</Submit>
        </Form>
      ) : null}
    </div>
  );
}
