'use client';

import { useState } from 'react';
import { Form, Submit, useField } from '@/app/_components/form';
import { updateTimezoneAction } from './actions';

/**
 * The time-zone choice. The select is controlled: React resets a form's uncontrolled fields to
 * their first default after an action, which made the select jump back to the old zone after
 * saving (issue 14); a controlled value survives that reset and the page's re-render.
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
  return (
    <div className="flex-1">
      <label htmlFor={f.id} className="label">{label}</label>
      <select
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
