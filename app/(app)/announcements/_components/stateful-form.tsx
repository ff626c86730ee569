'use client';

import { useActionState, useEffect } from 'react';
import { useRouter } from 'next/navigation';
import { FieldError, StateCtx, StateMessage, initialState, useFieldState, type ClientState } from './form-bits';

type Action = (s: ClientState, f: FormData) => Promise<ClientState>;

/** A small form bound to a server action; fields below keep what was typed after a refusal. */
export function StatefulForm({ action, children, className = 'space-y-3', testId, refreshOnSuccess = false }: {
  action: Action; children: React.ReactNode; className?: string; testId?: string; refreshOnSuccess?: boolean;
}) {
  const [state, formAction] = useActionState(action, initialState);
  const router = useRouter();
  useEffect(() => {
    if (refreshOnSuccess && state.ok) router.refresh();
  }, [state, refreshOnSuccess, router]);
  return (
    <StateCtx.Provider value={state}>
      <form action={formAction} className={className} noValidate data-testid={testId}>
        <StateMessage />
        {children}
      </form>
    </StateCtx.Provider>
  );
}

export function StateTextarea({ name, label, rows = 3, defaultValue = '', maxLength, testId }: { name: string; label: string; rows?: number; defaultValue?: string; maxLength?: number; testId?: string }) {
  const f = useFieldState(name);
  const value = f.has && typeof f.value === 'string' ? f.value : defaultValue;
  return (
    <div>
      <label htmlFor={`f-${name}-${testId ?? ''}`} className="label">{label}</label>
      <textarea key={f.seq} id={`f-${name}-${testId ?? ''}`} name={name} rows={rows} maxLength={maxLength} defaultValue={value} className="input"
        aria-invalid={f.error ? true : undefined} data-testid={testId} />
      <FieldError name={name} />
    </div>
  );
}

export function StateInput({ name, label, defaultValue = '', testId }: { name: string; label: string; defaultValue?: string; testId?: string }) {
  const f = useFieldState(name);
  const value = f.has && typeof f.value === 'string' ? f.value : defaultValue;
  return (
    <div>
      <label htmlFor={`f-${name}`} className="label">{label}</label>
      <input key={f.seq} id={`f-${name}`} name={name} defaultValue={value} className="input" aria-invalid={f.error ? true : undefined} data-testid={testId} />
      <FieldError name={name} />
    </div>
  );
}

export function StateCheckbox({ name, label, defaultChecked = false, testId }: { name: string; label: string; defaultChecked?: boolean; testId?: string }) {
  const f = useFieldState(name);
  const checked = f.submitted ? f.value === 'on' : defaultChecked;
  return (
    <label className="flex items-center gap-2 text-sm">
      <input key={f.seq} type="checkbox" name={name} defaultChecked={checked} data-testid={testId} />
      {label}
    </label>
  );
}
