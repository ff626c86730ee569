import Link from 'next/link';

/** Small server-rendered pieces shared by the internal and portal pages. */
export const statusTone: Record<string, string> = {
  new: 'bg-sky-100 text-sky-800',
  open: 'bg-amber-100 text-amber-800',
  waiting: 'bg-violet-100 text-violet-800',
  resolved: 'bg-emerald-100 text-emerald-800',
  closed: 'bg-slate-200 text-slate-700',
};
export const priorityTone: Record<string, string> = {
  low: 'bg-slate-100 text-slate-700',
  normal: 'bg-slate-100 text-slate-700',
  high: 'bg-orange-100 text-orange-800',
  urgent: 'bg-red-100 text-red-800',
};

export function Badge({ tone, children, testId }: { tone: string; children: React.ReactNode; testId?: string }) {
  return <span className={`badge ${tone}`} data-testid={testId}>{children}</span>;
}

/** Previous / next links that keep the other query parameters. */
export function Pager({ base, params, page, hasMore, labels }: { base: string; params: Record<string, string | null | undefined>; page: number; hasMore: boolean; labels: { prev: string; next: string; page: string } }) {
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    if (p > 1) q.set('page', String(p));
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  if (page === 1 && !hasMore) return null;
  return (
    <nav className="flex items-center justify-between gap-2 text-sm" aria-label={labels.page}>
      {page > 1 ? <Link className="btn-secondary" href={href(page - 1)} rel="prev">{labels.prev}</Link> : <span />}
      <span className="text-slate-600">{labels.page}</span>
      {hasMore ? <Link className="btn-secondary" href={href(page + 1)} rel="next">{labels.next}</Link> : <span />}
    </nav>
  );
}
