import { getTranslations } from 'next-intl/server';
import { LanguageSwitch } from '@/app/_components/language-switch';

/** Sign-in pages: one centered card, the language switch above it; works from 360px up. */
export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations('auth.layout');
  return (
    <div className="flex min-h-screen flex-col bg-gradient-to-b from-brand-50 to-slate-50">
      <header className="mx-auto flex w-full max-w-md items-center justify-between px-4 pt-6">
        <div className="flex items-center gap-2 font-semibold text-brand-700">
          <span aria-hidden className="grid h-8 w-8 place-items-center rounded-md bg-brand-600 text-white">P</span>
          <span className="text-lg">{t('product')}</span>
        </div>
        <LanguageSwitch />
      </header>
      <main className="mx-auto flex w-full max-w-md flex-1 flex-col justify-center px-4 py-8">
        <div className="card p-6 sm:p-8">{children}</div>
        <p className="mt-6 text-center text-xs text-slate-500">{t('tagline')}</p>
      </main>
    </div>
  );
}
