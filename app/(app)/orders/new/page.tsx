import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { requireArea } from '@/lib/orders/access';
import { OrderForm } from '../_components/order-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('orders.form'))('newTitle') };
}

/** A new purchase order (a draft; sent from its page). Buyers of any supplier and admins. */
export default async function NewOrderPage() {
  const viewer = await guard(requireArea(db(), await getViewer(), 'create'));
  const t = await getTranslations('orders.form');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: viewer.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return (
    <div className="space-y-4">
      <h1 className="page-title">{t('newTitle')}</h1>
      <OrderForm today={today} />
    </div>
  );
}
