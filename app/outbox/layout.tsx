import { redirect } from 'next/navigation';
import { getLocale } from 'next-intl/server';
import { getViewer } from '@/lib/auth/viewer';
import { AppShell } from '@/app/_components/app-shell';

// The outbox is for signed-in people only (admins; everyone signed in on the quick-start demo):
// lib/mail/outbox.ts decides, this only frames it.
export default async function OutboxLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  if (!viewer) redirect('/sign-in');
  return <AppShell viewer={viewer} locale={await getLocale()}>{children}</AppShell>;
}
