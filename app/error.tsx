'use client';

import { useTranslations } from 'next-intl';

// Never shows the error's message or stack: only a reference the admin can find in the server log.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('errors.generic');
  return (
    <main className="mx-auto max-w-lg px-4 py-24 text-center">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <p className="mt-2 text-slate-600">{t('body')}</p>
      {error.digest ? <p className="mt-2 font-mono text-xs text-slate-400">{t('reference', { digest: error.digest })}</p> : null}
      <button type="button" onClick={reset} className="btn-primary mt-6">{t('retry')}</button>
    </main>
  );
}
