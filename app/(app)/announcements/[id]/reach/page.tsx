import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getAnnouncement, getReach } from '@/lib/announcements/queries';
import { titleOf } from '../../_components/labels';
import { remindAction } from '../../actions';
import { Form, Submit } from '@/app/_components/form';
import { Pager } from '@/app/(app)/admin/_components/pager';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('announcements.reach'))('title') };
}

function duration(seconds: number | null, t: (k: 'seconds' | 'minutes' | 'hours' | 'days', v: { n: number }) => string): string {
  if (seconds === null) return '—';
  if (seconds < 90) return t('seconds', { n: Math.round(seconds) });
  if (seconds < 5400) return t('minutes', { n: Math.round(seconds / 60) });
  if (seconds < 172800) return t('hours', { n: Math.round(seconds / 360) / 10 });
  return t('days', { n: Math.round(seconds / 8640) / 10 });
}

/** Proof of reach: figures, per unit, who is outstanding; remind and export. */
export default async function ReachPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ unit?: string; page?: string }> }) {
  const viewer = await getViewer();
  const { id } = await params;
  const sp = await searchParams;
  const unit = typeof sp.unit === 'string' && sp.unit ? sp.unit : null;
  const [a, r] = await guard(Promise.all([getAnnouncement(db(), viewer, id), getReach(db(), viewer, id, { unit, page: Number(sp.page) || 1 })]));
  const base = `/announcements/${id}/reach`;
  const unitHref = (u: string | null) => (u ? `${base}?unit=${u}` : base);
  const t = await getTranslations('announcements.reach');
  const tStatus = await getTranslations('announcements.events');
  const format = await getFormatter();
  const locale = await getLocale();
  const en = locale === 'en';
  const pct = (x: number) => format.number(x, { style: 'percent', maximumFractionDigits: 1 });
  const d = (s: number | null) => duration(s, (k, v) => t(`duration.${k}`, v));
  const figures: [string, string, string][] = [
    ['audience', t('audience'), format.number(r.audienceSize)],
    ['mailed', t('mailed'), format.number(r.mailed)],
    ['opened', t('opened'), `${format.number(r.opened)} (${pct(r.openRate)})`],
    ...(a.ackRequired ? [['acked', t('acknowledged'), `${format.number(r.acknowledged)} (${pct(r.ackRate ?? 0)})`] as [string, string, string]] : []),
    ['rate', t('reachRate'), pct(r.reachRate)],
    ['median', t('median'), d(r.medianSecondsToRead)],
    ['p90', t('p90'), d(r.p90SecondsToRead)],
  ];
  const met = r.reachRate >= r.target;
  return (
    <div className="space-y-4">
      <div>
        <Link href={`/announcements/${id}`} className="text-sm text-brand-600 hover:underline">← {titleOf(a, locale)}</Link>
        <h1 className="page-title">{t('title')}</h1>
        {r.scope.kind === 'trees' ? <p className="text-sm text-slate-600">{t('scopeTrees')}</p> : null}
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7" data-testid="reach-figures">
        {figures.map(([k, label, value]) => (
          <div key={k} className="card p-3">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="mt-1 text-lg font-semibold" data-testid={`reach-${k}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <p className={`text-sm ${met ? 'text-emerald-700' : 'text-amber-800'}`}>
        {met ? t('targetMet', { target: pct(r.target) }) : t('targetNotMet', { target: pct(r.target) })}
        {a.reachDeadline ? ` ${t('deadline', { when: format.dateTime(a.reachDeadline, { dateStyle: 'medium', timeStyle: 'short' }) })}` : ''}
      </p>
      <div className="flex flex-wrap gap-2">
        {r.scope.kind === 'all' && a.status === 'published' ? (
          <Form action={remindAction} className="flex flex-wrap items-center gap-2" refreshOnSuccess testId="remind-form">
            <input type="hidden" name="id" value={id} />
            <Submit variant="secondary" testId="remind">{t('remind', { count: r.outstandingTotal })}</Submit>
          </Form>
        ) : null}
        <a href={`/announcements/${id}/reach/export`} className="btn-secondary" data-testid="export-csv">{t('export')}</a>
        <a href={`/announcements/${id}/reach/export?format=xlsx`} className="btn-secondary" data-testid="export-xlsx">{t('exportXlsx')}</a>
      </div>

      <section className="card overflow-x-auto">
        <h2 className="px-3 pt-3 font-semibold">{t('byUnit')}</h2>
        <nav aria-label={t('path')} className="px-3 pt-1 text-sm" data-testid="reach-path">
          <ol className="flex flex-wrap items-center gap-1 text-slate-600">
            <li>{r.path.length > 0 ? <Link href={base} className="text-brand-700 hover:underline">{t('allUnits')}</Link> : <span aria-current="location">{t('allUnits')}</span>}</li>
            {r.path.map((p, i) => (
              <li key={p.id} className="flex items-center gap-1">
                <span aria-hidden>›</span>
                {i < r.path.length - 1 ? <Link href={unitHref(p.id)} className="text-brand-700 hover:underline">{(en && p.nameEn) || p.name}</Link> : <span aria-current="location" className="font-medium text-slate-900">{(en && p.nameEn) || p.name}</span>}
              </li>
            ))}
          </ol>
        </nav>
        <table className="table table-stack" data-testid="reach-units">
          <thead><tr><th>{t('unit')}</th><th>{t('size')}</th><th>{t('opened')}</th>{a.ackRequired ? <th>{t('acknowledged')}</th> : null}<th>{t('median')}</th></tr></thead>
          <tbody>
            {r.units.map((u, i) => {
              const name = u.partnerOrg ?? ((en && u.unitNameEn) || u.unitName) ?? t('noUnit');
              return (
                <tr key={i}>
                  <td data-label={t('unit')}>
                    {u.self ? t('directMembers', { unit: name })
                      : u.drill && u.unitId ? <Link href={unitHref(u.unitId)} className="text-brand-700 hover:underline" data-testid="reach-drill">{name}</Link>
                      : name}
                  </td>
                  <td data-label={t('size')}>{u.size}</td>
                  <td data-label={t('opened')}>{u.opened} ({pct(u.size ? u.opened / u.size : 0)})</td>
                  {a.ackRequired ? <td data-label={t('acknowledged')}>{u.acknowledged}</td> : null}
                  <td data-label={t('median')}>{d(u.medianSecondsToRead)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="card overflow-x-auto p-3">
        <h2 className="font-semibold">{t('outstanding', { count: r.outstandingHere })}</h2>
        {r.outstanding.length === 0 ? <p className="py-3 text-sm text-slate-500">{t('noneOutstanding')}</p> : (
          <table className="table table-stack" data-testid="reach-outstanding">
            <thead><tr><th>{t('person')}</th><th>{t('unit')}</th><th>{t('state')}</th></tr></thead>
            <tbody>
              {r.outstanding.map((o) => (
                <tr key={o.personId}>
                  <td data-label={t('person')}>{(en && o.nameEn) || o.name}<div className="text-xs text-slate-500">{o.email}</div></td>
                  <td data-label={t('unit')}>{(en && o.unitNameEn) || o.unitName || ''}</td>
                  <td data-label={t('state')}>{o.read ? t('readNotAcked') : t('notRead')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {r.outstanding.length > 0 ? <Pager basePath={base} query={{ unit }} page={r.page} total={r.outstandingHere} pageSize={r.pageSize} hasNext={r.hasNext} /> : null}
        {!r.hasNext && r.page * r.pageSize < r.outstandingHere ? <p className="pt-2 text-xs text-slate-500">{t('moreInCsv', { count: r.outstandingHere - r.page * r.pageSize })}</p> : null}
      </section>

      <section className="card p-3">
        <h2 className="mb-2 font-semibold">{t('log')}</h2>
        <ul className="space-y-1 text-sm text-slate-600" data-testid="reach-log">
          {r.events.map((e, i) => (
            <li key={i}>{format.dateTime(e.at, { dateStyle: 'short', timeStyle: 'short' })} · {tStatus(e.kind)}{e.actorName ? ` · ${e.actorName}` : ''}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
