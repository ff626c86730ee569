import { redirect } from 'next/navigation';
import { getLocale } from 'next-intl/server';
import { getViewer } from '@/lib/auth/viewer';
import { AppShell } from '@/app/_components/app-shell';

// The shell only; every page and lib/ function checks the viewer again (layouts do not re-run on navigation).
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  if (!viewer) redirect('/sign-in');
  return <AppShell viewer={viewer} locale={await getLocale()}>{children}</AppShell>;
}
