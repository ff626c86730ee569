import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getViewer } from '@/lib/auth/viewer';
import { AppShell } from '@/app/_components/app-shell';
import { LanguageSwitch } from '@/app/_components/language-switch';

// Inside the shell for a signed-in person; a bare frame for a partner reading their link in the quick start.
export default async function OutboxLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  if (viewer) return <AppShell viewer={viewer} locale={await getLocale()}>{children}</AppShell>;
  const t = await getTranslations('common');
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between px-4">
          <Link href="/sign-in" className="font-semibold text-brand-700">{t('appName')}</Link>
          <LanguageSwitch />
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
}
