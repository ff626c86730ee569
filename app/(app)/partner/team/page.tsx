import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getOwnTeam } from '@/lib/partners/own-org';
import { displayName } from '@/lib/people/display-name';
import { InvitePartnerForm, PartnerPeopleList } from '../../admin/partners/_components/partner-people';

export async function generateMetadata() {
  const t = await getTranslations('admin.team');
  return { title: t('title') };
}

/** A partner admin's own organisation: its people, invite a colleague, end a colleague's access. */
export default async function PartnerTeamPage() {
  const viewer = await getViewer();
  const { org, people, viewerId } = await guard(getOwnTeam(db(), viewer));
  const t = await getTranslations('admin');
  const locale = await getLocale();
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="page-title">{t('team.title')}</h1>
        <p className="mt-1 text-slate-600">{t('team.intro', { org: displayName(org, locale) })}</p>
      </div>
      <section className="card p-4" aria-labelledby="team-h">
        <h2 id="team-h" className="font-semibold">{t('team.people')}</h2>
        <PartnerPeopleList people={people} viewerId={viewerId} />
      </section>
      <section className="card p-4" aria-labelledby="invite-h">
        <h2 id="invite-h" className="font-semibold">{t('team.inviteTitle')}</h2>
        <p className="mb-4 mt-1 text-sm text-slate-600">{t('team.inviteIntro')}</p>
        <InvitePartnerForm partnerOrgId={org.id} allowAdminRole={false} defaultLocale={locale} />
      </section>
    </div>
  );
}
