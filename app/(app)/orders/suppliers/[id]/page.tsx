import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getSupplierOwners } from '@/lib/orders/queries';
import { displayName } from '@/lib/people/display-name';
import { OwnersForm } from '../../_components/owners-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('orders.owners'))('title') };
}

/** A supplier's internal owners for admins and communications officers (admins also see it on the partner organisation page). */
export default async function SupplierOwnersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await getViewer();
  const owners = await guard(getSupplierOwners(db(), viewer, id, { forManaging: true }));
  const locale = await getLocale();
  return (
    <div className="space-y-4">
      <h1 className="page-title">{displayName(owners, locale)}</h1>
      <OwnersForm supplierId={id} owners={owners} />
    </div>
  );
}
