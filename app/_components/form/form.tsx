'use client';

import { createContext, useActionState, useContext, useEffect, useId } from 'react';
import { useRouter } from 'next/navigation';
import { initialFormResult, type FormResult } from '@/lib/forms/result';

/**
 * The client form kit: one <Form> bound to a server action written with formAction()
 * (lib/http/action.ts). Fields inside read the returned FormResult: their message (already in the
 * viewer's language) and the value typed before a refusal. No message catalogs on the client.
 */
/** Any form action, whatever data it hands back. */
export type FormActionFn<D = any> = (prev: FormResult<D>, formData: FormData) => Promise<FormResult<D>>;

const ResultCtx = createContext<FormResult>(initialFormResult);
/** Field ids are unique per form, so a page may hold several forms with the same field names. */
const IdCtx = createContext('f');

export function useFormResult<D = unknown>(): FormResult<D> {
  return useContext(ResultCtx) as FormResult<D>;
}

export function Form<D = unknown>({
  action,
  children,
  className = 'space-y-4',
  testId,
  resetOnSuccess = false,
  refreshOnSuccess = false,
  showMessage = true,
  encType,
  'aria-label': ariaLabel,
}: {
  action: FormActionFn<D>;
  children: React.ReactNode;
  className?: string;
  testId?: string;
  /** After success, fields show their defaults again instead of what was submitted (add-forms). */
  resetOnSuccess?: boolean;
  /** After success, re-render the page's server components (lists next to the form). */
  refreshOnSuccess?: boolean;
  showMessage?: boolean;
  encType?: 'multipart/form-data';
  'aria-label'?: string;
}) {
  const [state, formAction] = useActionState(action, initialFormResult as FormResult<D>);
  const router = useRouter();
  useEffect(() => {
    if (refreshOnSuccess && state.ok) router.refresh();
  }, [state, refreshOnSuccess, router]);
  const shown = resetOnSuccess && state.ok ? { ...state, values: undefined } : state;
  const uid = useId();
  return (
    <IdCtx.Provider value={`f${uid.replace(/[^\w-]/g, '')}`}>
    <ResultCtx.Provider value={shown as FormResult}>
      <form action={formAction} className={className} data-testid={testId} noValidate encType={encType} aria-label={ariaLabel}>
        {showMessage ? <FormMessage /> : null}
        {children}
      </form>
    </ResultCtx.Provider>
    </IdCtx.Provider>
  );
}

/** The form's success note or refusal, announced to screen readers. */
export function FormMessage({ testId }: { testId?: string }) {
  const state = useFormResult();
  if (!state.message) return null;
  return (
    <p
      role={state.ok ? 'status' : 'alert'}
      data-testid={testId ?? (state.ok ? 'form-success' : 'form-error')}
      className={`rounded-md px-3 py-2 text-sm ${state.ok ? 'bg-emerald-50 text-emerald-800' : 'bg-red-50 text-red-700'}`}
    >
      {state.message}
    </p>
  );
}

/**
 * One field's state: a key that changes on every submission (so uncontrolled inputs re-mount with
 * the returned value), the value to show, and its message.
 */
export function useField(name: string, defaultValue?: string | string[] | null) {
  const state = useFormResult();
  const prefix = useContext(IdCtx);
  const submitted = state.values !== undefined;
  const raw = submitted && state.values && name in state.values ? state.values[name] : undefined;
  return {
    key: `${name}-${state.seq}`,
    id: `${prefix}-${name.replace(/[^\w-]/g, '_')}`,
    submitted,
    value: raw ?? (submitted && !state.ok ? undefined : defaultValue) ?? undefined,
    error: state.fieldErrors?.[name] ?? null,
  };
}
