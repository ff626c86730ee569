'use client';

import { createContext, useActionState, useContext } from 'react';
import { useFormStatus } from 'react-dom';
import { useTranslations } from 'next-intl';
import type { FormState } from '@/app/_lib/form-state';

export type ClientFormState = FormState;
type Action = (state: ClientFormState, formData: FormData) => Promise<ClientFormState>;

const FormCtx = createContext<ClientFormState>({ ok: false, seq: 0 });

/**
 * A form bound to a server action with useActionState. Fields inside read the returned state:
 * their error (a catalog key, shown in the viewer's language) and the value typed before.
 */
export function ActionForm({
  action,
  children,
  className = 'space-y-4',
  testId,
  resetOnSuccess = false,
}: {
  action: Action;
  children: React.ReactNode;
  className?: string;
  testId?: string;
  resetOnSuccess?: boolean;
}) {
  const [state, formAction] = useActionState(action, { ok: false, seq: 0 });
  const shown = resetOnSuccess && state.ok ? { ...state, values: undefined } : state;
  return (
    <FormCtx.Provider value={shown}>
      <form action={formAction} className={className} data-testid={testId} noValidate>
        <FormMessage />
        {children}
      </form>
    </FormCtx.Provider>
  );
}

export function FormMessage() {
  const state = useContext(FormCtx);
  const t = useTranslations('admin');
  if (!state.message) return null;
  const text = t(state.message as never, state.messageParams as never);
  return (
    <p
      role={state.ok ? 'status' : 'alert'}
      data-testid={state.ok ? 'form-success' : 'form-error'}
      className={`rounded-md px-3 py-2 text-sm ${state.ok ? 'bg-emerald-50 text-emerald-800' : 'bg-red-50 text-red-700'}`}
    >
      {text}
    </p>
  );
}

function useField(name: string, defaultValue?: string | null) {
  const state = useContext(FormCtx);
  const t = useTranslations('admin');
  const errorKey = state.fieldErrors?.[name];
  return {
    key: `${name}-${state.seq}`,
    value: state.values && name in state.values ? state.values[name] : (defaultValue ?? ''),
    error: errorKey ? t(errorKey as never) : null,
  };
}

type TextFieldProps = {
  name: string;
  label: string;
  defaultValue?: string | null;
  type?: 'text' | 'email' | 'date' | 'search';
  required?: boolean;
  hint?: string;
  placeholder?: string;
  autoComplete?: string;
  className?: string;
};

export function TextField({ name, label, defaultValue, type = 'text', required, hint, placeholder, autoComplete = 'off', className }: TextFieldProps) {
  const f = useField(name, defaultValue);
  const id = `f-${name}`;
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
        {required ? <span aria-hidden className="text-red-600"> *</span> : null}
      </label>
      <input
        key={f.key}
        id={id}
        name={name}
        type={type}
        defaultValue={f.value}
        required={required}
        placeholder={placeholder}
        autoComplete={autoComplete}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={f.error ? `${id}-err` : hint ? `${id}-hint` : undefined}
        className="input"
      />
      {hint && !f.error ? <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      {f.error ? <p id={`${id}-err`} className="field-error">{f.error}</p> : null}
    </div>
  );
}

export function SelectField({
  name,
  label,
  options,
  defaultValue,
  required,
  className,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue?: string | null;
  required?: boolean;
  className?: string;
}) {
  const f = useField(name, defaultValue);
  const id = `f-${name}`;
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
        {required ? <span aria-hidden className="text-red-600"> *</span> : null}
      </label>
      <select key={f.key} id={id} name={name} defaultValue={f.value} aria-invalid={f.error ? true : undefined} className="input">
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
      {f.error ? <p className="field-error">{f.error}</p> : null}
    </div>
  );
}

export function SubmitButton({ children, variant = 'primary', testId }: { children: React.ReactNode; variant?: 'primary' | 'secondary' | 'danger'; testId?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-busy={pending} data-testid={testId} className={variant === 'danger' ? 'btn-danger' : variant === 'secondary' ? 'btn-secondary' : 'btn-primary'}>
      {children}
    </button>
  );
}
