'use client';

import { createContext, useContext } from 'react';
import { useFormStatus } from 'react-dom';
import { useTranslations } from 'next-intl';
import type { FormState } from '@/app/_lib/form-state';

export type ClientState = FormState<string | string[]>;
export const initialState: ClientState = { ok: false, seq: 0 };

export const StateCtx = createContext<ClientState>(initialState);

export function useFieldState(name: string) {
  const state = useContext(StateCtx);
  const t = useTranslations();
  const key = state.fieldErrors?.[name];
  return { error: key ? t(key as never, (state.messageParams ?? {}) as never) : null, value: state.values?.[name], seq: state.seq, has: !!state.values && name in state.values, submitted: !!state.values };
}

export function StateMessage({ testId }: { testId?: string }) {
  const state = useContext(StateCtx);
  const t = useTranslations();
  if (!state.message) return null;
  const params = { ...state.messageParams };
  if (typeof params.nextAt === 'string') params.nextAt = new Date(params.nextAt).toLocaleTimeString();
  return (
    <p role={state.ok ? 'status' : 'alert'} data-testid={testId ?? (state.ok ? 'form-success' : 'form-error')}
      className={`rounded-md px-3 py-2 text-sm ${state.ok ? 'bg-emerald-50 text-emerald-800' : 'bg-red-50 text-red-700'}`}>
      {t(state.message as never, params as never)}
    </p>
  );
}

export function FieldError({ name }: { name: string }) {
  const f = useFieldState(name);
  return f.error ? <p id={`f-${name}-err`} className="field-error" data-testid={`error-${name}`}>{f.error}</p> : null;
}

export function Submit({ children, variant = 'primary', name, value, testId }: { children: React.ReactNode; variant?: 'primary' | 'secondary' | 'danger'; name?: string; value?: string; testId?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" name={name} value={value} disabled={pending} aria-busy={pending} data-testid={testId}
      className={variant === 'danger' ? 'btn-danger' : variant === 'secondary' ? 'btn-secondary' : 'btn-primary'}>
      {children}
    </button>
  );
}
