import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listOrgLevel, type OrgLevelRow } from '@/lib/org/queries';
import { displayName } from '@/lib/people/display-name';
import { Form, Submit, TextField } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { Confirm } from '../_components/confirm';
import { addUnitHeadAction, createUnitAction, deleteUnitAction, moveUnitAction, removeUnitHeadAction, renameUnitAction } from './actions';
import { Colon } from '@/app/_components/colon';

export async function generateMetadata() {
  const t = await getTranslations('admin.org');
  return { title: t('title') };
}

type SearchParams = Promise<{ unit?: string; deleted?: string }>;

export default async function OrgPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await getViewer();
  const { unit: selectedId, deleted } = await searchParams;
  // Level by level: the roots and the children of each unit down to the opened one, never the whole tree.
  const { rows: tree, opened: selected } = await guard(listOrgLevel(db(), viewer, typeof selectedId === 'string' ? selectedId : null));
  const t = await getTranslations('admin');
  const locale = await getLocale();
  const label = (u: { name: string; nameEn: string | null }) => displayName(u, locale);
  const openPath = new Set<string>();
  for (let u: OrgLevelRow | undefined = selected ?? undefined; u; u = tree.find((x) => x.id === u!.parentId)) openPath.add(u.id);

  return (
    <div>
      <h1 className="page-title">{t('org.title')}</h1>
      <p className="mt-1 text-slate-600">{t('org.intro')}</p>
      {deleted ? <p role="status" className="mt-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">{t('org.deleted')}</p> : null}

      <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <section className="card h-fit p-2 sm:p-4" aria-labelledby="tree-h">
          <h2 id="tree-h" className="sr-only">{t('org.tree')}</h2>
          {tree.length === 0 ? <p className="p-2 text-slate-600">{t('org.empty')}</p> : null}
          <ul className="divide-y divide-slate-100" data-testid="org-tree">
            {tree.map((u) => (
              <li key={u.id}>
                <Link
                  href={`/admin/org?unit=${u.id}`}
                  aria-current={u.id === selected?.id ? 'true' : undefined}
                  aria-expanded={u.childCount > 0 ? openPath.has(u.id) : undefined}
                  data-testid="org-unit"
                  data-name={u.name}
                  className={`flex flex-wrap items-baseline gap-x-3 gap-y-0.5 rounded-md py-2 pr-2 hover:bg-slate-50 ${u.id === selected?.id ? 'bg-brand-50' : ''}`}
                  style={{ paddingLeft: `${0.5 + Math.min(u.depth, 8) * 1.25}rem` }}
                >
                  <span className="font-medium text-slate-900">
                    <span aria-hidden className="mr-1 inline-block w-3 text-slate-400">{u.childCount > 0 ? (openPath.has(u.id) ? '▾' : '▸') : ''}</span>
                    {u.name}
                  </span>
                  {u.nameEn ? <span className="text-sm text-slate-500">{u.nameEn}</span> : null}
                  <span className="text-xs text-slate-500">{t('org.members', { count: u.memberCount })}</span>
                  {u.childCount > 0 ? <span className="text-xs text-slate-500">{t('org.subUnits', { count: u.childCount })}</span> : null}
                  {u.heads.length ? (
                    <span className="text-xs text-slate-600">
                      {t('org.heads')}<Colon />{u.heads.map((h) => label(h)).join('、')}
                    </span>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        </section>

        <aside className="space-y-4">
          {selected ? (
            <UnitPanel key={selected.id} unit={selected} parent={tree.find((u) => u.id === selected.parentId) ?? null} locale={locale} />
          ) : (
            <p className="card p-4 text-sm text-slate-600">{t('org.selectHint')}</p>
          )}
          <section className="card p-4">
            <h2 className="font-semibold">{t('org.addRoot')}</h2>
            <Form action={createUnitAction} className="mt-3 space-y-3" testId="add-root-form">
              <input type="hidden" name="parentId" value="" />
              <TextField name="name" label={t('org.name')} required />
              <TextField name="nameEn" label={t('org.nameEn')} />
              <Submit>{t('org.addRoot')}</Submit>
            </Form>
          </section>
        </aside>
      </div>
    </div>
  );
}

async function UnitPanel({ unit, parent, locale }: { unit: OrgLevelRow; parent: OrgLevelRow | null; locale: string }) {
  const t = await getTranslations('admin');
  const labels = await pickerLabels();
  return (
    <section className="card divide-y divide-slate-100" data-testid="unit-panel" aria-labelledby="unit-h">
      <div className="flex items-start justify-between gap-2 p-4">
        <div>
          <p className="text-xs uppercase tracking-wide text-slate-500">{t('org.selected')}</p>
          <h2 id="unit-h" className="text-lg font-semibold">{unit.name}</h2>
          {unit.nameEn ? <p className="text-sm text-slate-500">{unit.nameEn}</p> : null}
          <Link href={`/admin/people?unitId=${unit.id}`} className="mt-1 inline-block text-sm text-brand-700 underline">{t('org.peopleLink')}</Link>
        </div>
        <Link href="/admin/org" className="text-sm text-slate-500 hover:underline">{t('org.close')}</Link>
      </div>

      <details className="p-4" open>
        <summary className="cursor-pointer font-medium">{t('org.rename')}</summary>
        <Form action={renameUnitAction} className="mt-3 space-y-3" testId="rename-form">
          <input type="hidden" name="unitId" value={unit.id} />
          <TextField name="name" label={t('org.name')} defaultValue={unit.name} required />
          <TextField name="nameEn" label={t('org.nameEn')} defaultValue={unit.nameEn} />
          <Submit>{t('org.rename')}</Submit>
        </Form>
      </details>

      <details className="p-4">
        <summary className="cursor-pointer font-medium">{t('org.addChild')}</summary>
        <Form action={createUnitAction} className="mt-3 space-y-3" testId="add-child-form">
          <input type="hidden" name="parentId" value={unit.id} />
          <TextField name="name" label={t('org.name')} required />
          <TextField name="nameEn" label={t('org.nameEn')} />
          <Submit>{t('org.addChild')}</Submit>
        </Form>
      </details>

      <details className="p-4">
        <summary className="cursor-pointer font-medium">{t('org.move')}</summary>
        <Form action={moveUnitAction} className="mt-3 space-y-3" testId="move-form">
          <p className="text-sm text-slate-600">{t('org.moveHint')}</p>
          <input type="hidden" name="unitId" value={unit.id} />
          <Picker name="newParentId" kind="unit" label={t('org.newParent')} labels={labels} hint={t('org.newParentHint')} testId="move-parent"
            initial={parent ? [{ id: parent.id, label: displayName(parent, locale) }] : []} />
          <Submit>{t('org.move')}</Submit>
        </Form>
      </details>

      <details className="p-4" open>
        <summary className="cursor-pointer font-medium">{t('org.heads')}</summary>
        <div className="mt-3 space-y-3">
          {unit.heads.length === 0 ? <p className="text-sm text-slate-600">{t('org.noHeads')}</p> : null}
          <ul className="space-y-2">
            {unit.heads.map((h) => (
              <li key={h.id} className="flex flex-wrap items-center justify-between gap-2 text-sm">
                <span>
                  <Link href={`/admin/people/${h.id}`} className="font-medium hover:underline">{displayName(h, locale)}</Link>{' '}
                  <span className="text-slate-500">{h.email}</span>
                  {h.status !== 'active' ? <span className="badge ml-1 bg-slate-100 text-slate-600">{t('org.deactivated')}</span> : null}
                </span>
                <Form action={removeUnitHeadAction} className="flex items-center gap-2">
                  <input type="hidden" name="unitId" value={unit.id} />
                  <input type="hidden" name="personId" value={h.id} />
                  <Submit variant="secondary">{t('org.removeHead')}</Submit>
                </Form>
              </li>
            ))}
          </ul>
          <Form key={unit.heads.map((h) => h.id).join()} action={addUnitHeadAction} className="space-y-3" testId="add-head-form" resetOnSuccess>
            <input type="hidden" name="unitId" value={unit.id} />
            <Picker name="personId" kind="person" label={t('org.headPerson')} labels={labels} required testId="head-person" />
            <Submit variant="secondary">{t('org.addHead')}</Submit>
          </Form>
        </div>
      </details>

      <div className="p-4">
        <p className="mb-3 text-sm text-slate-600">{t('org.deleteHint')}</p>
        <Form action={deleteUnitAction} className="space-y-3" testId="delete-form">
          <input type="hidden" name="unitId" value={unit.id} />
          <Confirm label={t('org.delete')} confirmLabel={t('org.confirmDelete', { name: unit.name })} />
        </Form>
      </div>
    </section>
  );
}
