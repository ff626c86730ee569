'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { updateTimezoneAction, type TimezoneState } from './actions';

export function TimezoneForm({ current, zones }: { current: string; zones: string[] }) {
  const t = useTranslations('common.profile');
  const [state, action, pending] = useActionState<TimezoneState, FormData>(updateTimezoneAction, {});
  return (
    <form action={action} className="flex flex-col gap-2 sm:flex-row sm:items-end">
      <div className="flex-1">
        <label htmlFor="timezone" className="label">{t('timezone')}</label>
        <select id="timezone" name="timezone" defaultValue={state.value ?? current} className="input" aria-invalid={!!state.error}>
          {zones.map((z) => <option key={z} value={z}>{z}</option>)}
        </select>
        {state.error ? <p className="field-error">{t(state.error)}</p> : null}
        {state.ok ? <p className="mt-1 text-sm text-green-700" role="status">{t('saved')}</p> : null}
      </div>
      <button type="submit" className="btn-secondary" disabled={pending}>{t('save')}</button>
    </form>
  );
}
