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
