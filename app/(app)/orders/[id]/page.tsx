import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getOrder } from '@/lib/orders/queries';
import { OrderView } from '../_components/order-view';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('orders'))('title') };
}

/** One order for its buyers, planners, heads and admins (lib decides; partners use /partner/orders). */
export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const o = await guard(getOrder(db(), await getViewer(), id));
  return <OrderView o={o} partner={false} />;
}
