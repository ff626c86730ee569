import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getDirectorySettings } from '@/lib/people/person-page';
import { contactFields } from '@/lib/people/schema';
import { CheckboxGroup, Form, Submit } from '@/app/_components/form';
import { saveDirectorySettingsAction } from '../actions';

export async function generateMetadata() {
  const t = await getTranslations('admin.directory.settings');
  return { title: t('title') };
}

/** Which contact fields person pages show (admins only). */
export default async function DirectorySettingsPage() {
  const viewer = await getViewer();
  const s = await guard(getDirectorySettings(db(), viewer));
  const t = await getTranslations('admin');
  return (
    <div>
      <p className="text-sm"><Link href="/admin/people" className="text-brand-700 hover:underline">{t('people.title')}</Link></p>
      <h1 className="page-title mt-1">{t('directory.settings.title')}</h1>
      <p className="mt-1 text-slate-600">{t('directory.settings.intro')}</p>
      <section className="card mt-6 p-4">
        <Form action={saveDirectorySettingsAction} testId="directory-settings-form" className="space-y-4">
          <CheckboxGroup name="contactFields" label={t('directory.settings.fields')} defaultValue={s.contactFields} testId="contact-fields"
            options={contactFields.map((f) => ({ value: f, label: t(`directory.settings.field.${f}`) }))} />
          <Submit>{t('directory.settings.save')}</Submit>
        </Form>
      </section>
    </div>
  );
}
