import { Button, Text } from '@react-email/components';
import { defineMail } from '@/lib/mail/templates';
import type { SnapshotLine } from '@/lib/orders/diff';
import { MailLayout, mailStyles } from './_layout';

/**
 * Every purchase-order mail: what happened, to which order and lines, and exactly what changed
 * (old → new) — never just "something changed". Dates are calendar dates formatted in the
 * recipient's language. Prices appear only when the producer passes them (never when the buyer
 * hides them from the supplier: lib/orders/mutations.ts leaves them out).
 */
export type OrderMailLine = Omit<SnapshotLine, 'deliverySite'> & {
  change?: 'added' | 'removed' | 'changed';
  changes?: { field: string; old: string | null; new: string | null }[];
  oldDate?: string;
  newDate?: string;
  daysLate?: number;
};

export type OrderMailProps = {
  event: 'sent' | 'revised' | 'cancelled' | 'confirmed' | 'proposed' | 'rejected' | 'accepted' | 'declined' | 'delay';
  orderId: string;
  orderNumber: string;
  supplier: string;
  supplierEn: string | null;
  /** Path inside Plaza (internal or partner page). */
  path: string;
  actor: string;
  lines: OrderMailLine[];
  reason: string | null;
  urgent: boolean;
  version?: number;
  currency?: string;
};

const fields = ['itemCode', 'description', 'quantity', 'unit', 'unitPrice', 'requiredDate', 'deliverySite', 'date', 'promisedDate', 'status', 'orderDate', 'currency', 'notes', 'hidePrices'] as const;
type Field = (typeof fields)[number];
const isField = (s: string): s is Field => (fields as readonly string[]).includes(s);

function fmtDate(s: string | null | undefined, locale: string): string {
  if (!s) return '—';
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return s;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', weekday: 'short', timeZone: 'UTC' }).format(d);
}
const isDate = (s: string | null) => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);

export const orderEventMail = defineMail<OrderMailProps>({
  subject: (p, { t, locale }) => {
    const supplier = locale === 'en' && p.supplierEn ? p.supplierEn : p.supplier;
    const base = t(`orders.mail.subjects.${p.event}`, { number: p.orderNumber, supplier });
    return p.urgent ? `${t('orders.mail.urgentTag')} ${base}` : base;
  },
  render: (p, { t, locale, baseUrl }) => {
    const url = `${baseUrl.replace(/\/$/, '')}${p.path}`;
    const supplier = locale === 'en' && p.supplierEn ? p.supplierEn : p.supplier;
    const intro = t(`orders.mail.intro.${p.event}`, { number: p.orderNumber, supplier, actor: p.actor, version: p.version ?? 1 });
    const val = (v: string | null) => (isDate(v) ? fmtDate(v, locale) : (v ?? '—'));
    return (
      <MailLayout lang={locale} preview={intro} footer={t('mail.footer')}>
        {p.urgent ? <Text style={{ ...mailStyles.text, color: '#b91c1c', fontWeight: 700 }}>{t('orders.mail.urgent')}</Text> : null}
        <Text style={mailStyles.heading}>{t('orders.mail.heading', { number: p.orderNumber, supplier })}</Text>
        <Text style={mailStyles.text}>{intro}</Text>
        {p.lines.map((l) => (
          <div key={l.lineNo} style={{ borderLeft: '3px solid #cbd5e1', paddingLeft: 12, marginBottom: 12 }}>
            <Text style={{ ...mailStyles.text, fontWeight: 600, margin: '0 0 4px' }}>
              {t('orders.mail.line', { line: l.lineNo, item: l.itemCode })} {l.description}
              {l.change ? ` · ${t(`orders.mail.change.${l.change}`)}` : ''}
            </Text>
            <Text style={{ ...mailStyles.text, margin: '0 0 4px' }}>
              {t('orders.mail.qtyDate', { quantity: l.quantity, unit: l.unit, date: fmtDate(l.requiredDate, locale) })}
              {l.unitPrice !== null ? ` · ${t('orders.mail.price', { price: l.unitPrice, currency: p.currency ?? '' })}` : ''}
            </Text>
            {l.oldDate && l.newDate ? (
              <Text style={{ ...mailStyles.text, margin: '0 0 4px' }}>
                {t('orders.mail.delayDates', { old: fmtDate(l.oldDate, locale), new: fmtDate(l.newDate, locale) })}
                {' · '}
                <strong>{t('orders.mail.daysLate', { days: l.daysLate ?? 0 })}</strong>
              </Text>
            ) : null}
            {(l.changes ?? []).filter((c) => isField(c.field) && c.field !== 'status').map((c, i) => (
              <Text key={i} style={{ ...mailStyles.text, margin: '0 0 4px' }}>
                {isField(c.field) ? t(`orders.fields.${c.field}`) : c.field}: <span style={{ textDecoration: 'line-through', color: '#64748b' }}>{val(c.old)}</span> → <strong style={{ backgroundColor: '#fef3c7' }}>{val(c.new)}</strong>
              </Text>
            ))}
          </div>
        ))}
        {p.reason ? <Text style={{ ...mailStyles.text, whiteSpace: 'pre-wrap' }}>{t('orders.mail.reason')}{locale === 'en' ? ': ' : '：'}{p.reason}</Text> : null}
        <Button href={url} style={mailStyles.button}>{t('orders.mail.action')}</Button>
        <Text style={mailStyles.muted}>{url}</Text>
      </MailLayout>
    );
  },
});
