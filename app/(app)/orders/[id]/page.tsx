import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { orderLink } from '@/lib/orders/mutations';
import { getOrder } from '@/lib/orders/queries';
import { OrderView } from '../_components/order-view';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('orders'))('title') };
}

/** One order for its buyers, planners, heads and admins (lib decides; the supplier's members are sent to /partner/orders/[id]). */
export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await getViewer();
  const o = await guard(getOrder(db(), viewer, id));
  // The supplier's own member (lib let them see it, e.g. from a search result): their portal page.
  if (viewer?.kind === 'partner') redirect(orderLink(id, true));
  return <OrderView o={o} partner={false} />;
}
