import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getViewer } from '@/lib/auth/viewer';
import { requireAdmin } from '@/lib/authz/policies';
import { guard } from '@/lib/http/page-guard';
import { Form, Submit } from '@/app/_components/form';
import { PartnerOrgFields } from '../_components/partner-org-fields';
import { createPartnerOrgAction } from '../actions';

export async function generateMetadata() {
  const t = await getTranslations('admin.partners');
  return { title: t('newTitle') };
}

export default async function NewPartnerOrgPage() {
  const viewer = await getViewer();
  await guard(async () => requireAdmin(viewer));
  const t = await getTranslations('admin.partners');
  return (
    <div className="max-w-xl">
      <Link href="/admin/partners" className="text-sm text-slate-500 hover:underline">← {t('title')}</Link>
      <h1 className="page-title mt-2">{t('newTitle')}</h1>
      <div className="card mt-6 p-4">
        <Form action={createPartnerOrgAction} testId="new-partner-form">
          <PartnerOrgFields />
          <Submit>{t('create')}</Submit>
        </Form>
      </div>
    </div>
  );
}
