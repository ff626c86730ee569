import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { guard } from '@/lib/http/page-guard';
import { loadOrderArea } from '@/lib/orders/access';
import { getSupplierOwners } from '@/lib/orders/queries';
import { OwnersForm } from '../../_components/owners-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('orders.owners'))('title') };
}

/** A supplier's internal owners for admins and communications officers (admins also see it on the partner organisation page). */
export default async function SupplierOwnersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await getViewer();
  const [owners, org] = await guard((async () => {
    const { viewer: v, area } = await loadOrderArea(db(), viewer);
    if (!area.manageOwners) throw new AppError(v.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
    const o = await getSupplierOwners(db(), v, id);
    const row = await db().selectFrom('partner_org').select(['name', 'name_en']).where('id', '=', id).executeTakeFirstOrThrow();
    return [o, row] as const;
  })());
  const locale = await getLocale();
  return (
    <div className="space-y-4">
      <h1 className="page-title">{(locale === 'en' && org.name_en) || org.name}</h1>
      <OwnersForm supplierId={id} owners={owners} />
    </div>
  );
}
