import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { requireArea } from '@/lib/orders/access';
import { getOrder } from '@/lib/orders/queries';
import { OrderView } from '@/app/(app)/orders/_components/order-view';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('orders.partner'))('title') };
}

/** One order for the supplier (another organisation: NOT_FOUND; hidden prices and internal notes never leave lib). */
export default async function PartnerOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await getViewer();
  const o = await guard((async () => {
    const order = await getOrder(db(), viewer, id);
    await requireArea(db(), viewer, 'portal');
    return order;
  })());
  return <OrderView o={o} partner />;
}
