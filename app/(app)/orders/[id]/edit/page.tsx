import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { guard } from '@/lib/http/page-guard';
import { getOrder } from '@/lib/orders/queries';
import { OrderForm } from '../../_components/order-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('orders'))('title') };
}

/** Edit a draft, or write a change order (a new version the supplier confirms). */
export default async function EditOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await getViewer();
  const o = await guard(getOrder(db(), viewer, id).then((x) => {
    if (!x.can.edit && !x.can.revise) throw new AppError(viewer?.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
    return x;
  }));
  const t = await getTranslations('orders.form');
  return (
    <div className="space-y-4">
      <h1 className="page-title">{o.can.edit ? t('editTitle', { number: o.orderNumber }) : t('reviseTitle', { number: o.orderNumber })}</h1>
      <OrderForm order={o} today={o.orderDate} />
    </div>
  );
}
