export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge ${status === 'active' ? 'bg-emerald-50 text-emerald-700' : 'bg-slate-200 text-slate-700'}`}>{label}</span>;
}
