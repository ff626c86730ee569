'use client';

import { Form, SelectField, Submit } from '@/app/_components/form';
import { updateTimezoneAction } from './actions';

export function TimezoneForm({ current, zones, label, submit }: { current: string; zones: string[]; label: string; submit: string }) {
  return (
    <Form action={updateTimezoneAction} className="flex flex-col gap-2" testId="timezone-form">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <SelectField name="timezone" label={label} defaultValue={current} options={zones.map((z) => ({ value: z, label: z }))} className="flex-1" />
        <Submit variant="secondary">{submit}</Submit>
      </div>
    </Form>
  );
}
