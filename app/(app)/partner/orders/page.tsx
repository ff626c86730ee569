import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { loadOrderArea, requireArea } from '@/lib/orders/access';
import { listOrders } from '@/lib/orders/queries';
import { OrderFilters, filterQuery } from '@/app/(app)/orders/_components/order-filters';
import { OrderTable } from '@/app/(app)/orders/_components/order-table';
import { OrdersHomeSection } from './home-section';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('orders.partner'))('title') };
}

/** The supplier's orders: what needs their action first, then all their orders with filters. */
export default async function PartnerOrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const viewer = await getViewer();
  // The supplier portal: employees use /orders (403 here), other partners get 404.
  await guard(requireArea(db(), viewer, 'portal'));
  const [{ viewer: v, area }, list] = await Promise.all([guard(loadOrderArea(db(), viewer)), guard(listOrders(db(), viewer, sp, { side: 'portal' }))]);
  const t = await getTranslations('orders');
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{t('partner.title')}</h1>
        <div className="flex flex-wrap gap-3 text-sm">
          <a href={`/partner/orders/export${filterQuery(list.filters)}`} className="text-brand-600 hover:underline" data-testid="orders-export">{t('list.export')}</a>
          {area.manageConfirmers ? <Link href="/partner/orders/confirmers" className="text-brand-600 hover:underline" data-testid="confirmers-link">{t('partner.confirmers')}</Link> : null}
        </div>
      </div>
      {list.filters.after ? null : <OrdersHomeSection viewer={v} orgType="supplier" />}
      <OrderFilters f={list.filters} action="/partner/orders" partner />
      <OrderTable items={list.items} base="/partner/orders" partner />
      <div className="flex gap-4 text-sm">
        {list.filters.after ? <Link href={`/partner/orders${filterQuery(list.filters)}`} className="text-brand-600 hover:underline">{t('list.first')}</Link> : null}
        {list.next ? <Link href={`/partner/orders${filterQuery(list.filters, { after: list.next })}`} className="text-brand-600 hover:underline">{t('list.next')}</Link> : null}
      </div>
    </div>
  );
}
