import { getTranslations } from 'next-intl/server';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { orderStatuses, type ListFilters } from '@/lib/orders/schema';

/** The list filters (GET form): supplier (server-side picker, internal only), status, my orders, overdue confirmation, late lines. */
export async function OrderFilters({ f, action, partner, supplierLabel }: { f: ListFilters; action: string; partner: boolean; supplierLabel?: string | null }) {
  const t = await getTranslations('orders');
  return (
    <form method="get" action={action} className="card flex flex-wrap items-end gap-3 p-3" data-testid="order-filters">
      {!partner ? (
        <Picker name="supplier" kind="partnerOrg" label={t('fields.supplier')} labels={await pickerLabels()} initial={f.supplier && supplierLabel ? [{ id: f.supplier, label: supplierLabel, hint: null }] : []} testId="filter-supplier" className="min-w-56" textFallback />
      ) : null}
      <div>
        <label htmlFor="filter-status" className="label">{t('fields.status')}</label>
        <select id="filter-status" name="status" defaultValue={f.status ?? ''} className="input" data-testid="filter-status">
          <option value="">{t('list.allStatuses')}</option>
          {orderStatuses.filter((s) => !partner || s !== 'draft').map((s) => <option key={s} value={s}>{t(`statuses.${s}`)}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="filter-q" className="label">{t('list.search')}</label>
        <input id="filter-q" name="q" defaultValue={f.q ?? ''} className="input" maxLength={60} data-testid="filter-q" />
      </div>
      {!partner ? <label className="flex items-center gap-1 pb-2 text-sm"><input type="checkbox" name="mine" value="on" defaultChecked={f.mine} data-testid="filter-mine" />{t('list.mine')}</label> : null}
      <label className="flex items-center gap-1 pb-2 text-sm"><input type="checkbox" name="overdue" value="on" defaultChecked={f.overdue} data-testid="filter-overdue" />{t('list.overdue')}</label>
      <label className="flex items-center gap-1 pb-2 text-sm"><input type="checkbox" name="late" value="on" defaultChecked={f.late} data-testid="filter-late" />{t('list.late')}</label>
      <button type="submit" className="btn-secondary" data-testid="filter-submit">{t('list.filter')}</button>
    </form>
  );
}

/** The current filters as a query string (for the next page and the export). */
export function filterQuery(f: ListFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (f.supplier) q.set('supplier', f.supplier);
  if (f.status) q.set('status', f.status);
  if (f.mine) q.set('mine', 'on');
  if (f.overdue) q.set('overdue', 'on');
  if (f.late) q.set('late', 'on');
  if (f.q) q.set('q', f.q);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
