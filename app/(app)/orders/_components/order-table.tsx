import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import type { OrderListItem } from '@/lib/orders/queries';
import { Badge, fmtDate, orderTone, supplierName } from './bits';

/** Orders as a table (wide screens scroll it). */
export async function OrderTable({ items, base, partner }: { items: OrderListItem[]; base: string; partner: boolean }) {
  const t = await getTranslations('orders');
  const locale = await getLocale();
  if (items.length === 0) return <p className="card p-6 text-center text-slate-600" data-testid="orders-empty">{t('list.empty')}</p>;
  return (
    <div className="card overflow-x-auto">
      <table className="table table-stack" data-testid="orders">
        <thead>
          <tr><th>{t('fields.orderNumber')}</th>{partner ? null : <th>{t('fields.supplier')}</th>}<th>{t('fields.status')}</th><th>{t('fields.lines')}</th><th>{t('fields.orderDate')}</th></tr>
        </thead>
        <tbody>
          {items.map((o) => (
            <tr key={o.id} data-testid="order-row">
              <td data-label={t('fields.orderNumber')} className="whitespace-nowrap"><Link href={`${base}/${o.id}`} className="font-medium text-brand-700 hover:underline">{o.orderNumber}</Link>{o.version > 1 ? <span className="ml-1 text-xs text-slate-500">v{o.version}</span> : null}</td>
              {partner ? null : <td data-label={t('fields.supplier')} className="min-w-40">{supplierName(o.supplier, locale)}</td>}
              <td data-label={t('fields.status')}>
                <Badge tone={orderTone[o.status]}>{t(`statuses.${o.status}`)}</Badge>
                {o.overdueConfirmation ? <Badge tone="ml-1 bg-red-100 text-red-800">{t('list.overdueBadge')}</Badge> : null}
              </td>
              <td data-label={t('fields.lines')} className="whitespace-nowrap text-sm">
                {t('list.lines', { count: o.lineCount })}
                {o.openLines ? <div className="text-xs text-amber-700">{t('list.openLines', { count: o.openLines })}</div> : null}
                {o.proposedLines ? <div className="text-xs text-violet-700">{t('list.proposedLines', { count: o.proposedLines })}</div> : null}
                {o.lateLines ? <div className="text-xs text-red-700">{t('list.lateLines', { count: o.lateLines })}</div> : null}
              </td>
              <td data-label={t('fields.orderDate')} className="whitespace-nowrap">{fmtDate(o.orderDate, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
