import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { requireArea } from '@/lib/orders/access';
import { OrderImportForm } from './import-form';

export async function generateMetadata() {
  const t = await getTranslations('integrations.import');
  return { title: t('title') };
}

/** Buyers import order lines from their ERP (lib/orders/import.ts decides who may: the orders area's `create`). */
export default async function OrderImportPage() {
  const viewer = await getViewer();
  await guard(requireArea(db(), viewer, 'create'));
  const t = await getTranslations('integrations.import');
  return (
    <div className="max-w-4xl">
      <Link href="/orders" className="text-sm text-slate-500 hover:underline">← {t('back')}</Link>
      <h1 className="page-title mt-2">{t('title')}</h1>
      <p className="mt-1 text-slate-600">{t('intro')}</p>
      <p className="mt-3 text-sm text-slate-700">{t('columns')}</p>
      <div className="mt-6">
        <OrderImportForm
          labels={{
            file: t('file'), send: t('send'), submit: t('submit'),
            columns: { line: t('line'), outcome: t('outcome'), supplier: t('supplier'), order: t('order'), lineNo: t('lineNo'), reasons: t('why') },
          }}
        />
      </div>
    </div>
  );
}
