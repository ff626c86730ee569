import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { pickerLabels } from '@/app/_components/picker/labels';
import { Form } from '@/app/_components/form';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listQuickLinksToManage } from '@/lib/quicklinks/queries';
import { Confirm } from '../admin/_components/confirm';
import { IconMark } from '../_components/quick-links';
import { deleteQuickLinkAction, saveQuickLinkAction } from './actions';
import { QuickLinkForm } from './_components/quick-link-form';
import { quickLinkFormText } from './_components/text';
import { Colon } from '@/app/_components/colon';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('home.quickLinks'))('manageTitle') };
}

/** Communications officers and admins manage the homepage's quick links (lib decides who may). */
export default async function QuickLinksPage() {
  const viewer = await getViewer();
  const links = await guard(listQuickLinksToManage(db(), viewer));
  const t = await getTranslations('home.quickLinks');
  const locale = await getLocale();
  const audienceText = (a: (typeof links)[number]['audience']) =>
    [a.everyone ? t('everyoneShort') : null, a.units.length ? t('unitsCount', { count: a.units.length }) : null, a.partnerOrgs.length ? t('partnersCount', { count: a.partnerOrgs.length }) : null]
      .filter(Boolean)
      .join(locale === 'en' ? ', ' : '、');
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <div>
        <h1 className="page-title">{t('manageTitle')}</h1>
        <p className="mt-1 text-sm text-slate-600">{t('manageIntro')}</p>
      </div>
      <section className="card" aria-label={t('manageTitle')}>
        {links.length === 0 ? <p className="px-4 py-5 text-sm text-slate-500">{t('none')}</p> : (
          <ul className="divide-y divide-slate-100" data-testid="quick-link-list">
            {links.map((l) => (
              <li key={l.id} className="flex flex-wrap items-center gap-3 px-4 py-3" data-testid="quick-link-row">
                <IconMark icon={l.icon} />
                <div className="min-w-0 flex-1">
                  <div className="font-medium">{l.name}{l.nameEn ? <span className="ml-2 text-sm font-normal text-slate-500">{l.nameEn}</span> : null}</div>
                  <div className="break-all text-xs text-slate-500">{l.url}</div>
                  <div className="text-xs text-slate-600">{t('audience')}<Colon />{audienceText(l.audience)}</div>
                </div>
                <a href={`/quick-links/${l.id}`} className="btn-secondary">{t('edit')}</a>
                <Form action={deleteQuickLinkAction} className="space-y-2" refreshOnSuccess>
                  <input type="hidden" name="id" value={l.id} />
                  <Confirm label={t('delete')} confirmLabel={t('confirmDelete', { name: l.name })} />
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card p-4 sm:p-6" aria-labelledby="ql-new">
        <h2 id="ql-new" className="mb-3 font-semibold">{t('new')}</h2>
        <QuickLinkForm action={saveQuickLinkAction} text={await quickLinkFormText()} pickerLabels={await pickerLabels()} />
      </section>
    </div>
  );
}
