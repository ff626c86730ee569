/**
 * A destructive action behind a second click, without JavaScript: the first button opens,
 * the second (inside the form) confirms.
 */
export function Confirm({ label, confirmLabel, children, testId }: { label: string; confirmLabel: string; children?: React.ReactNode; testId?: string }) {
  return (
    <details className="group" data-testid={testId}>
      <summary className="btn-secondary cursor-pointer list-none text-red-700">{label}</summary>
      <div className="mt-3 space-y-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm">
        {children}
        <button type="submit" className="btn-danger">{confirmLabel}</button>
      </div>
    </details>
  );
}
