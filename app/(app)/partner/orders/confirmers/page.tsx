import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { CheckboxField, CheckboxGroup, Form, Submit } from '@/app/_components/form';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getConfirmers } from '@/lib/orders/owners';
import { confirmersAction } from '@/app/(app)/orders/actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('orders.partner'))('confirmers') };
}

/** The supplier's partner admin chooses who may confirm, change or reject orders. */
export default async function ConfirmersPage() {
  const c = await guard(getConfirmers(db(), await getViewer()));
  const t = await getTranslations('orders.partner');
  return (
    <div className="space-y-4">
      <Link href="/partner/orders" className="text-sm text-brand-600 hover:underline">← {t('all')}</Link>
      <h1 className="page-title">{t('confirmers')}</h1>
      <p className="text-sm text-slate-600">{t('confirmersHint')}</p>
      <Form action={confirmersAction} testId="confirmers-form" className="card space-y-3 p-4">
        <CheckboxField name="restrict" label={t('restrict')} defaultChecked={c.restrict} testId="confirmers-restrict" />
        <CheckboxGroup name="people" label={t('people')} defaultValue={c.people.map((p) => p.id)} options={c.members.map((m) => ({ value: m.id, label: `${m.name} · ${m.email}` }))} testId="confirmers-people" />
        <Submit testId="confirmers-save">{t('saveConfirmers')}</Submit>
      </Form>
    </div>
  );
}
