'use client';

import { CheckboxField, Form, SelectField, Submit, TextField, type FormActionFn } from '@/app/_components/form';
import { Picker, type PickedOption, type PickerLabels } from '@/app/_components/picker/picker';

export type QuickLinkFormText = {
  name: string; nameEn: string; url: string; icon: string; position: string; audience: string; everyone: string; units: string; partnerOrgs: string; save: string;
  icons: { value: string; label: string }[];
};

/** Add or edit a quick link: names in both languages, a web address, an icon, the order and who sees it. */
export function QuickLinkForm({ action, text, pickerLabels, initial }: {
  action: FormActionFn;
  text: QuickLinkFormText;
  pickerLabels: PickerLabels;
  initial?: { id: string; name: string; nameEn: string | null; url: string; icon: string; position: number; everyone: boolean; units: PickedOption[]; partnerOrgs: PickedOption[] };
}) {
  return (
    <Form action={action} className="space-y-4" testId="quick-link-form" resetOnSuccess={!initial}>
      {initial ? <input type="hidden" name="id" value={initial.id} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="name" label={text.name} required defaultValue={initial?.name} testId="ql-name" />
        <TextField name="nameEn" label={text.nameEn} defaultValue={initial?.nameEn} testId="ql-name-en" />
      </div>
      <TextField name="url" type="url" label={text.url} required defaultValue={initial?.url} testId="ql-url" />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField name="icon" label={text.icon} defaultValue={initial?.icon ?? 'link'} options={text.icons} />
        <TextField name="position" type="number" label={text.position} defaultValue={String(initial?.position ?? 0)} />
      </div>
      <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-sm font-medium text-slate-700">{text.audience}</legend>
        <CheckboxField name="everyone" label={text.everyone} defaultChecked={initial?.everyone ?? false} testId="ql-everyone" />
        <Picker name="units" kind="unit" multiple label={text.units} labels={pickerLabels} initial={initial?.units} testId="ql-units" />
        <Picker name="partnerOrgs" kind="partnerOrg" multiple label={text.partnerOrgs} labels={pickerLabels} initial={initial?.partnerOrgs} testId="ql-partners" />
      </fieldset>
      <Submit>{text.save}</Submit>
    </Form>
  );
}
