'use client';

import { useEffect, useRef, useState } from 'react';
import { Form, Submit, useField } from '@/app/_components/form';
import { updateTimezoneAction } from './actions';

/**
 * The time-zone choice. After a form action React resets the form (form.reset()), and a <select>
 * then shows its first option whatever its React value: the select jumped back after saving
 * (issue 14). The select keeps its value in state and puts it back after the reset event.
 */
export function TimezoneForm({ current, zones, label, submit }: { current: string; zones: string[]; label: string; submit: string }) {
  return (
    <Form action={updateTimezoneAction} className="flex flex-col gap-2" testId="timezone-form">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <TimezoneSelect current={current} zones={zones} label={label} />
        <Submit variant="secondary">{submit}</Submit>
      </div>
    </Form>
  );
}

function TimezoneSelect({ current, zones, label }: { current: string; zones: string[]; label: string }) {
  const f = useField('timezone', current);
  const [value, setValue] = useState(current);
  const ref = useRef<HTMLSelectElement>(null);
  const chosen = useRef(value);
  useEffect(() => {
    chosen.current = value;
  }, [value]);
  useEffect(() => {
    const form = ref.current?.form;
    if (!form) return;
    const restore = () => setTimeout(() => {
      if (ref.current) ref.current.value = chosen.current;
    });
    form.addEventListener('reset', restore);
    return () => form.removeEventListener('reset', restore);
  }, []);
  return (
    <div className="flex-1">
      <label htmlFor={f.id} className="label">{label}</label>
      <select
        ref={ref}
        id={f.id}
        name="timezone"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={f.error ? `${f.id}-err` : undefined}
        className="input"
        data-testid="timezone-select"
      >
        {zones.map((z) => <option key={z} value={z}>{z}</option>)}
      </select>
      {f.error ? <p id={`${f.id}-err`} className="field-error" data-testid="error-timezone">{f.error}</p> : null}
    </div>
  );
}
