import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { requestFigures } from '@/lib/requests/figures';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('requests.figures'))('title') };
}

/** Figures per unit and type for a period (heads: their trees; admins: all), with CSV export. */
export default async function RequestFiguresPage({ searchParams }: { searchParams: Promise<{ from?: string; to?: string }> }) {
  const sp = await searchParams;
  const f = await guard(requestFigures(db(), await getViewer(), sp));
  const t = await getTranslations('requests');
  const format = await getFormatter();
  const en = (await getLocale()) === 'en';
  const n = (v: number | null) => (v === null ? '—' : format.number(v));
  return (
    <div className="space-y-4">
      <Link href="/requests" className="text-sm text-brand-600 hover:underline">← {t('title')}</Link>
      <h1 className="page-title">{t('figures.title')}</h1>
      <form method="get" className="flex flex-wrap items-end gap-3">
        <div><label htmlFor="fig-from" className="label">{t('figures.from')}</label><input id="fig-from" name="from" type="date" defaultValue={f.from} className="input" /></div>
        <div><label htmlFor="fig-to" className="label">{t('figures.to')}</label><input id="fig-to" name="to" type="date" defaultValue={f.to} className="input" /></div>
        <button type="submit" className="btn-secondary">{t('figures.show')}</button>
        <a className="btn-secondary" href={`/requests/figures/export?from=${f.from}&to=${f.to}`} data-testid="figures-export">{t('figures.export')}</a>
        <a className="btn-secondary" href={`/requests/figures/export?from=${f.from}&to=${f.to}&format=xlsx`} data-testid="figures-export-xlsx">{t('figures.exportXlsx')}</a>
      </form>
      <p className="text-xs text-slate-500">{t('figures.hint')}</p>
      {f.rows.length === 0 ? <p className="card p-6 text-center text-slate-600">{t('figures.empty')}</p> : (
        <div className="card overflow-x-auto">
          <table className="table table-stack" data-testid="figures">
            <thead><tr>
              <th>{t('figures.unit')}</th><th>{t('figures.type')}</th><th>{t('figures.count')}</th><th>{t('figures.firstMedian')}</th><th>{t('figures.firstP90')}</th>
              <th>{t('figures.resolveMedian')}</th><th>{t('figures.resolveP90')}</th><th>{t('figures.withinTarget')}</th><th>{t('figures.breaches')}</th><th>{t('figures.satisfaction')}</th>
            </tr></thead>
            <tbody>
              {f.rows.map((r) => (
                <tr key={`${r.unitId}-${r.type}`}>
                  <td data-label={t('figures.unit')}>{(en && r.unitNameEn) || r.unitName}</td><td data-label={t('figures.type')}>{t(`types.${r.type}`)}</td><td data-label={t('figures.count')}>{r.count}</td>
                  <td data-label={t('figures.firstMedian')}>{n(r.firstMedianH)}</td><td data-label={t('figures.firstP90')}>{n(r.firstP90H)}</td><td data-label={t('figures.resolveMedian')}>{n(r.resolveMedianH)}</td><td data-label={t('figures.resolveP90')}>{n(r.resolveP90H)}</td>
                  <td data-label={t('figures.withinTarget')}>{r.withinTarget === null ? '—' : format.number(r.withinTarget, { style: 'percent', maximumFractionDigits: 1 })}</td>
                  <td data-label={t('figures.breaches')}>{r.breaches}</td><td data-label={t('figures.satisfaction')}>{r.satisfaction === null ? '—' : `${format.number(r.satisfaction)} (${r.rated})`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
