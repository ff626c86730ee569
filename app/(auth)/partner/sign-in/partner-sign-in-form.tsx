'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { requestPartnerLinkAction, type PartnerSignInState } from './actions';

const initial: PartnerSignInState = { status: 'idle', values: { email: '' } };

export function PartnerSignInForm() {
  const t = useTranslations('auth.partner');
  const [state, action, pending] = useActionState(requestPartnerLinkAction, initial);

  if (state.status === 'sent') {
    return (
      <div role="status" data-testid="partner-sign-in-sent" className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm leading-6 text-emerald-900">
        <p className="font-medium">{t('sentTitle')}</p>
        <p className="mt-1">{t('sentBody')}</p>
        <p className="mt-3">
          <a href="/partner/sign-in" className="font-medium text-brand-700 hover:underline">{t('sendAnother')}</a>
        </p>
      </div>
    );
  }

  const error = state.status === 'invalid' ? state.fieldErrors.email : undefined;
  return (
    <form action={action} noValidate className="space-y-4">
      {state.status === 'rate_limited' ? (
        <p role="alert" data-testid="partner-rate-limited" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          {t('rateLimited', { minutes: state.retryAfterMinutes })}
        </p>
      ) : null}
      <div>
        <label htmlFor="email" className="label">{t('emailLabel')}</label>
        <input
          id="email"
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={320}
          defaultValue={state.values.email}
          placeholder={t('emailPlaceholder')}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'email-error' : undefined}
          className="input"
        />
        {error ? <p id="email-error" className="field-error">{t(`errors.${error}`)}</p> : null}
      </div>
      <button type="submit" className="btn-primary w-full py-2.5" disabled={pending} data-testid="partner-sign-in-submit">
        {pending ? t('submitting') : t('submit')}
      </button>
    </form>
  );
}
