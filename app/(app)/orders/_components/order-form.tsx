import { getTranslations } from 'next-intl/server';
import { CheckboxField, Form, Submit, TextArea, TextField } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { ACCEPT_ATTRIBUTE } from '@/lib/files/limits';
import type { OrderDetail } from '@/lib/orders/queries';
import { createOrderAction, reviseOrderAction } from '../actions';
import { OrderLines, type LineDefaults } from './order-lines';

/**
 * The order form: header and line rows (`lines.<row>.<field>`; empty rows are ignored by lib)
 * with "add line" / "remove line" buttons that work without JavaScript too (order-lines.tsx,
 * lib/orders/form-rows.ts). New orders, draft edits and change orders (existing lines prefilled).
 */
export async function OrderForm({ order, today }: { order?: OrderDetail; today: string }) {
  const t = await getTranslations('orders');
  const existing = order?.lines.filter((l) => l.status !== 'cancelled') ?? [];
  // Rows are numbered once (0, 1, …) and keep their number when another is removed; a new order starts with two.
  const initialRows = Array.from({ length: order ? Math.max(existing.length, 1) : 2 }, (_, i) => i);
  const defaults: Record<number, LineDefaults> = Object.fromEntries(existing.map((l, i) => [i, {
    lineNo: l.lineNo, itemCode: l.itemCode, description: l.description, quantity: l.quantity, unit: l.unit, unitPrice: l.unitPrice, requiredDate: l.requiredDate, deliverySite: l.deliverySite,
  }]));
  const N = '__N__';
  const labels = {
    line: t('form.line', { n: N }).replace(N, '{n}'), removeLine: t('form.removeLine', { n: N }).replace(N, '{n}'), addLine: t('form.addLine'),
    lineNo: t('fields.lineNo'), itemCode: t('fields.itemCode'), description: t('fields.description'), quantity: t('fields.quantity'), unit: t('fields.unit'),
    unitPrice: t('fields.unitPrice'), requiredDate: t('fields.requiredDate'), deliverySite: t('fields.deliverySite'),
  };
  const changeOrder = !!order && order.status !== 'draft';
  const saveLabel = changeOrder ? t('form.reviseSubmit') : order ? t('form.save') : t('form.create');
  return (
    <Form action={order ? reviseOrderAction : createOrderAction} testId="order-form" encType={order ? undefined : 'multipart/form-data'}>
      {/* Enter in a field saves (the first submit button of a form is the one Enter presses), never "remove line". */}
      <button type="submit" tabIndex={-1} aria-hidden="true" className="sr-only">{saveLabel}</button>
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
        <OrderLines initialRows={initialRows} defaults={defaults} labels={labels} />
      </section>
      <Submit testId="order-save">{saveLabel}</Submit>
    </Form>
  );
}
