'use client';

import { Form, Submit, TextField, useFormResult } from '@/app/_components/form';
import { requestPartnerLinkAction } from './actions';

export type PartnerSignInLabels = {
  email: string;
  placeholder: string;
  submit: string;
  sentTitle: string;
  sentBody: string;
  sendAnother: string;
};

/** Asks for a sign-in link; afterwards the same neutral answer for every address. */
export function PartnerSignInForm({ labels }: { labels: PartnerSignInLabels }) {
  return (
    <Form action={requestPartnerLinkAction} className="space-y-4" showMessage={false}>
      <Body labels={labels} />
    </Form>
  );
}

function Body({ labels }: { labels: PartnerSignInLabels }) {
  const state = useFormResult();
  if (state.ok) {
    return (
      <div role="status" data-testid="partner-sign-in-sent" className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm leading-6 text-emerald-900">
        <p className="font-medium">{labels.sentTitle}</p>
        <p className="mt-1">{labels.sentBody}</p>
        <p className="mt-3">
          <a href="/partner/sign-in" className="font-medium text-brand-700 hover:underline">{labels.sendAnother}</a>
        </p>
      </div>
    );
  }
  const refusedWhole = state.message && !state.fieldErrors?.email;
  return (
    <>
      {refusedWhole ? (
        <p role="alert" data-testid="partner-rate-limited" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          {state.message}
        </p>
      ) : null}
      <TextField name="email" type="email" inputMode="email" autoComplete="email" maxLength={320} required label={labels.email} placeholder={labels.placeholder} />
      <Submit testId="partner-sign-in-submit" className="w-full py-2.5">{labels.submit}</Submit>
    </>
  );
}
