import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { requireAdmin } from '@/lib/authz/policies';
import { guard } from '@/lib/http/page-guard';
import { listUnitOptions } from '@/lib/org/queries';
import { Form, SelectField, Submit, TextField } from '@/app/_components/form';
import { createEmployeeAction } from '../actions';

export async function generateMetadata() {
  const t = await getTranslations('admin.people');
  return { title: t('newTitle') };
}

export default async function NewPersonPage() {
  const viewer = await getViewer();
  const units = await guard(async () => {
    requireAdmin(viewer);
    return listUnitOptions(db(), viewer);
  });
  const t = await getTranslations('admin');
  const locale = await getLocale();
  return (
    <div className="max-w-xl">
      <Link href="/admin/people" className="text-sm text-slate-500 hover:underline">← {t('people.title')}</Link>
      <h1 className="page-title mt-2">{t('people.newTitle')}</h1>
      <p className="mt-1 text-slate-600">{t('people.newIntro')}</p>
      <div className="card mt-6 p-4">
        <Form action={createEmployeeAction} testId="new-person-form">
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField name="name" label={t('people.fields.name')} required />
            <TextField name="nameEn" label={t('people.fields.nameEn')} />
          </div>
          <TextField name="email" type="email" label={t('people.fields.email')} required />
          <SelectField
            name="unitId"
            label={t('people.fields.unitId')}
            required
            options={[{ value: '', label: '—' }, ...units.map((u) => ({ value: u.id, label: locale === 'en' ? u.labelEn : u.label }))]}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField name="position" label={t('people.fields.position')} />
            <TextField name="level" label={t('people.fields.level')} />
          </div>
          <Submit>{t('people.create')}</Submit>
        </Form>
      </div>
    </div>
  );
}
