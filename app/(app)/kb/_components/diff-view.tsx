import type { DiffPart } from '@/lib/kb/diff';

/** An inline comparison: additions underlined in green, deletions struck through in red (text only, never HTML). */
export function DiffView({ parts, labels, testId }: { parts: DiffPart[]; labels: { added: string; removed: string }; testId?: string }) {
  return (
    <div className="card whitespace-pre-wrap break-words p-4 font-mono text-sm leading-6" data-testid={testId}>
      {parts.map((p, i) =>
        p.op === 'add' ? <ins key={i} title={labels.added} className="bg-emerald-100 text-emerald-900 underline decoration-emerald-600" data-testid="diff-add">{p.text}</ins>
        : p.op === 'del' ? <del key={i} title={labels.removed} className="bg-red-100 text-red-900" data-testid="diff-del">{p.text}</del>
        : <span key={i}>{p.text}</span>)}
    </div>
  );
}

/**
 * Side by side: the older version on the left with its deletions struck through, the newer on the
 * right with its additions marked; stacked on narrow screens. Text only, never HTML.
 */
export function DiffSideBySide({ parts, labels, testId }: { parts: DiffPart[]; labels: { added: string; removed: string; from: string; to: string }; testId?: string }) {
  const column = (side: 'from' | 'to') => (
    <div className="min-w-0">
      <div className="mb-1 text-sm font-medium text-slate-600">{labels[side]}</div>
      <div className="card whitespace-pre-wrap break-words p-4 font-mono text-sm leading-6" data-testid={`${testId}-${side}`}>
        {parts.map((p, i) =>
          side === 'from' && p.op === 'del' ? <del key={i} title={labels.removed} className="bg-red-100 text-red-900" data-testid="diff-del">{p.text}</del>
          : side === 'to' && p.op === 'add' ? <ins key={i} title={labels.added} className="bg-emerald-100 text-emerald-900 underline decoration-emerald-600" data-testid="diff-add">{p.text}</ins>
          : p.op === 'same' ? <span key={i}>{p.text}</span>
          : null)}
      </div>
    </div>
  );
  return (
    <div className="grid gap-4 md:grid-cols-2" data-testid={testId}>
      {column('from')}
      {column('to')}
    </div>
  );
}
