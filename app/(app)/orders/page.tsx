import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { loadOrderArea } from '@/lib/orders/access';
import { listOrders } from '@/lib/orders/queries';
import { resolvePickerTexts } from '@/lib/pickers/queries';
import { displayName } from '@/lib/people/display-name';
import { OrderFilters, filterQuery } from './_components/order-filters';
import { OrderTable } from './_components/order-table';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('orders'))('title') };
}

/** Purchase orders of the suppliers the viewer owns or heads (admins: all), newest first, keyset-paged. */
export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await getViewer();
  const sp = await resolvePickerTexts(db(), viewer, await searchParams, [['supplier', 'partnerOrg']], await getLocale());
  const [{ area }, list] = await Promise.all([guard(loadOrderArea(db(), viewer)), guard(listOrders(db(), viewer, sp, { side: 'internal' }))]);
  const t = await getTranslations('orders');
  const locale = await getLocale();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{t('list.title')}</h1>
        <div className="flex flex-wrap gap-3 text-sm">
          <Link href="/orders/at-risk" className="text-brand-600 hover:underline" data-testid="link-at-risk">{t('list.atRisk')}</Link>
          {area.export ? <a href={`/orders/export${filterQuery(list.filters)}`} className="text-brand-600 hover:underline" data-testid="orders-export">{t('list.export')}</a> : null}
          {area.create ? <Link href="/orders/new" className="btn-primary" data-testid="order-new">{t('list.new')}</Link> : null}
        </div>
      </div>
      <OrderFilters f={list.filters} action="/orders" partner={false} supplierLabel={list.supplierFilter ? displayName(list.supplierFilter, locale) : null} />
      {area.manageOwners && list.filters.supplier ? <Link href={`/orders/suppliers/${list.filters.supplier}`} className="text-sm text-brand-600 hover:underline" data-testid="owners-link">{t('owners.title')}</Link> : null}
      <OrderTable items={list.items} base="/orders" partner={false} />
      <div className="flex gap-4 text-sm">
        {list.filters.after ? <Link href={`/orders${filterQuery(list.filters)}`} className="text-brand-600 hover:underline">{t('list.first')}</Link> : null}
        {list.next ? <Link href={`/orders${filterQuery(list.filters, { after: list.next })}`} className="text-brand-600 hover:underline" data-testid="orders-next">{t('list.next')}</Link> : null}
      </div>
    </div>
  );
}
