'use server';

import { formAction } from '@/lib/http/action';
import { cancelOrder, createOrder, fileDelay, recordReceipt, recordShipment, respondLine, respondOrder, reviewProposal, reviseOrder, sendOrder } from '@/lib/orders/mutations';
import { setConfirmers, setSupplierOwners } from '@/lib/orders/owners';
import { changeLineRows } from '@/lib/orders/form-rows';
import type { LineRowsData } from '@/lib/orders/form-rows';

const idOf = (c: { values: Record<string, unknown> }) => String(c.values.id ?? '');
const here = (_r: unknown, c: { values: Record<string, unknown> }) => [`/orders/${idOf(c)}`, `/partner/orders/${idOf(c)}`, '/orders', '/partner/orders', '/partner'];

/** Saves a new order — or, when "add line" / "remove line" was pressed, only hands back the form's new rows (lib/orders/form-rows.ts). */
export const createOrderAction = formAction(
  async (c) => (await changeLineRows(c.db, c.viewer, c.values)) ?? createOrder(c.db, c.viewer, c.values, { formData: c.formData, meta: c.meta }),
  {
    revalidate: (r) => ('rows' in r ? [] : ['/orders']),
    redirect: (r) => ('id' in r ? `/orders/${r.id}` : undefined),
    data: (r): LineRowsData => ('rows' in r ? { rows: r.rows } : {}),
  },
);

/** Edits a draft, or issues a change order for a sent one (lib decides by the order's state); row buttons as above. */
export const reviseOrderAction = formAction(
  async (c) => (await changeLineRows(c.db, c.viewer, c.values, { orderId: idOf(c) })) ?? reviseOrder(c.db, c.viewer, idOf(c), c.values, { meta: c.meta }),
  {
    revalidate: (r, c) => ('rows' in r ? [] : here(r, c)),
    redirect: (r, c) => ('rows' in r ? undefined : `/orders/${idOf(c)}`),
    data: (r): LineRowsData => ('rows' in r ? { rows: r.rows } : {}),
  },
);

export const sendOrderAction = formAction((c) => sendOrder(c.db, c.viewer, idOf(c), { meta: c.meta }), { revalidate: here, success: 'orders.detail.sent' });

export const cancelOrderAction = formAction((c) => cancelOrder(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: here, success: 'orders.detail.cancelled' });

export const reviewProposalAction = formAction((c) => reviewProposal(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: here, success: 'orders.detail.reviewed' });

export const receiptAction = formAction((c) => recordReceipt(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: here, success: 'orders.detail.receivedOk', keepValues: false });

export const respondLineAction = formAction((c) => respondLine(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: here, success: 'orders.detail.answered' });

export const respondOrderAction = formAction((c) => respondOrder(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: here, success: 'orders.detail.answered' });

export const delayAction = formAction((c) => fileDelay(c.db, c.viewer, c.values, { formData: c.formData, meta: c.meta }), { revalidate: here, success: 'orders.detail.delayed', keepValues: false });

export const shipmentAction = formAction((c) => recordShipment(c.db, c.viewer, c.values, { formData: c.formData, meta: c.meta }), { revalidate: here, success: 'orders.detail.shippedOk', keepValues: false });

export const supplierOwnersAction = formAction((c) => setSupplierOwners(c.db, c.viewer, c.values, { meta: c.meta }), {
  revalidate: (_r, c) => [`/admin/partners/${String(c.values.supplierId ?? '')}`],
  success: 'orders.owners.saved',
});

export const confirmersAction = formAction((c) => setConfirmers(c.db, c.viewer, c.values, { meta: c.meta }), { revalidate: ['/partner/orders/confirmers'], success: 'orders.partner.confirmersSaved' });
