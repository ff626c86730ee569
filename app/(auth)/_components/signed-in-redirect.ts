import 'server-only';
import { redirect } from 'next/navigation';
import { getViewer } from '@/lib/auth/viewer';

/** Someone already signed in has nothing to do on a sign-in page: send them home. */
export async function redirectIfSignedIn(): Promise<void> {
  const viewer = await getViewer();
  if (viewer) redirect(viewer.kind === 'partner' ? '/partner' : '/');
}
