import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getViewer } from '@/lib/auth/viewer';
import { requireAdmin } from '@/lib/authz/policies';
import { guard } from '@/lib/http/page-guard';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { Form, Submit, TextField } from '@/app/_components/form';
import { createEmployeeAction } from '../actions';

export async function generateMetadata() {
  const t = await getTranslations('admin.people');
  return { title: t('newTitle') };
}

export default async function NewPersonPage() {
  const viewer = await getViewer();
  const labels = await guard(async () => {
    requireAdmin(viewer);
    return pickerLabels();
  });
  const t = await getTranslations('admin');
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
          <Picker name="unitId" kind="unit" label={t('people.fields.unitId')} labels={labels} required testId="person-unit" />
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
