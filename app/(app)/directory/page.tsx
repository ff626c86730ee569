import { getLocale, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { viewerAbilities } from '@/lib/authz/abilities';
import { guard } from '@/lib/http/page-guard';
import { resolvePickerTexts, searchPicker } from '@/lib/pickers/queries';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { displayName } from '@/lib/people/display-name';
import { searchDirectory } from '@/lib/people/queries';
import { Pager } from '../admin/_components/pager';
import { DirectoryTabs } from './_components/directory-tabs';

export async function generateMetadata() {
  const t = await getTranslations('admin.directory');
  return { title: t('title') };
}

type SearchParams = Promise<{ q?: string; unitId?: string; kind?: string; page?: string }>;

/** The read-only employee directory. Admins may include partner people. */
export default async function DirectoryPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await getViewer();
  const locale = await getLocale();
  const sp = await resolvePickerTexts(db(), viewer, await searchParams, [['unitId', 'unit']], locale);
  const showPartners = sp.kind === 'all';
  const [result, unitChosen, labels] = await guard(() =>
    Promise.all([
      searchDirectory(db(), viewer, { ...sp, kind: showPartners ? 'all' : 'employee' }),
      sp.unitId ? searchPicker(db(), viewer, 'unit', { ids: sp.unitId }, locale) : Promise.resolve([]),
      pickerLabels(),
    ]),
  );
  const t = await getTranslations('admin');
  const unitName = (name: string | null, nameEn: string | null) => (name ? displayName({ name, nameEn }, locale) : t('common.none'));
  return (
    <div>
      <h1 className="page-title">{t('directory.title')}</h1>
      <DirectoryTabs current="people" />
      <p className="mt-3 text-slate-600">{t('directory.intro')}</p>
      <form method="get" role="search" className="card mt-6 grid gap-3 p-4 sm:grid-cols-[2fr_2fr_auto]">
        <div>
          <label htmlFor="q" className="label">{t('common.search')}</label>
          <input id="q" name="q" type="search" defaultValue={sp.q ?? ''} placeholder={t('directory.searchPlaceholder')} className="input" />
        </div>
        <Picker name="unitId" kind="unit" label={t('directory.unit')} labels={labels} initial={unitChosen} textFallback testId="filter-unit" />
        <div className="flex items-end gap-2">
          <button type="submit" className="btn-primary">{t('common.search')}</button>
          <Link href="/directory" className="btn-secondary">{t('common.reset')}</Link>
        </div>
        {viewerAbilities(viewer).administer ? (
          <label className="flex items-center gap-2 text-sm sm:col-span-3">
            <input type="checkbox" name="kind" value="all" defaultChecked={showPartners} className="h-4 w-4" />
            {t('directory.showPartners')}
          </label>
        ) : null}
      </form>

      {result.items.length === 0 ? <p className="mt-6 text-slate-600">{t('directory.empty')}</p> : null}
      <ul className="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="directory-results">
        {result.items.map((p) => (
          <li key={p.id} className="card p-4" data-testid="directory-person">
            <div className="flex items-start gap-3">
              <span aria-hidden className="grid h-10 w-10 shrink-0 place-items-center rounded-full bg-brand-50 font-semibold text-brand-700">{displayName(p, locale).slice(0, 1)}</span>
              <div className="min-w-0">
                <p className="font-medium">
                  {p.kind === 'employee' ? (
                    <Link href={`/people/${p.id}`} className="hover:underline" data-testid="directory-person-link">{p.name}</Link>
                  ) : p.name}
                  {p.nameEn ? <span className="ml-2 text-sm font-normal text-slate-500">{p.nameEn}</span> : null}
                </p>
                <p className="text-sm text-slate-700">
                  {p.kind === 'partner' ? (
                    <><span className="badge mr-1 bg-amber-50 text-amber-800">{t('directory.partner')}</span>{unitName(p.partnerOrgName, p.partnerOrgNameEn)}</>
                  ) : unitName(p.unitName, p.unitNameEn)}
                  {p.position ? ` · ${p.position}` : ''}
                </p>
                <a href={`mailto:${p.email}`} className="block break-all text-sm text-brand-700 hover:underline">{p.email}</a>
              </div>
            </div>
          </li>
        ))}
      </ul>
      <Pager basePath="/directory" query={{ q: sp.q, unitId: sp.unitId, kind: showPartners ? 'all' : undefined }} page={result.page} total={result.total} pageSize={result.pageSize} hasNext={result.hasNext} />
    </div>
  );
}
