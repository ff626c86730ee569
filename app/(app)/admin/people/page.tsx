import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { resolvePickerTexts, searchPicker } from '@/lib/pickers/queries';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { displayName } from '@/lib/people/display-name';
import { listPeopleForAdmin } from '@/lib/people/queries';
import { Pager } from '../_components/pager';
import { StatusBadge } from './_components/status-badge';

export async function generateMetadata() {
  const t = await getTranslations('admin.people');
  return { title: t('title') };
}

type SearchParams = Promise<{ q?: string; unitId?: string; kind?: string; status?: string; page?: string }>;

export default async function AdminPeoplePage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await getViewer();
  const locale = await getLocale();
  const sp = await resolvePickerTexts(db(), viewer, await searchParams, [['unitId', 'unit']], locale);
  const [result, unitChosen, labels] = await guard(() =>
    Promise.all([
      listPeopleForAdmin(db(), viewer, sp),
      sp.unitId ? searchPicker(db(), viewer, 'unit', { ids: sp.unitId }, locale) : Promise.resolve([]),
      pickerLabels(),
    ]),
  );
  const t = await getTranslations('admin');
  return (
    <div>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="page-title">{t('people.title')}</h1>
          <p className="mt-1 text-slate-600">{t('people.intro')}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href="/admin/people/settings" className="btn-secondary">{t('directory.settings.link')}</Link>
          <Link href="/admin/people/import" className="btn-secondary">{t('people.import')}</Link>
          <Link href="/admin/people/new" className="btn-primary">{t('people.new')}</Link>
        </div>
      </div>

      <form method="get" className="card mt-6 grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-[2fr_2fr_1fr_1fr_auto]" role="search">
        <div>
          <label htmlFor="q" className="label">{t('people.searchLabel')}</label>
          <input id="q" name="q" type="search" defaultValue={sp.q ?? ''} placeholder={t('people.searchPlaceholder')} className="input" />
        </div>
        <Picker name="unitId" kind="unit" label={t('people.unit')} labels={labels} initial={unitChosen} textFallback testId="filter-unit" />
        <div>
          <label htmlFor="kind" className="label">{t('people.kind')}</label>
          <select id="kind" name="kind" defaultValue={sp.kind ?? 'all'} className="input">
            {(['all', 'employee', 'partner'] as const).map((k) => <option key={k} value={k}>{t(`people.kinds.${k}`)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="status" className="label">{t('people.status')}</label>
          <select id="status" name="status" defaultValue={sp.status ?? 'all'} className="input">
            {(['all', 'active', 'deactivated'] as const).map((k) => <option key={k} value={k}>{t(`people.statuses.${k}`)}</option>)}
          </select>
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className="btn-primary">{t('common.search')}</button>
          <Link href="/admin/people" className="btn-secondary">{t('common.reset')}</Link>
        </div>
      </form>

      <div className="card mt-4 overflow-x-auto">
        <table className="table table-stack sm:min-w-[44rem]" data-testid="people-table">
          <thead>
            <tr>
              <th scope="col">{t('people.columns.name')}</th>
              <th scope="col">{t('people.columns.email')}</th>
              <th scope="col">{t('people.columns.unit')}</th>
              <th scope="col">{t('people.columns.position')}</th>
              <th scope="col">{t('people.columns.roles')}</th>
              <th scope="col">{t('people.columns.status')}</th>
            </tr>
          </thead>
          <tbody>
            {result.items.length === 0 ? (
              <tr><td colSpan={6} className="py-6 text-center text-slate-500">{t('people.empty')}</td></tr>
            ) : null}
            {result.items.map((p) => (
              <tr key={p.id}>
                <td data-label={t('people.columns.name')}>
                  <Link href={`/admin/people/${p.id}`} className="font-medium text-brand-700 hover:underline">{p.name}</Link>
                  {p.nameEn ? <div className="text-xs text-slate-500">{p.nameEn}</div> : null}
                </td>
                <td data-label={t('people.columns.email')} className="break-all">{p.email}</td>
                <td data-label={t('people.columns.unit')}>
                  {p.kind === 'partner' ? (
                    <>
                      <span className="badge mr-1 bg-amber-50 text-amber-800">{t('people.kinds.partner')}</span>
                      {p.partnerOrgName ? displayName({ name: p.partnerOrgName, nameEn: p.partnerOrgNameEn }, locale) : null}
                    </>
                  ) : p.unitName ? displayName({ name: p.unitName, nameEn: p.unitNameEn }, locale) : t('common.none')}
                </td>
                <td data-label={t('people.columns.position')}>{p.position ?? t('common.none')}{p.level ? <span className="ml-1 text-xs text-slate-500">{p.level}</span> : null}</td>
                <td data-label={t('people.columns.roles')}>
                  <div className="flex flex-wrap gap-1">
                    {p.roles.map((r) => <span key={r} className="badge bg-brand-50 text-brand-700">{t(`people.roles.${r}`)}</span>)}
                  </div>
                </td>
                <td data-label={t('people.columns.status')}><StatusBadge status={p.status} label={t(`people.statuses.${p.status}`)} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager basePath="/admin/people" query={{ q: sp.q, unitId: sp.unitId, kind: sp.kind, status: sp.status }} page={result.page} total={result.total} pageSize={result.pageSize} hasNext={result.hasNext} />
    </div>
  );
}
