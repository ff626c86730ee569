import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import type { Viewer } from '@/lib/authz/viewer';
import { getSupplierHome } from '@/lib/orders/queries';
import { fmtDate, fmtQty } from '@/app/(app)/orders/_components/bits';

/** The supplier's "needs your action" section: orders to confirm (change orders marked), lines due this week. Suppliers only. */
export async function OrdersHomeSection({ viewer, orgType }: { viewer: Viewer; orgType: string }) {
  if (orgType !== 'supplier') return null;
  const h = await getSupplierHome(db(), viewer);
  const t = await getTranslations('orders.partner');
  const locale = await getLocale();
  const nothing = h.toConfirm.length === 0 && h.dueThisWeek.length === 0;
  return (
    <section className="card space-y-3 p-4" aria-labelledby="orders-home-h" data-testid="orders-home">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="orders-home-h" className="font-semibold">{t('home')}</h2>
        <Link href="/partner/orders" className="text-sm text-brand-600 hover:underline" data-testid="orders-all">{t('all')}</Link>
      </div>
      {nothing ? <p className="text-sm text-slate-600">{t('nothing')}</p> : null}
      {h.toConfirm.length ? (
        <div>
          <h3 className="text-sm font-medium">{t('toConfirm')} ({h.counts.toConfirm}){h.counts.changeOrders ? ` · ${t('changeOrders')} (${h.counts.changeOrders})` : ''}</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {h.toConfirm.map((o) => (
              <li key={o.id} data-testid="home-to-confirm">
                <Link href={`/partner/orders/${o.id}`} className="font-medium text-brand-700 hover:underline">{o.orderNumber}</Link>
                {o.changeOrder ? <span className="badge ml-2 bg-sky-100 text-sky-800">{t('changeOrder', { version: o.version })}</span> : null}
                <span className="ml-2 text-slate-600">{t('lines', { count: o.openLines })}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {h.dueThisWeek.length ? (
        <div>
          <h3 className="text-sm font-medium">{t('dueThisWeek')} ({h.counts.dueThisWeek})</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {h.dueThisWeek.map((l) => (
              <li key={`${l.orderId}-${l.lineNo}`} data-testid="home-due">
                <Link href={`/partner/orders/${l.orderId}`} className="text-brand-700 hover:underline">{l.orderNumber} · {l.lineNo}</Link> {l.itemCode} · {fmtQty(l.quantity, locale)} {l.unit} · {fmtDate(l.promisedDate, locale)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
