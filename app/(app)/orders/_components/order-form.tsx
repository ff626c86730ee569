import { getTranslations } from 'next-intl/server';
import { CheckboxField, Form, Submit, TextArea, TextField } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { ACCEPT_ATTRIBUTE } from '@/lib/files/limits';
import type { OrderDetail } from '@/lib/orders/queries';
import { createOrderAction, reviseOrderAction } from '../actions';

/**
 * The order form: header and a fixed set of line rows (`lines.<i>.<field>`; empty rows are
 * ignored by lib). New orders, draft edits and change orders (existing lines prefilled).
 */
export async function OrderForm({ order, today }: { order?: OrderDetail; today: string }) {
  const t = await getTranslations('orders');
  const existing = order?.lines.filter((l) => l.status !== 'cancelled') ?? [];
  const rows = Math.max(existing.length + 3, 5);
  const changeOrder = !!order && order.status !== 'draft';
  return (
    <Form action={order ? reviseOrderAction : createOrderAction} testId="order-form" encType={order ? undefined : 'multipart/form-data'}>
      {order ? <input type="hidden" name="id" value={order.id} /> : null}
      <div className="card grid gap-4 p-4 sm:grid-cols-2">
        {order ? null : <Picker name="supplierId" kind="partnerOrg" label={t('fields.supplier')} labels={await pickerLabels()} required testId="order-supplier" />}
        <TextField name="orderNumber" label={t('fields.orderNumber')} required maxLength={40} defaultValue={order?.orderNumber} testId="order-number" />
        <TextField name="orderDate" type="date" label={t('fields.orderDate')} required defaultValue={order?.orderDate ?? today} testId="order-date" />
        <TextField name="currency" label={t('fields.currency')} maxLength={3} defaultValue={order?.currency ?? 'CNY'} testId="order-currency" />
        <CheckboxField name="hidePrices" label={t('fields.hidePrices')} hint={t('fields.hidePricesHint')} defaultChecked={order?.hidePrices} testId="order-hide-prices" />
        <TextArea name="notes" label={t('fields.notes')} rows={2} maxLength={4000} defaultValue={order?.notes} testId="order-notes" className="sm:col-span-2" />
        <TextArea name="internalNote" label={t('fields.internalNote')} rows={2} maxLength={4000} defaultValue={order?.internalNote ?? ''} testId="order-internal-note" className="sm:col-span-2" />
        {order ? null : (
          <div className="sm:col-span-2">
            <label className="label" htmlFor="order-attachments">{t('fields.attachments')}</label>
            <input id="order-attachments" name="attachments" type="file" multiple accept={ACCEPT_ATTRIBUTE} className="block text-sm" data-testid="order-attachments" />
          </div>
        )}
        {changeOrder ? <TextArea name="reason" label={t('form.reviseReason')} rows={2} maxLength={2000} testId="order-reason" className="sm:col-span-2" /> : null}
      </div>
      <section className="space-y-2" aria-labelledby="lines-heading">
        <h2 id="lines-heading" className="font-semibold">{t('fields.lines')}</h2>
        <p className="text-sm text-slate-600">{t('form.addLinesHint')}</p>
        {Array.from({ length: rows }, (_, i) => {
          const l = existing[i];
          return (
            <fieldset key={i} className="card grid grid-cols-2 gap-2 p-3 sm:grid-cols-8" data-testid={`line-row-${i}`}>
              <legend className="px-1 text-sm font-medium text-slate-600">{t('form.line', { n: i + 1 })}</legend>
              <TextField name={`lines.${i}.lineNo`} label={t('fields.lineNo')} inputMode="numeric" defaultValue={l?.lineNo ?? (i + 1) * 10} testId={`line-${i}-no`} />
              <TextField name={`lines.${i}.itemCode`} label={t('fields.itemCode')} maxLength={60} defaultValue={l?.itemCode} testId={`line-${i}-item`} />
              <TextField name={`lines.${i}.description`} label={t('fields.description')} maxLength={500} defaultValue={l?.description} testId={`line-${i}-description`} className="col-span-2" />
              <TextField name={`lines.${i}.quantity`} label={t('fields.quantity')} inputMode="decimal" defaultValue={l?.quantity} testId={`line-${i}-qty`} />
              <TextField name={`lines.${i}.unit`} label={t('fields.unit')} maxLength={20} defaultValue={l?.unit ?? 'pcs'} testId={`line-${i}-unit`} />
              <TextField name={`lines.${i}.unitPrice`} label={t('fields.unitPrice')} inputMode="decimal" defaultValue={l?.unitPrice} testId={`line-${i}-price`} />
              <TextField name={`lines.${i}.requiredDate`} type="date" label={t('fields.requiredDate')} defaultValue={l?.requiredDate} testId={`line-${i}-date`} />
              <TextField name={`lines.${i}.deliverySite`} label={t('fields.deliverySite')} maxLength={200} defaultValue={l?.deliverySite} testId={`line-${i}-site`} className="col-span-2 sm:col-span-8" />
            </fieldset>
          );
        })}
      </section>
      <Submit testId="order-save">{changeOrder ? t('form.reviseSubmit') : order ? t('form.save') : t('form.create')}</Submit>
    </Form>
  );
}
