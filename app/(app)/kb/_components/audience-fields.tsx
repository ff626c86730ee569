import { getTranslations } from 'next-intl/server';
import { CheckboxField } from '@/app/_components/form';
import { Picker, type PickedOption } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import type { AudienceForm } from '@/lib/kb/queries';

const picked = (ids: string[], labels: Record<string, string>): PickedOption[] => ids.map((id) => ({ id, label: labels[id] ?? id }));

/**
 * Who may view / edit a space or folder: all employees, units, people, partner organisations
 * (server-searched pickers). Folders may inherit their parent's choice.
 */
export async function AudienceFields({ prefix, current, inheritable, partnerHint }: {
  prefix: 'view' | 'edit';
  current: AudienceForm;
  inheritable: boolean;
  partnerHint?: boolean;
}) {
  const t = await getTranslations('kb.audience');
  const labels = await pickerLabels();
  const spec = current.spec;
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-3" data-testid={`audience-${prefix}`}>
      <legend className="px-1 text-sm font-medium">{t(prefix)}</legend>
      {inheritable ? <CheckboxField name={`${prefix}Inherit`} label={prefix === 'view' ? t('inheritView') : t('inheritEdit')} defaultChecked={!spec} testId={`${prefix}-inherit`} /> : null}
      <CheckboxField name={`${prefix}Everyone`} label={t('everyone')} defaultChecked={!!spec?.everyone} testId={`${prefix}-everyone`} />
      <Picker name={`${prefix}Units`} kind="unit" multiple label={t('units')} labels={labels} initial={picked(spec?.units.map((u) => u.unitId) ?? [], current.labels.units)} testId={`${prefix}-units`} />
      <Picker name={`${prefix}People`} kind="person" multiple label={t('people')} labels={labels} initial={picked(spec?.people ?? [], current.labels.people)} testId={`${prefix}-people`} />
      <Picker name={`${prefix}PartnerOrgs`} kind="partnerOrg" multiple label={t('partnerOrgs')} labels={labels}
        initial={picked(spec?.partnerOrgs ?? [], current.labels.partnerOrgs)} testId={`${prefix}-partner-orgs`} hint={partnerHint ? t('partnerEditHint') : undefined} />
      {prefix === 'edit' ? <p className="text-xs text-slate-500">{t('editHint')}</p> : null}
    </fieldset>
  );
}

export const emptyAudience: AudienceForm = { spec: null, labels: { units: {}, people: {}, partnerOrgs: {} } };
