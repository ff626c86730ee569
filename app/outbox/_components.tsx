import { getTranslations } from 'next-intl/server';

/** The quick-start demo's banner: shown on every outbox page while the demo opens it to all signed-in people. */
export async function DemoBanner() {
  const t = await getTranslations('common.outbox');
  return (
    <div role="note" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="outbox-demo-banner">
      <span className="badge mr-2 bg-amber-200 font-semibold text-amber-900">{t('demoBadge')}</span>
      {t('demoBanner')}
    </div>
  );
}
