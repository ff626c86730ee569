import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listAtRisk } from '@/lib/orders/queries';
import { Badge, fmtDate, fmtQty, supplierName } from '../_components/bits';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('orders.risk'))('title') };
}

/** Production planning's view: lines committed after their required date, and lines not confirmed in time. */
export default async function AtRiskPage() {
  const rows = await guard(listAtRisk(db(), await getViewer()));
  const t = await getTranslations('orders');
  const locale = await getLocale();
  const format = await getFormatter();
  return (
    <div className="space-y-4">
      <div>
        <Link href="/orders" className="text-sm text-brand-600 hover:underline">← {t('detail.back')}</Link>
        <h1 className="page-title">{t('risk.title')}</h1>
        <p className="mt-1 text-sm text-slate-600">{t('risk.intro')}</p>
      </div>
      {rows.length === 0 ? <p className="card p-6 text-center text-slate-600" data-testid="risk-empty">{t('risk.empty')}</p> : (
        <div className="card overflow-x-auto">
          <table className="table table-stack" data-testid="risk">
            <thead><tr><th>{t('fields.orderNumber')}</th><th>{t('fields.supplier')}</th><th>{t('fields.itemCode')}</th><th>{t('fields.quantity')}</th><th>{t('fields.requiredDate')}</th><th>{t('fields.promisedDate')}</th><th>{t('fields.status')}</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.lineId}-${r.reason}`} data-testid="risk-row">
                  <td data-label={t('fields.orderNumber')} className="whitespace-nowrap"><Link href={`/orders/${r.orderId}`} className="font-medium text-brand-700 hover:underline">{r.orderNumber}</Link> · {r.lineNo}</td>
                  <td data-label={t('fields.supplier')} className="min-w-40">{supplierName(r.supplier, locale)}</td>
                  <td data-label={t('fields.itemCode')} className="min-w-32"><div className="font-medium">{r.itemCode}</div><div className="text-xs text-slate-500">{r.description}</div></td>
                  <td data-label={t('fields.quantity')} className="whitespace-nowrap">{fmtQty(r.quantity, locale)} {r.unit}</td>
                  <td data-label={t('fields.requiredDate')} className="whitespace-nowrap">{fmtDate(r.requiredDate, locale)}</td>
                  <td data-label={t('fields.promisedDate')} className="whitespace-nowrap">{fmtDate(r.promisedDate, locale)}</td>
                  <td data-label={t('fields.status')}>
                    {r.reason === 'late'
                      ? <Badge tone="bg-red-100 text-red-800">{t('risk.late')} · {t('detail.daysLate', { days: r.daysLate })}</Badge>
                      : <><Badge tone="bg-amber-100 text-amber-800">{t('risk.unconfirmed')}</Badge>{r.awaitingSince ? <div className="text-xs text-slate-500">{t('risk.waitingSince', { date: format.dateTime(r.awaitingSince, { dateStyle: 'medium' }) })}</div> : null}</>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
