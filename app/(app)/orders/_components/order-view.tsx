import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { CheckboxField, Form, SelectField, Submit, TextArea, TextField } from '@/app/_components/form';
import { ACCEPT_ATTRIBUTE } from '@/lib/files/limits';
import { changeValueType, type FieldChange } from '@/lib/orders/diff';
import type { OrderDetail, TimelineEntry } from '@/lib/orders/queries';
import { isLineStatus, isOrderStatus } from '@/lib/orders/schema';
import { cancelOrderAction, delayAction, receiptAction, respondLineAction, respondOrderAction, reviewProposalAction, sendOrderAction, shipmentAction } from '../actions';
import { Badge, fmtDate, fmtMoney, fmtQty, lineTone, orderTone, supplierName } from './bits';
import { Colon } from '@/app/_components/colon';

const fieldKeys = ['itemCode', 'description', 'quantity', 'unit', 'unitPrice', 'requiredDate', 'deliverySite', 'date', 'promisedDate', 'status', 'orderDate', 'currency', 'notes', 'hidePrices', 'received', 'shipped', 'carrier', 'lines'] as const;
type FieldKey = (typeof fieldKeys)[number];
const isFieldKey = (s: string): s is FieldKey => (fieldKeys as readonly string[]).includes(s);
const isDate = (s: string | null) => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);

/** One order for the buyer's side and the supplier's side: the page passes `partner`; abilities come from lib as `can`. */
export async function OrderView({ o, partner }: { o: OrderDetail; partner: boolean }) {
  const t = await getTranslations('orders');
  const locale = await getLocale();
  const format = await getFormatter();
  const d = (s: string | null | undefined) => fmtDate(s, locale);
  const q = (s: string) => fmtQty(s, locale);
  const showPrices = o.lines.some((l) => l.unitPrice !== null);
  const today = new Date().toISOString().slice(0, 10);
  // A recorded value in words: statuses by name, dates, quantities and prices per locale, flags as yes/no.
  const valFor = (c: TimelineEntry['changes'][number], v: string | null): string => {
    if (v === null || v === '') return '—';
    switch (c.type) {
      case 'lineStatus': return isLineStatus(v) ? t(`lineStatuses.${v}`) : v;
      case 'orderStatus': return isOrderStatus(v) ? t(`statuses.${v}`) : v;
      case 'date': return isDate(v) ? d(v) : v;
      case 'quantity': return q(v);
      case 'price': return fmtMoney(v, o.currency, locale);
      case 'flag': return v === 'true' ? t('detail.flagOn') : t('detail.flagOff');
      default: return v;
    }
  };
  const typed = (c: FieldChange, line: boolean) => ({ ...c, type: changeValueType(c.field, line) });
  const fieldLabel = (f: string) => {
    const [a, b] = f.includes('.') ? f.split('.', 2) : [null, f];
    const name = isFieldKey(b) ? t(`fields.${b}`) : b;
    return a ? `${t('form.line', { n: a })} · ${name}` : name;
  };
  const confirmed = o.lines.filter((l) => l.status === 'confirmed');
  const actor = (e: TimelineEntry) => (e.actor ? (locale === 'en' && e.actor.nameEn) || e.actor.name : t('detail.system'));
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <Link href={partner ? '/partner/orders' : '/orders'} className="text-sm text-brand-600 hover:underline">← {t('detail.back')}</Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="page-title" data-testid="order-number">{o.orderNumber}</h1>
          <Badge tone={orderTone[o.status]} testId="order-status">{t(`statuses.${o.status}`)}</Badge>
          {o.version > 1 ? <Badge tone="bg-sky-100 text-sky-800">{t('fields.version')} {o.version}</Badge> : null}
        </div>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
          <div><dt className="text-slate-500">{t('fields.supplier')}</dt><dd data-testid="order-supplier-name">{supplierName(o.supplier, locale)}</dd></div>
          <div><dt className="text-slate-500">{t('fields.orderDate')}</dt><dd>{d(o.orderDate)}</dd></div>
          {o.buyer ? <div><dt className="text-slate-500">{t('fields.buyer')}</dt><dd>{(locale === 'en' && o.buyer.nameEn) || o.buyer.name}</dd></div> : null}
          {o.totalAmount !== null ? <div><dt className="text-slate-500">{t('fields.total')}</dt><dd data-testid="order-total">{fmtMoney(o.totalAmount, o.currency, locale)}</dd></div> : null}
          {!partner ? <div><dt className="text-slate-500">{t('fields.source')}</dt><dd>{t(`sources.${o.source}`)}</dd></div> : null}
        </dl>
        {!partner && o.hidePrices ? <p className="text-sm text-slate-600" data-testid="prices-hidden">{t('detail.pricesHidden')}</p> : null}
        {o.notes ? <p className="whitespace-pre-wrap rounded bg-slate-50 p-3 text-sm" data-testid="order-notes-text">{o.notes}</p> : null}
        {o.internalNote ? <p className="whitespace-pre-wrap rounded border border-amber-200 bg-amber-50 p-3 text-sm" data-testid="order-internal-text"><span className="font-medium">{t('detail.internal')}<Colon /></span>{o.internalNote}</p> : null}
      </div>

      <div className="flex flex-wrap gap-2">
        {o.can.send ? <Form action={sendOrderAction} refreshOnSuccess className=""><input type="hidden" name="id" value={o.id} /><Submit testId="order-send">{t('detail.send')}</Submit></Form> : null}
        {o.can.edit || o.can.revise ? <Link href={`/orders/${o.id}/edit`} className="btn-secondary" data-testid="order-revise">{o.can.edit ? t('detail.edit') : t('detail.revise')}</Link> : null}
        {o.can.cancel ? (
          <details className="relative">
            <summary className="btn-secondary cursor-pointer list-none" data-testid="order-cancel-open">{t('detail.cancel')}</summary>
            <Form action={cancelOrderAction} refreshOnSuccess className="card mt-2 space-y-2 p-3">
              <input type="hidden" name="id" value={o.id} />
              <p className="text-sm">{t('detail.cancelConfirm')}</p>
              <Submit variant="danger" testId="order-cancel">{t('detail.cancel')}</Submit>
            </Form>
          </details>
        ) : null}
        {partner && o.can.respond ? (
          <>
            <Form action={respondOrderAction} refreshOnSuccess className=""><input type="hidden" name="id" value={o.id} /><input type="hidden" name="answer" value="confirm" /><Submit testId="order-confirm-all">{t('detail.confirmAll')}</Submit></Form>
            <details>
              <summary className="btn-secondary cursor-pointer list-none" data-testid="order-reject-open">{t('detail.rejectAll')}</summary>
              <Form action={respondOrderAction} refreshOnSuccess className="card mt-2 space-y-2 p-3">
                <input type="hidden" name="id" value={o.id} /><input type="hidden" name="answer" value="reject" />
                <TextArea name="reason" label={t('fields.reason')} rows={2} maxLength={2000} testId="order-reject-reason" />
                <Submit variant="danger" testId="order-reject-all">{t('detail.rejectAll')}</Submit>
              </Form>
            </details>
          </>
        ) : null}
      </div>

      {o.lastChange && o.version > 1 ? (
        <section className="card space-y-2 border-sky-300 p-4" data-testid="change-order">
          <h2 className="font-semibold">{t('detail.changeOrder', { version: o.version })}</h2>
          <ul className="space-y-1 text-sm">
            {o.lastChange.header.map((c) => (
              <li key={c.field}>{fieldLabel(c.field)}<Colon /><del className="text-slate-500">{valFor(typed(c, false), c.old)}</del> → <mark className="bg-amber-100">{valFor(typed(c, false), c.new)}</mark></li>
            ))}
            {o.lastChange.lines.map((l) => (
              <li key={l.lineNo} data-testid={`change-line-${l.lineNo}`}>
                <span className="font-medium">{t('form.line', { n: l.lineNo })}</span> — {t(`detail.${l.kind}`)}
                {l.kind === 'changed' ? l.changes.map((c) => <span key={c.field} className="ml-2">{fieldLabel(c.field)}<Colon /><del className="text-slate-500">{valFor(typed(c, true), c.old)}</del> → <mark className="bg-amber-100">{valFor(typed(c, true), c.new)}</mark></span>) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="space-y-2" aria-labelledby="lines-h">
        <h2 id="lines-h" className="font-semibold">{t('detail.lines')}</h2>
        <div className="card overflow-x-auto">
          <table className="table table-stack" data-testid="order-lines">
            <thead>
              <tr>
                <th>{t('fields.lineNo')}</th><th>{t('fields.itemCode')}</th><th>{t('fields.quantity')}</th>
                {showPrices ? <th>{t('fields.unitPrice')}</th> : null}
                <th>{t('fields.requiredDate')}</th><th>{t('fields.promisedDate')}</th><th>{t('fields.status')}</th>
              </tr>
            </thead>
            <tbody>
              {o.lines.map((l) => (
                <tr key={l.id} data-testid={`line-${l.lineNo}`} className={l.changedInVersion === o.version && o.version > 1 ? 'bg-sky-50' : undefined}>
                  <td data-label={t('fields.lineNo')}>{l.lineNo}</td>
                  <td data-label={t('fields.itemCode')} className="min-w-40"><div className="font-medium">{l.itemCode}</div><div className="text-xs text-slate-500">{l.description}</div>{l.deliverySite ? <div className="text-xs text-slate-500">{l.deliverySite}</div> : null}</td>
                  <td data-label={t('fields.quantity')} className="whitespace-nowrap">{q(l.quantity)} {l.unit}{Number(l.receivedQuantity) > 0 ? <div className="text-xs text-slate-500">{t('fields.received')} {q(l.receivedQuantity)}</div> : null}{Number(l.shippedQuantity) > 0 ? <div className="text-xs text-slate-500">{t('fields.shipped')} {q(l.shippedQuantity)}</div> : null}</td>
                  {showPrices ? <td data-label={t('fields.unitPrice')} className="whitespace-nowrap">{fmtMoney(l.unitPrice, o.currency, locale)}</td> : null}
                  <td data-label={t('fields.requiredDate')} className="whitespace-nowrap">{d(l.requiredDate)}</td>
                  <td data-label={t('fields.promisedDate')} className="whitespace-nowrap">
                    {l.promisedDate ? d(l.promisedDate) : '—'}
                    {l.late ? <div className="text-xs font-medium text-red-700" data-testid={`line-${l.lineNo}-late`}>{t('detail.daysLate', { days: l.daysLate })}</div> : null}
                  </td>
                  <td data-label={t('fields.status')}>
                    <Badge tone={lineTone[l.status]} testId={`line-${l.lineNo}-status`}>{t(`lineStatuses.${l.status}`)}</Badge>
                    {l.status === 'proposed' ? (
                      <div className="mt-1 text-xs" data-testid={`line-${l.lineNo}-proposal`}>
                        {l.proposedDate ? <div>{t('fields.date')}: <del className="text-slate-500">{d(l.requiredDate)}</del> → <mark className="bg-amber-100">{d(l.proposedDate)}</mark></div> : null}
                        {l.proposedQuantity ? <div>{t('fields.quantity')}: <del className="text-slate-500">{q(l.quantity)}</del> → <mark className="bg-amber-100">{q(l.proposedQuantity)}</mark></div> : null}
                      </div>
                    ) : null}
                    {l.reason && (l.status === 'proposed' || l.status === 'rejected') ? <div className="mt-1 text-xs text-slate-600">{t('fields.reason')}<Colon />{l.reason}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {/* Per-line actions: the buyer reviews proposals; the supplier answers open lines and reports delays on confirmed ones. */}
      <div className="space-y-2">
        {o.lines.map((l) => (
          <div key={l.id}>
            {!partner && o.can.review && l.status === 'proposed' ? (
              <div className="card space-y-2 p-3" data-testid={`review-${l.lineNo}`}>
                <div className="text-sm font-medium">{t('form.line', { n: l.lineNo })} · {l.itemCode}</div>
                <div className="flex flex-wrap gap-2">
                  <Form action={reviewProposalAction} refreshOnSuccess className=""><input type="hidden" name="id" value={o.id} /><input type="hidden" name="lineId" value={l.id} /><input type="hidden" name="decision" value="accept" /><Submit testId={`accept-${l.lineNo}`}>{t('detail.accept')}</Submit></Form>
                  <Form action={reviewProposalAction} refreshOnSuccess className="flex flex-wrap items-end gap-2"><input type="hidden" name="id" value={o.id} /><input type="hidden" name="lineId" value={l.id} /><input type="hidden" name="decision" value="decline" /><TextField name="reason" label={t('fields.reason')} maxLength={2000} testId={`decline-reason-${l.lineNo}`} /><Submit variant="secondary" testId={`decline-${l.lineNo}`}>{t('detail.decline')}</Submit></Form>
                </div>
              </div>
            ) : null}
            {partner && o.can.respond && l.status === 'open' ? (
              <details className="card p-3" data-testid={`respond-${l.lineNo}`} open={o.lines.filter((x) => x.status === 'open').length <= 3}>
                <summary className="cursor-pointer text-sm font-medium">{t('detail.respond')} · {t('form.line', { n: l.lineNo })} · {l.itemCode}</summary>
                <Form action={respondLineAction} refreshOnSuccess className="mt-2 grid gap-2 sm:grid-cols-4">
                  <input type="hidden" name="id" value={o.id} /><input type="hidden" name="lineId" value={l.id} />
                  <SelectField name="answer" label={t('fields.answer')} defaultValue="confirm" testId={`answer-${l.lineNo}`}
                    options={[{ value: 'confirm', label: t('detail.confirmLine') }, { value: 'propose', label: t('detail.proposeLine') }, { value: 'reject', label: t('detail.rejectLine') }]} />
                  <TextField name="date" type="date" label={t('fields.date')} hint={t('detail.proposeHint')} testId={`answer-date-${l.lineNo}`} />
                  <TextField name="quantity" label={t('fields.quantity')} inputMode="decimal" testId={`answer-qty-${l.lineNo}`} />
                  <TextField name="reason" label={t('fields.reason')} hint={t('detail.reasonHint')} maxLength={2000} testId={`answer-reason-${l.lineNo}`} />
                  <div className="sm:col-span-4"><Submit testId={`answer-submit-${l.lineNo}`}>{t('detail.respond')}</Submit></div>
                </Form>
              </details>
            ) : null}
            {partner && o.can.delay && l.status === 'confirmed' ? (
              <details className="card p-3" data-testid={`delay-${l.lineNo}`}>
                <summary className="cursor-pointer text-sm font-medium" data-testid={`delay-open-${l.lineNo}`}>{t('detail.fileDelay')} · {t('form.line', { n: l.lineNo })} · {l.itemCode}</summary>
                <Form action={delayAction} refreshOnSuccess encType="multipart/form-data" className="mt-2 grid gap-2 sm:grid-cols-3">
                  <input type="hidden" name="id" value={o.id} /><input type="hidden" name="lineId" value={l.id} />
                  <TextField name="newDate" type="date" label={t('fields.newDate')} required testId={`delay-date-${l.lineNo}`} />
                  <TextArea name="reason" label={t('fields.reason')} rows={2} maxLength={2000} required testId={`delay-reason-${l.lineNo}`} className="sm:col-span-2" />
                  <div className="sm:col-span-3">
                    <label className="label" htmlFor={`delay-file-${l.lineNo}`}>{t('fields.attachment')}</label>
                    <input id={`delay-file-${l.lineNo}`} name="attachment" type="file" accept={ACCEPT_ATTRIBUTE} className="block text-sm" />
                  </div>
                  <div className="sm:col-span-3"><Submit variant="danger" testId={`delay-submit-${l.lineNo}`}>{t('detail.fileDelay')}</Submit></div>
                </Form>
              </details>
            ) : null}
          </div>
        ))}
      </div>

      {(partner && o.can.ship) || (!partner && o.can.receive) ? (
        <details className="card p-3" data-testid={partner ? 'ship' : 'receive'}>
          <summary className="cursor-pointer font-medium">{partner ? t('detail.ship') : t('detail.receive')}</summary>
          <Form action={partner ? shipmentAction : receiptAction} refreshOnSuccess encType={partner ? 'multipart/form-data' : undefined} className="mt-2 space-y-2">
            <input type="hidden" name="id" value={o.id} />
            <div className="grid gap-2 sm:grid-cols-3">
              {partner ? (
                <>
                  <TextField name="shipDate" type="date" label={t('fields.shipDate')} required defaultValue={today} testId="ship-date" />
                  <TextField name="carrier" label={t('fields.carrier')} maxLength={120} testId="ship-carrier" />
                  <TextField name="trackingNumber" label={t('fields.trackingNumber')} maxLength={120} testId="ship-tracking" />
                </>
              ) : (
                <>
                  <TextField name="receivedOn" type="date" label={t('fields.receivedOn')} required defaultValue={today} testId="receive-date" />
                  <TextField name="note" label={t('fields.note')} maxLength={2000} testId="receive-note" className="sm:col-span-2" />
                </>
              )}
            </div>
            {confirmed.map((l) => (
              <div key={l.id} className="flex flex-wrap items-end gap-3">
                <TextField name={`qty.${l.id}`} label={t('detail.qtyFor', { line: l.lineNo })} inputMode="decimal" testId={`${partner ? 'ship' : 'receive'}-qty-${l.lineNo}`} />
                <span className="pb-2 text-sm text-slate-600">{l.itemCode} · {q(l.quantity)} {l.unit}</span>
                {!partner ? <CheckboxField name={`close.${l.id}`} label={t('detail.closeFor', { line: l.lineNo })} testId={`receive-close-${l.lineNo}`} /> : null}
              </div>
            ))}
            {partner ? (
              <div>
                <label className="label" htmlFor="packing-list">{t('fields.packingList')}</label>
                <input id="packing-list" name="packingList" type="file" accept={ACCEPT_ATTRIBUTE} className="block text-sm" />
              </div>
            ) : null}
            <Submit testId={partner ? 'ship-submit' : 'receive-submit'}>{partner ? t('detail.ship') : t('detail.receive')}</Submit>
          </Form>
        </details>
      ) : null}

      {o.attachments.length ? (
        <section className="space-y-1">
          <h2 className="font-semibold">{t('detail.attachments')}</h2>
          <ul className="text-sm">{o.attachments.map((f) => <li key={f.id}><a href={`/api/files/${f.id}`} className="text-brand-600 hover:underline">{f.filename}</a></li>)}</ul>
        </section>
      ) : null}

      {o.delays.length ? (
        <section className="space-y-1" data-testid="delays">
          <h2 className="font-semibold">{t('detail.delays')}</h2>
          <ul className="space-y-1 text-sm">
            {o.delays.map((x) => (
              <li key={x.id} className="card p-2">
                {x.urgent ? <Badge tone="bg-red-100 text-red-800">{t('detail.urgent')}</Badge> : null} {t('form.line', { n: x.lineNo })} · {x.itemCode}<Colon /><del className="text-slate-500">{d(x.oldDate)}</del> → <mark className="bg-amber-100">{d(x.newDate)}</mark> — {x.reason}
                {x.fileId ? <> · <a href={`/api/files/${x.fileId}`} className="text-brand-600 hover:underline">{t('fields.attachment')}</a></> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {o.shipments.length ? (
        <section className="space-y-1" data-testid="shipments">
          <h2 className="font-semibold">{t('detail.shipments')}</h2>
          <ul className="space-y-1 text-sm">
            {o.shipments.map((s) => (
              <li key={s.id} className="card p-2">
                {d(s.shipDate)} · {s.carrier} {s.trackingNumber} · {s.lines.map((x) => t('detail.shipmentLine', { line: x.lineNo, quantity: q(x.quantity) })).join(', ')}
                {s.fileId ? <> · <a href={`/api/files/${s.fileId}`} className="text-brand-600 hover:underline">{t('fields.packingList')}</a></> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="space-y-2" aria-labelledby="timeline-h">
        <h2 id="timeline-h" className="font-semibold">{t('detail.timeline')}</h2>
        {o.timeline.length === 0 ? <p className="text-sm text-slate-600">{t('detail.noTimeline')}</p> : (
          <ol className="space-y-2 border-l-2 border-slate-200 pl-4" data-testid="timeline">
            {o.timeline.map((e) => (
              <li key={e.id} className="text-sm" data-testid={`event-${e.kind}`}>
                <div>
                  <span className="font-medium">{actor(e)}</span> {t(`events.${e.kind}`, { version: e.version })}
                  {e.lineNo ? <> · {t('form.line', { n: e.lineNo })}</> : null}
                  <span className="ml-2 text-xs text-slate-500"><time dateTime={e.at.toISOString()}>{format.dateTime(e.at, { dateStyle: 'medium', timeStyle: 'short' })}</time></span>
                </div>
                {e.changes.length ? (
                  <ul className="text-xs text-slate-700">
                    {e.changes.map((c, i) => <li key={i}>{fieldLabel(c.field)}<Colon />{c.old !== null ? <><del className="text-slate-500" data-testid="change-old">{valFor(c, c.old)}</del> → </> : null}<mark className="bg-amber-100" data-testid="change-new">{valFor(c, c.new)}</mark></li>)}
                  </ul>
                ) : null}
                {e.reason ? <div className="text-xs text-slate-600">{t('fields.reason')}<Colon />{e.reason}</div> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
