'use client';

import { useFormResult } from '@/app/_components/form';

/** The token just created, shown once (it lives only in this form result). */
export function NewToken({ label }: { label: string }) {
  const r = useFormResult<{ token: string; name: string }>();
  if (!r.ok || !r.data) return null;
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3" data-testid="new-token">
      <p className="text-sm font-medium">{label} {r.data.name}</p>
      <code className="mt-1 block break-all font-mono text-sm" data-testid="new-token-value">{r.data.token}</code>
    </div>
  );
}
