import { getViewer } from '@/lib/auth/viewer';
import { canAdminister } from '@/lib/authz/policies';
import { AdminNav } from './_components/admin-nav';

// The section navigation is shown to admins only, so a refused visitor's 403/404 page reveals nothing.
// Every page checks the viewer again through lib/ (layouts do not re-run on navigation).
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  return (
    <>
      {canAdminister(viewer) ? <AdminNav /> : null}
      {children}
    </>
  );
}
