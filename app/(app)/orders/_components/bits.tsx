import type { LineStatus, OrderStatus } from '@/lib/orders/schema';

/** Small server-rendered pieces shared by the internal and supplier pages. */
export const orderTone: Record<OrderStatus, string> = {
  draft: 'bg-slate-100 text-slate-700',
  sent: 'bg-amber-100 text-amber-800',
  proposed: 'bg-violet-100 text-violet-800',
  confirmed: 'bg-emerald-100 text-emerald-800',
  rejected: 'bg-red-100 text-red-800',
  closed: 'bg-slate-200 text-slate-700',
  cancelled: 'bg-slate-200 text-slate-600',
};
export const lineTone: Record<LineStatus, string> = {
  open: 'bg-amber-100 text-amber-800',
  confirmed: 'bg-emerald-100 text-emerald-800',
  proposed: 'bg-violet-100 text-violet-800',
  rejected: 'bg-red-100 text-red-800',
  closed: 'bg-slate-200 text-slate-700',
  cancelled: 'bg-slate-200 text-slate-600',
};

export function Badge({ tone, children, testId }: { tone: string; children: React.ReactNode; testId?: string }) {
  return <span className={`badge ${tone}`} data-testid={testId}>{children}</span>;
}

/** A calendar date (YYYY-MM-DD) in the viewer's language; calendar dates have no zone. */
export function fmtDate(s: string | null | undefined, locale: string): string {
  if (!s) return '—';
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? s : new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
}

export function fmtQty(s: string, locale: string): string {
  const n = Number(s);
  return Number.isFinite(n) ? new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(n) : s;
}

export function fmtMoney(s: string | null, currency: string, locale: string): string {
  if (s === null) return '—';
  const n = Number(s);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 4 }).format(n);
  } catch {
    return `${s} ${currency}`;
  }
}

export const supplierName = (s: { name: string; nameEn: string | null }, locale: string) => (locale === 'en' && s.nameEn ? s.nameEn : s.name);
