import { getLocale, getTranslations } from 'next-intl/server';
import type { PartnerPerson } from '@/lib/partners/queries';
import { displayName } from '@/lib/people/display-name';
import { Form, SelectField, Submit, TextField } from '@/app/_components/form';
import { Confirm } from '../../_components/confirm';
import { deactivatePartnerPersonAction, invitePartnerAction, resendPartnerInvitationAction } from '../actions';

/** A partner organisation's people with deactivate buttons; shared by the admin page and /partner/team. */
export async function PartnerPeopleList({ people, viewerId }: { people: PartnerPerson[]; viewerId: string }) {
  const t = await getTranslations('admin');
  const locale = await getLocale();
  if (people.length === 0) return <p className="text-sm text-slate-600">{t('partners.noPeople')}</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="partner-people">
      {people.map((p) => (
        <li key={p.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="partner-person" data-email={p.email}>
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{displayName(p, locale)}</span>
              {p.isAdmin ? <span className="badge bg-brand-50 text-brand-700">{t('partners.person.admin')}</span> : <span className="badge bg-slate-100 text-slate-600">{t('partners.person.member')}</span>}
              {p.status !== 'active' ? <span className="badge bg-slate-200 text-slate-700">{t('people.statuses.deactivated')}</span> : null}
              {p.status === 'active' && !p.hasSignedIn ? <span className="badge bg-amber-50 text-amber-800">{t('partners.person.invited')}</span> : null}
              {p.id === viewerId ? <span className="text-xs text-slate-500">({t('common.you')})</span> : null}
            </div>
            <div className="break-all text-sm text-slate-600">{p.email}</div>
          </div>
          {p.status === 'active' && p.id !== viewerId ? (
            <div className="flex flex-wrap items-start gap-2">
              {!p.hasSignedIn ? (
                <Form action={resendPartnerInvitationAction} className="space-y-2" testId="resend-invitation">
                  <input type="hidden" name="personId" value={p.id} />
                  <Submit variant="secondary">{t('partners.person.resend')}</Submit>
                </Form>
              ) : null}
              <Form action={deactivatePartnerPersonAction} className="space-y-2">
                <input type="hidden" name="personId" value={p.id} />
                <Confirm label={t('partners.person.deactivate')} confirmLabel={t('partners.person.confirmDeactivate', { name: displayName(p, locale) })} />
              </Form>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export async function InvitePartnerForm({ partnerOrgId, allowAdminRole, defaultLocale }: { partnerOrgId: string; allowAdminRole: boolean; defaultLocale: string }) {
  const t = await getTranslations('admin.partners.invite');
  return (
    <Form action={invitePartnerAction} className="space-y-4" testId="invite-form" resetOnSuccess>
      <input type="hidden" name="partnerOrgId" value={partnerOrgId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="name" label={t('name')} required />
        <TextField name="nameEn" label={t('nameEn')} />
      </div>
      <TextField name="email" type="email" label={t('email')} required />
      <div className="grid gap-4 sm:grid-cols-2">
        {allowAdminRole ? (
          <SelectField name="role" label={t('role')} defaultValue="member" options={[{ value: 'partner_admin', label: t('roleAdmin') }, { value: 'member', label: t('roleMember') }]} />
        ) : (
          <input type="hidden" name="role" value="member" />
        )}
        <SelectField name="locale" label={t('locale')} defaultValue={defaultLocale} options={[{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'English' }]} />
      </div>
      <Submit>{t('submit')}</Submit>
    </Form>
  );
}
