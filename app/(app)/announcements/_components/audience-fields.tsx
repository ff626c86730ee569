'use client';

import { useTranslations } from 'next-intl';
import { FieldError } from '@/app/_components/form';
import type { PartnerOrgType } from '@/lib/partners/schema';

export type AudienceOptions = {
  units: { id: string; name: string; nameEn: string | null; depth: number; inTree: boolean }[];
  partnerOrgs: { id: string; name: string; nameEn: string | null; type: PartnerOrgType }[];
  publishesAnywhere: boolean;
};

const roles = ['admin', 'comms_officer', 'unit_head', 'partner_admin'] as const;

/**
 * The audience picker: everyone, units (with sub-units), roles, named people (e-mail addresses)
 * and partner organisations. Plain form fields: works without JavaScript, keeps what was typed.
 */
export function AudienceFields({ options, values, locale }: { options: AudienceOptions; values: Record<string, string | string[] | undefined>; locale: string }) {
  const t = useTranslations('announcements.compose.audience');
  const en = locale === 'en';
  const arr = (k: string) => { const v = values[k]; return Array.isArray(v) ? v : v ? [v] : []; };
  const checked = (k: string) => values[k] === 'on';
  const units = new Set(arr('units'));
  const chosenRoles = new Set(arr('roles'));
  const orgs = new Set(arr('partnerOrgs'));
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
        <div className="label">{t('units')}</div>
        <div className="max-h-56 overflow-y-auto rounded-md border border-slate-200 bg-white p-2">
          {options.units.map((u) => (
            <label key={u.id} className="flex items-center gap-2 py-0.5 text-sm" style={{ paddingLeft: `${u.depth * 1}rem` }}>
              <input type="checkbox" name="units" value={u.id} defaultChecked={units.has(u.id)} data-testid={`audience-unit-${u.name}`} />
              <span>{(en && u.nameEn) || u.name}</span>
              {u.inTree ? <span className="badge bg-emerald-50 text-emerald-700">{t('yourTree')}</span> : null}
            </label>
          ))}
        </div>
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
      <div>
        <label htmlFor="f-people" className="label">{t('people')}</label>
        <textarea id="f-people" name="people" rows={2} className="input" defaultValue={(values.people as string) ?? ''} placeholder={t('peoplePlaceholder')} data-testid="audience-people" />
        <FieldError name="people" />
      </div>
      {options.partnerOrgs.length > 0 ? (
        <div>
          <div className="label">{t('partnerOrgs')}</div>
          <div className="flex flex-col gap-1">
            {options.partnerOrgs.map((o) => (
              <label key={o.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="partnerOrgs" value={o.id} defaultChecked={orgs.has(o.id)} data-testid={`audience-partner-${o.name}`} />
                {(en && o.nameEn) || o.name} <span className="text-xs text-slate-500">{t(`partnerType.${o.type}`)}</span>
              </label>
            ))}
          </div>
        </div>
      ) : null}
    </fieldset>
  );
}
