import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listPartnerOrgs } from '@/lib/partners/queries';
import { displayName } from '@/lib/people/display-name';

export async function generateMetadata() {
  const t = await getTranslations('admin.partners');
  return { title: t('title') };
}

export default async function PartnersPage() {
  const viewer = await getViewer();
  const orgs = await guard(listPartnerOrgs(db(), viewer));
  const t = await getTranslations('admin');
  const locale = await getLocale();
  return (
    <div>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="page-title">{t('partners.title')}</h1>
          <p className="mt-1 max-w-3xl text-slate-600">{t('partners.intro')}</p>
        </div>
        <Link href="/admin/partners/new" className="btn-primary">{t('partners.new')}</Link>
      </div>
      <div className="card mt-6 overflow-x-auto">
        <table className="table table-stack sm:min-w-[36rem]" data-testid="partners-table">
          <thead>
            <tr>
              <th scope="col">{t('partners.columns.name')}</th>
              <th scope="col">{t('partners.columns.type')}</th>
              <th scope="col">{t('partners.columns.status')}</th>
              <th scope="col">{t('partners.columns.people')}</th>
              <th scope="col">{t('partners.columns.admins')}</th>
            </tr>
          </thead>
          <tbody>
            {orgs.length === 0 ? <tr><td colSpan={5} className="py-6 text-center text-slate-500">{t('partners.empty')}</td></tr> : null}
            {orgs.map((o) => (
              <tr key={o.id}>
                <td data-label={t('partners.columns.name')}>
                  <Link href={`/admin/partners/${o.id}`} className="font-medium text-brand-700 hover:underline">{displayName(o, locale)}</Link>
                  {locale !== 'en' && o.nameEn ? <div className="text-xs text-slate-500">{o.nameEn}</div> : null}
                </td>
                <td data-label={t('partners.columns.type')}>{t(`partners.types.${o.type}`)}</td>
                <td data-label={t('partners.columns.status')}>
                  <span className={`badge ${o.status === 'active' ? 'bg-emerald-50 text-emerald-700' : 'bg-slate-200 text-slate-700'}`}>{t(`partners.statuses.${o.status}`)}</span>
                </td>
                <td data-label={t('partners.columns.people')} className="tabular-nums">{o.activePeople}</td>
                <td data-label={t('partners.columns.admins')} className="tabular-nums">{o.admins}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
