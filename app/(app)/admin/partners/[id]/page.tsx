import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { requireAdmin } from '@/lib/authz/policies';
import { guard } from '@/lib/http/page-guard';
import { getPartnerOrg, listPartnerPeople } from '@/lib/partners/queries';
import { displayName } from '@/lib/people/display-name';
import { Form, Submit } from '@/app/_components/form';
import { InvitePartnerForm, PartnerPeopleList } from '../_components/partner-people';
import { PartnerOrgFields } from '../_components/partner-org-fields';
import { updatePartnerOrgAction } from '../actions';
import { getSupplierOwners } from '@/lib/orders/queries';
import { OwnersForm } from '@/app/(app)/orders/_components/owners-form';

type Params = Promise<{ id: string }>;

export async function generateMetadata() {
  const t = await getTranslations('admin.partners');
  return { title: t('title') };
}

export default async function PartnerOrgPage({ params }: { params: Params }) {
  const { id } = await params;
  const viewer = await getViewer();
  const [org, people, owners] = await guard(async () => {
    // This is the admin page; a partner admin manages their own people at /partner/team.
    requireAdmin(viewer);
    return Promise.all([getPartnerOrg(db(), viewer, id), listPartnerPeople(db(), viewer, id), getSupplierOwners(db(), viewer, id)]);
  });
  const t = await getTranslations('admin');
  const locale = await getLocale();
  return (
    <div>
      <Link href="/admin/partners" className="text-sm text-slate-500 hover:underline">← {t('partners.title')}</Link>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <h1 className="page-title">{displayName(org, locale)}</h1>
        <span className="badge bg-slate-100 text-slate-700">{t(`partners.types.${org.type}`)}</span>
        <span className={`badge ${org.status === 'active' ? 'bg-emerald-50 text-emerald-700' : 'bg-slate-200 text-slate-700'}`}>{t(`partners.statuses.${org.status}`)}</span>
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="space-y-6">
          <section className="card p-4" aria-labelledby="people-h">
            <h2 id="people-h" className="font-semibold">{t('partners.people')}</h2>
            <PartnerPeopleList people={people} viewerId={viewer!.id} />
          </section>
          <section className="card p-4" aria-labelledby="invite-h">
            <h2 id="invite-h" className="font-semibold">{t('partners.invite.title')}</h2>
            <p className="mb-4 mt-1 text-sm text-slate-600">{t('partners.invite.intro')}</p>
            <InvitePartnerForm partnerOrgId={org.id} allowAdminRole defaultLocale={locale} />
          </section>
          <OwnersForm supplierId={org.id} owners={owners} />
        </div>
        <section className="card h-fit p-4" aria-labelledby="details-h">
          <h2 id="details-h" className="font-semibold">{t('partners.details')}</h2>
          <Form action={updatePartnerOrgAction} className="mt-4 space-y-4" testId="edit-partner-form">
            <input type="hidden" name="partnerOrgId" value={org.id} />
            <PartnerOrgFields org={org} />
            <Submit>{t('common.save')}</Submit>
          </Form>
        </section>
      </div>
    </div>
  );
}
