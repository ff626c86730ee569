import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { taskFigures, type FigureRow } from '@/lib/tasks/figures';
import { nameIn } from '../_components/labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('tasks.figures'))('title') };
}

/** Completion, on-time and overdue rates for a period: per person and unit (heads), or one's own. */
export default async function FiguresPage({ searchParams }: { searchParams: Promise<{ unit?: string; from?: string; to?: string }> }) {
  const viewer = await getViewer();
  const sp = await searchParams;
  const f = await guard(taskFigures(db(), viewer, sp));
  const t = await getTranslations('tasks.figures');
  const locale = await getLocale();
  const q = new URLSearchParams({ ...(f.unit ? { unit: f.unit } : {}), from: f.from, to: f.to });
  const table = (rows: FigureRow[], caption: string) => (
    <div className="card overflow-x-auto p-0">
      <table className="table table-stack w-full text-sm">
        <caption className="px-3 py-2 text-left font-semibold">{caption}</caption>
        <thead><tr>{(['name', 'total', 'done', 'onTime', 'overdue', 'completionRate', 'onTimeRate', 'overdueRate'] as const).map((k) => <th key={k} scope="col" className="px-3 py-2 text-left">{t(k)}</th>)}</tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope="row" className="block px-3 py-1 text-left font-semibold sm:table-cell sm:font-normal">{nameIn(locale, r)}</th>
              <td data-label={t('total')} className="px-3 py-1">{r.total}</td><td data-label={t('done')} className="px-3 py-1">{r.done}</td>
              <td data-label={t('onTime')} className="px-3 py-1">{r.onTime}</td><td data-label={t('overdue')} className="px-3 py-1">{r.overdue}</td>
              <td data-label={t('completionRate')} className="px-3 py-1">{r.completionRate}</td><td data-label={t('onTimeRate')} className="px-3 py-1">{r.onTimeRate}</td>
              <td data-label={t('overdueRate')} className="px-3 py-1">{r.overdueRate}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{t('title')}</h1>
        <div className="flex flex-wrap gap-2">
          <a href={`/tasks/figures/export?${q}`} className="btn-secondary" data-testid="figures-csv">{t('csv')}</a>
          <a href={`/tasks/figures/export?${q}${q.toString() ? '&' : ''}format=xlsx`} className="btn-secondary" data-testid="figures-xlsx">{t('xlsx')}</a>
        </div>
      </div>
      <form method="get" className="card flex flex-wrap items-end gap-3 p-3">
        {f.unit ? <input type="hidden" name="unit" value={f.unit} /> : null}
        <label className="text-xs text-slate-600">{t('from')}<input type="date" name="from" defaultValue={f.from} className="input mt-1" /></label>
        <label className="text-xs text-slate-600">{t('to')}<input type="date" name="to" defaultValue={f.to} className="input mt-1" /></label>
        <button type="submit" className="btn-secondary">{t('show')}</button>
        <Link href="/tasks" className="text-sm text-brand-600 hover:underline">← {(await getTranslations('tasks'))('title')}</Link>
      </form>
      <p className="text-sm text-slate-600">{t('period', { from: f.from, to: f.to })}</p>
      {f.people.length === 0 ? <p className="text-sm text-slate-500">{t('empty')}</p> : table(f.people, t('people'))}
      {f.units.length > 0 ? table(f.units, t('units')) : null}
    </div>
  );
}
