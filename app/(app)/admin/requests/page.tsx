import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getRequestSettings } from '@/lib/requests/admin';
import { priorities, requestTypes } from '@/lib/requests/schema';
import { CheckboxGroup, Form, SelectField, Submit, TextField } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { addCalendarEntryAction, deleteCalendarEntryAction, deleteRouteAction, saveCalendarSettingsAction, savePolicyAction, saveReopenDaysAction, saveRouteAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('requests.admin'))('title') };
}

/** Admins: routing rules, SLA targets per type and priority, the working calendar (holidays, make-up workdays), the reopen period. */
export default async function RequestAdminPage({ searchParams }: { searchParams: Promise<{ year?: string }> }) {
  const sp = await searchParams;
  const s = await guard(getRequestSettings(db(), await getViewer(), { year: Number(sp.year) || undefined }));
  const t = await getTranslations('requests');
  const en = (await getLocale()) === 'en';
  const labels = await pickerLabels();
  const hours = (m: number) => String(Math.round((m / 60) * 100) / 100);
  const policy = (type: string, priority: string) => s.policies.find((p) => p.type === type && p.priority === priority);
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t('admin.title')}</h1>

      <section className="card space-y-3 p-4" aria-labelledby="routing-h">
        <h2 id="routing-h" className="font-semibold">{t('admin.routing')}</h2>
        <p className="text-sm text-slate-600">{t('admin.routingHint')}</p>
        {s.routes.length === 0 ? <p className="text-sm text-amber-800" data-testid="no-routes">{t('admin.noRoutes')}</p> : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="routes">
            {s.routes.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>{r.type ? t(`types.${r.type}`) : t('admin.anyType')}{r.topic ? ` · ${r.topic}` : ''} → <strong>{(en && r.unitNameEn) || r.unitName}</strong></span>
                <Form action={deleteRouteAction} showMessage={false} className="">
                  <input type="hidden" name="id" value={r.id} />
                  <Submit variant="secondary">{t('admin.remove')}</Submit>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <Form action={saveRouteAction} testId="route-form" refreshOnSuccess resetOnSuccess className="grid items-end gap-3 sm:grid-cols-4">
          <SelectField name="type" label={t('admin.routeType')} defaultValue="" options={[{ value: '', label: t('admin.anyType') }, ...requestTypes.map((v) => ({ value: v, label: t(`types.${v}`) }))]} />
          <TextField name="topic" label={t('admin.routeTopic')} />
          <Picker name="unit" kind="unit" label={t('admin.routeUnit')} labels={labels} testId="route-unit" />
          <Submit testId="route-add">{t('admin.addRoute')}</Submit>
        </Form>
      </section>

      <section className="card space-y-3 p-4" aria-labelledby="policies-h">
        <h2 id="policies-h" className="font-semibold">{t('admin.policies')}</h2>
        <div className="space-y-2">
          {requestTypes.map((type) => (
            <details key={type} className="rounded border border-slate-200 p-2">
              <summary className="cursor-pointer text-sm font-medium">{t(`types.${type}`)}</summary>
              <div className="mt-2 space-y-2">
                {priorities.map((priority) => {
                  const p = policy(type, priority);
                  return (
                    <Form key={priority} action={savePolicyAction} testId={`policy-${type}-${priority}`} className="grid items-end gap-2 sm:grid-cols-4">
                      <input type="hidden" name="type" value={type} />
                      <input type="hidden" name="priority" value={priority} />
                      <span className="text-sm">{t(`priorities.${priority}`)}</span>
                      <TextField name="firstResponseHours" label={t('admin.firstHours')} type="number" inputMode="decimal" defaultValue={p ? hours(p.firstMin) : ''} />
                      <TextField name="resolutionHours" label={t('admin.resolutionHours')} type="number" inputMode="decimal" defaultValue={p ? hours(p.resolutionMin) : ''} />
                      <Submit variant="secondary">{t('admin.savePolicy')}</Submit>
                    </Form>
                  );
                })}
              </div>
            </details>
          ))}
        </div>
      </section>

      <section className="card space-y-3 p-4" aria-labelledby="calendar-h">
        <h2 id="calendar-h" className="font-semibold">{t('admin.calendar')}</h2>
        <p className="text-sm text-slate-600">{t('admin.calendarHint')}</p>
        <Form action={saveCalendarSettingsAction} testId="calendar-form" className="grid gap-3 sm:grid-cols-2">
          <TextField name="timeZone" label={t('admin.timeZone')} defaultValue={s.calendar.timeZone} />
          <TextField name="periods" label={t('admin.periods')} hint={t('admin.periodsHint')} defaultValue={s.calendar.periodsText} />
          <CheckboxGroup name="weekdays" label={t('admin.weekdays')} className="sm:col-span-2" defaultValue={s.calendar.weekdays.map(String)}
            options={(['1', '2', '3', '4', '5', '6', '7'] as const).map((d) => ({ value: d, label: t(`admin.weekdayNames.${d}`) }))} />
          <div><Submit variant="secondary">{t('admin.saveCalendar')}</Submit></div>
        </Form>
        <div className="flex flex-wrap items-center justify-between gap-2 pt-2">
          <h3 className="font-medium">{t('admin.entries')} · {s.year}</h3>
          <nav className="flex gap-2 text-sm" aria-label={t('admin.year')}>
            {[s.year - 1, s.year + 1].map((y) => <a key={y} href={`/admin/requests?year=${y}`} className="text-brand-600 hover:underline">{y}</a>)}
          </nav>
        </div>
        <div className="overflow-x-auto">
          <table className="table table-stack" data-testid="calendar-entries">
            <thead><tr><th>{t('admin.entryKind')}</th><th>{t('admin.startDay')}</th><th>{t('admin.endDay')}</th><th>{t('admin.entryName')}</th><th>{t('admin.source')}</th><th><span className="sr-only">{t('admin.remove')}</span></th></tr></thead>
            <tbody>
              {s.entries.map((e) => (
                <tr key={e.id}>
                  <td data-label={t('admin.entryKind')}><span className={`badge ${e.kind === 'holiday' ? 'bg-red-50 text-red-700' : 'bg-sky-50 text-sky-800'}`}>{t(`admin.kinds.${e.kind}`)}</span></td>
                  <td data-label={t('admin.startDay')} className="whitespace-nowrap">{e.startDay}</td>
                  <td data-label={t('admin.endDay')} className="whitespace-nowrap">{e.endDay}</td>
                  <td data-label={t('admin.entryName')}>{(en && e.nameEn) || e.name}</td>
                  <td data-label={t('admin.source')} className="text-xs text-slate-500">{e.source}</td>
                  <td>
                    <Form action={deleteCalendarEntryAction} showMessage={false} className="">
                      <input type="hidden" name="id" value={e.id} />
                      <Submit variant="secondary">{t('admin.remove')}</Submit>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Form action={addCalendarEntryAction} testId="entry-form" refreshOnSuccess resetOnSuccess className="grid items-end gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <SelectField name="kind" label={t('admin.entryKind')} defaultValue="holiday" options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: t(`admin.kinds.${k}`) }))} />
          <TextField name="startDay" type="date" label={t('admin.startDay')} testId="entry-start" />
          <TextField name="endDay" type="date" label={t('admin.endDay')} testId="entry-end" />
          <TextField name="name" label={t('admin.entryName')} testId="entry-name" />
          <TextField name="nameEn" label={t('admin.entryNameEn')} />
          <Submit testId="entry-add">{t('admin.addEntry')}</Submit>
        </Form>
      </section>

      <section className="card p-4" aria-labelledby="reopen-h">
        <h2 id="reopen-h" className="sr-only">{t('admin.reopenDays')}</h2>
        <Form action={saveReopenDaysAction} className="flex flex-wrap items-end gap-3">
          <TextField name="reopenDays" type="number" label={t('admin.reopenDays')} defaultValue={s.reopenDays} />
          <Submit variant="secondary">{t('admin.saveReopen')}</Submit>
        </Form>
      </section>
    </div>
  );
}
