'use client';

import { useTranslations } from 'next-intl';
import { FieldError, Form, Submit, useFormResult, type FormActionFn } from '@/app/_components/form';
import { AudienceFields, type AudienceOptions } from '../../announcements/_components/audience-fields';

/** Define or edit an emergency plan: name, audience, pre-written urgent message with placeholders. */
export function PlanForm({ action, options, initial, locale }: { action: FormActionFn; options: AudienceOptions; initial: Record<string, string | string[]>; locale: string }) {
  return (
    <Form action={action} className="space-y-4" testId="plan-form">
      <PlanFields options={options} initial={initial} locale={locale} />
    </Form>
  );
}

function PlanFields({ options, initial, locale }: { options: AudienceOptions; initial: Record<string, string | string[]>; locale: string }) {
  const state = useFormResult();
  const t = useTranslations('announcements.emergency');
  const values = state.values ?? initial;
  const ph = { details: '{{details}}', time: '{{time}}', triggeredBy: '{{triggeredBy}}' };
  const str = (k: string, d = '') => (typeof values[k] === 'string' ? (values[k] as string) : d);
  return (
        <div key={state.seq} className="space-y-4">
          {values.id ? <input type="hidden" name="id" value={str('id')} /> : null}
          <div>
            <label htmlFor="p-name" className="label">{t('name')}</label>
            <input id="p-name" name="name" className="input" defaultValue={str('name')} data-testid="plan-name" />
            <FieldError name="name" />
          </div>
          <div>
            <label htmlFor="p-title" className="label">{t('messageTitle')}</label>
            <input id="p-title" name="title" className="input" defaultValue={str('title')} data-testid="plan-title" />
            <FieldError name="title" />
          </div>
          <div>
            <label htmlFor="p-body" className="label">{t('messageBody')}</label>
            <textarea id="p-body" name="body" rows={8} className="input font-mono" defaultValue={str('body', t('bodyDefault', ph))} data-testid="plan-body" />
            <p className="mt-1 text-xs text-slate-500">{t('placeholders', ph)}</p>
            <FieldError name="body" />
          </div>
          <AudienceFields options={options} values={values} locale={locale} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="ackRequired" defaultChecked={values.ackRequired === undefined ? true : values.ackRequired === 'on'} />
            {t('ackRequired')}
          </label>
          <div className="max-w-xs">
            <label htmlFor="p-renotify" className="label">{t('renotifyMinutes')}</label>
            <input id="p-renotify" name="renotifyMinutes" type="number" min={1} max={1440} className="input" defaultValue={str('renotifyMinutes', '15')} />
            <FieldError name="renotifyMinutes" />
          </div>
          <Submit testId="plan-save">{t('savePlan')}</Submit>
        </div>
  );
}
