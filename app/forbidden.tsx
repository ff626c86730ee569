import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function Forbidden() {
  const t = await getTranslations('errors');
  return (
    <main className="mx-auto max-w-lg px-4 py-24 text-center">
      <p className="text-5xl font-bold text-slate-300">403</p>
      <h1 className="mt-4 text-xl font-semibold" data-testid="forbidden">{t('forbidden.title')}</h1>
      <p className="mt-2 text-slate-600">{t('forbidden.body')}</p>
      <Link href="/" className="btn-primary mt-6">{t('backHome')}</Link>
    </main>
  );
}
