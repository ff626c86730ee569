'use client';

import { useTranslations } from 'next-intl';
import { FieldError } from '@/app/_components/form';
import { AudienceCount } from './audience-count';
import { Picker, type PickedOption, type PickerLabels } from '@/app/_components/picker/picker';

/**
 * What the audience fields need from the server: never the company's units or partner
 * organisations (they are searched as the person types), only the labels of what is already
 * chosen (a draft being revised) and the picker's words (see ./audience-options.ts).
 */
export type AudienceOptions = {
  units: PickedOption[];
  partnerOrgs: PickedOption[];
  /** Named people already chosen (a draft or plan being edited). */
  people: PickedOption[];
  publishesAnywhere: boolean;
  pickerLabels: PickerLabels;
  /** The server's count of the audience the form opened with (null: none chosen yet). */
  count?: number | null;
};

const roles = ['admin', 'comms_officer', 'unit_head', 'partner_admin'] as const;

/**
 * The audience picker: everyone, units (with sub-units), roles, named people and partner
 * organisations. Units, people and partner organisations are server-search pickers
 * (app/_components/picker); everything else is plain form fields.
 */
export function AudienceFields({ options, values }: { options: AudienceOptions; values: Record<string, string | string[] | undefined>; locale?: string }) {
  const t = useTranslations('announcements.compose.audience');
  const arr = (k: string) => { const v = values[k]; return Array.isArray(v) ? v : v ? [v] : []; };
  const checked = (k: string) => values[k] === 'on';
  const chosenRoles = new Set(arr('roles'));
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-3" aria-describedby="f-audience-err" data-testid="audience-picker">
      <legend className="px-1 text-sm font-medium text-slate-700">{t('legend')}</legend>
      <p className="text-xs text-slate-500">{options.publishesAnywhere ? t('hintAnywhere') : t('hintApproval')}</p>
      <FieldError name="audience" />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="everyone" defaultChecked={checked('everyone')} data-testid="audience-everyone" />
        {t('everyone')}
      </label>
      <div>
        <Picker name="units" kind="unit" multiple label={t('units')} labels={options.pickerLabels} initial={options.units} testId="audience-units" />
        <label className="mt-1 flex items-center gap-2 text-sm">
          <input type="checkbox" name="includeSubUnits" defaultChecked={values.includeSubUnits === undefined ? true : checked('includeSubUnits')} />
          {t('includeSubUnits')}
        </label>
      </div>
      <div>
        <div className="label">{t('roles')}</div>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {roles.map((r) => (
            <label key={r} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="roles" value={r} defaultChecked={chosenRoles.has(r)} />
              {t(`role.${r}`)}
            </label>
          ))}
        </div>
      </div>
      <Picker name="people" kind="person" multiple label={t('people')} labels={options.pickerLabels} initial={options.people} testId="audience-people" />
      <Picker name="partnerOrgs" kind="partnerOrg" multiple label={t('partnerOrgs')} labels={options.pickerLabels} initial={options.partnerOrgs} testId="audience-partner-orgs" />
      <AudienceCount initial={options.count ?? null} />
    </fieldset>
  );
}
