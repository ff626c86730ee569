import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getViewer } from '@/lib/auth/viewer';
import { requireAdmin } from '@/lib/authz/policies';
import { guard } from '@/lib/http/page-guard';
import { ImportForm } from './import-form';

export async function generateMetadata() {
  const t = await getTranslations('admin.import');
  return { title: t('title') };
}

export default async function ImportPage() {
  const viewer = await getViewer();
  await guard(async () => requireAdmin(viewer));
  const t = await getTranslations('admin');
  return (
    <div className="max-w-4xl">
      <Link href="/admin/people" className="text-sm text-slate-500 hover:underline">← {t('people.title')}</Link>
      <h1 className="page-title mt-2">{t('import.title')}</h1>
      <p className="mt-1 text-slate-600">{t('import.intro')}</p>
      <ul className="mt-4 list-disc space-y-1 pl-5 text-sm text-slate-700">
        <li>{t('import.rules.columns')}</li>
        <li>{t('import.rules.unitPath')}</li>
        <li>{t('import.rules.update')}</li>
        <li>{t('import.rules.encoding')}</li>
      </ul>
      <p className="mt-3">
        <a href="/admin/people/import/template" className="text-brand-700 underline" download data-testid="template-link">{t('import.template')}</a>
      </p>
      <div className="mt-6">
        <ImportForm
          labels={{
            file: t('import.file'),
            submit: t('import.submit'),
            columns: { line: t('import.columns.line'), outcome: t('import.columns.outcome'), name: t('import.columns.name'), email: t('import.columns.email'), reasons: t('import.columns.reasons') },
          }}
        />
      </div>
    </div>
  );
}
