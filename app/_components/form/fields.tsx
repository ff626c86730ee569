'use client';

import { useFormStatus } from 'react-dom';
import { useField } from './form';

type Common = {
  name: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  required?: boolean;
  className?: string;
  testId?: string;
};

function Label({ htmlFor, label, required }: { htmlFor: string; label: React.ReactNode; required?: boolean }) {
  return (
    <label htmlFor={htmlFor} className="label">
      {label}
      {required ? <span aria-hidden className="text-red-600"> *</span> : null}
    </label>
  );
}

function Help({ id, hint, error, name }: { id: string; hint?: React.ReactNode; error: string | null; name: string }) {
  if (error) return <p id={`${id}-err`} className="field-error" data-testid={`error-${name}`}>{error}</p>;
  if (hint) return <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p>;
  return null;
}

const describedBy = (id: string, error: string | null, hint?: React.ReactNode) => (error ? `${id}-err` : hint ? `${id}-hint` : undefined);
const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

export function TextField({
  type = 'text',
  defaultValue,
  placeholder,
  autoComplete = 'off',
  maxLength,
  inputMode,
  ...p
}: Common & {
  type?: 'text' | 'email' | 'date' | 'datetime-local' | 'time' | 'number' | 'search' | 'url' | 'tel' | 'password';
  defaultValue?: string | number | null;
  placeholder?: string;
  autoComplete?: string;
  maxLength?: number;
  inputMode?: React.HTMLAttributes<HTMLInputElement>['inputMode'];
}) {
  const f = useField(p.name, defaultValue == null ? null : String(defaultValue));
  return (
    <div className={p.className}>
      <Label htmlFor={f.id} label={p.label} required={p.required} />
      <input
        key={f.key}
        id={f.id}
        name={p.name}
        type={type}
        defaultValue={str(f.value)}
        required={p.required}
        placeholder={placeholder}
        autoComplete={autoComplete}
        maxLength={maxLength}
        inputMode={inputMode}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={describedBy(f.id, f.error, p.hint)}
        className="input"
        data-testid={p.testId}
      />
      <Help id={f.id} hint={p.hint} error={f.error} name={p.name} />
    </div>
  );
}

export function TextArea({ defaultValue, rows = 4, maxLength, ...p }: Common & { defaultValue?: string | null; rows?: number; maxLength?: number }) {
  const f = useField(p.name, defaultValue);
  return (
    <div className={p.className}>
      <Label htmlFor={f.id} label={p.label} required={p.required} />
      <textarea
        key={f.key}
        id={f.id}
        name={p.name}
        rows={rows}
        maxLength={maxLength}
        defaultValue={str(f.value)}
        required={p.required}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={describedBy(f.id, f.error, p.hint)}
        className="input"
        data-testid={p.testId}
      />
      <Help id={f.id} hint={p.hint} error={f.error} name={p.name} />
    </div>
  );
}

export type Option = { value: string; label: string };

export function SelectField({ options, defaultValue, ...p }: Common & { options: Option[]; defaultValue?: string | null }) {
  const f = useField(p.name, defaultValue);
  return (
    <div className={p.className}>
      <Label htmlFor={f.id} label={p.label} required={p.required} />
      <select
        key={f.key}
        id={f.id}
        name={p.name}
        defaultValue={str(f.value)}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={describedBy(f.id, f.error, p.hint)}
        className="input"
        data-testid={p.testId}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
      <Help id={f.id} hint={p.hint} error={f.error} name={p.name} />
    </div>
  );
}

/** A single checkbox; after a refusal it shows what was sent (absent = unticked). */
export function CheckboxField({ defaultChecked = false, value = 'on', ...p }: Common & { defaultChecked?: boolean; value?: string }) {
  const f = useField(p.name);
  const sent = f.submitted ? ([] as string[]).concat(f.value ?? []) : null;
  const checked = sent ? sent.includes(value) : defaultChecked;
  return (
    <div className={p.className}>
      <label className="flex items-center gap-2 text-sm">
        <input key={f.key} type="checkbox" name={p.name} value={value} defaultChecked={checked} data-testid={p.testId} aria-invalid={f.error ? true : undefined} />
        {p.label}
      </label>
      <Help id={f.id} hint={p.hint} error={f.error} name={p.name} />
    </div>
  );
}

/** Several checkboxes under one name (a repeated field: read with list() in lib). */
export function CheckboxGroup({ options, defaultValue = [], ...p }: Common & { options: Option[]; defaultValue?: string[] }) {
  const f = useField(p.name);
  const chosen = new Set(f.submitted ? (Array.isArray(f.value) ? f.value : f.value ? [f.value] : []) : defaultValue);
  return (
    <fieldset className={p.className} aria-invalid={f.error ? true : undefined} data-testid={p.testId}>
      <legend className="label">{p.label}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map((o) => (
          <label key={`${f.key}-${o.value}`} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={p.name} value={o.value} defaultChecked={chosen.has(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      <Help id={f.id} hint={p.hint} error={f.error} name={p.name} />
    </fieldset>
  );
}

/** The message of a field rendered elsewhere (custom inputs, hidden fields, file inputs). */
export function FieldError({ name }: { name: string }) {
  const f = useField(name);
  return f.error ? <p id={`${f.id}-err`} className="field-error" data-testid={`error-${name}`}>{f.error}</p> : null;
}

export function Submit({
  children,
  variant = 'primary',
  name,
  value,
  testId,
  className,
}: {
  children: React.ReactNode;
  variant?: 'primary' | 'secondary' | 'danger';
  name?: string;
  value?: string;
  testId?: string;
  className?: string;
}) {
  const { pending } = useFormStatus();
  const base = variant === 'danger' ? 'btn-danger' : variant === 'secondary' ? 'btn-secondary' : 'btn-primary';
  return (
    <button type="submit" name={name} value={value} disabled={pending} aria-busy={pending} data-testid={testId} className={className ? `${base} ${className}` : base}>
      {children}
    </button>
  );
}
