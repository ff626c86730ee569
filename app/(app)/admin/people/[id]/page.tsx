import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { searchPicker } from '@/lib/pickers/queries';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { displayName } from '@/lib/people/display-name';
import { getPersonForAdmin } from '@/lib/people/queries';
import { Form, Submit, TextField } from '@/app/_components/form';
import { Confirm } from '../../_components/confirm';
import { changeRoleAction, setActiveAction, updatePersonAction } from '../actions';
import { StatusBadge } from '../_components/status-badge';
import { Colon } from '@/app/_components/colon';

type Params = Promise<{ id: string }>;

export async function generateMetadata() {
  const t = await getTranslations('admin.people');
  return { title: t('title') };
}

export default async function PersonPage({ params }: { params: Params }) {
  const { id } = await params;
  const viewer = await getViewer();
  const locale = await getLocale();
  const person = await guard(getPersonForAdmin(db(), viewer, id));
  const [unitChosen, labels] = await Promise.all([person.unitId ? searchPicker(db(), viewer, 'unit', { ids: person.unitId }, locale) : Promise.resolve([]), pickerLabels()]);
  const t = await getTranslations('admin');
  const format = await getFormatter();
  const isSelf = person.id === viewer?.id;
  const roleChoices = person.kind === 'partner' ? (['partner_admin'] as const) : (['admin', 'comms_officer'] as const);
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' }) : t('people.detail.never'));

  return (
    <div>
      <Link href="/admin/people" className="text-sm text-slate-500 hover:underline">← {t('people.title')}</Link>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="page-title">{displayName(person, locale)}</h1>
        <StatusBadge status={person.status} label={t(`people.statuses.${person.status}`)} />
        {person.kind === 'partner' ? <span className="badge bg-amber-50 text-amber-800">{t('people.kinds.partner')}</span> : null}
      </div>
      <p className="mt-1 break-all text-slate-600">{person.email}</p>
      {isSelf ? <p className="mt-1 text-sm text-slate-500">{t('people.detail.isYou')}</p> : null}

      <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <section className="card p-4" aria-labelledby="profile-h">
          <h2 id="profile-h" className="font-semibold">{t('people.detail.profile')}</h2>
          <Form action={updatePersonAction} className="mt-4 space-y-4" testId="edit-person-form">
            <input type="hidden" name="personId" value={person.id} />
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField name="name" label={t('people.fields.name')} defaultValue={person.name} required />
              <TextField name="nameEn" label={t('people.fields.nameEn')} defaultValue={person.nameEn} />
            </div>
            <TextField name="email" type="email" label={t('people.fields.email')} defaultValue={person.email} required />
            {person.kind === 'employee' ? (
              <Picker name="unitId" kind="unit" label={t('people.fields.unitId')} labels={labels} required initial={unitChosen} testId="person-unit" />
            ) : (
              <p className="text-sm">
                <span className="text-slate-500">{t('people.detail.partnerOrg')}<Colon /></span>
                {person.partnerOrgId ? (
                  <Link className="text-brand-700 hover:underline" href={`/admin/partners/${person.partnerOrgId}`}>
                    {displayName({ name: person.partnerOrgName ?? '', nameEn: person.partnerOrgNameEn }, locale)}
                  </Link>
                ) : null}
              </p>
            )}
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField name="position" label={t('people.fields.position')} defaultValue={person.position} />
              <TextField name="level" label={t('people.fields.level')} defaultValue={person.level} />
            </div>
            <Submit>{t('common.save')}</Submit>
          </Form>
        </section>

        <div className="space-y-6">
          <section className="card p-4" aria-labelledby="roles-h">
            <h2 id="roles-h" className="font-semibold">{t('people.detail.roles')}</h2>
            <p className="mt-1 text-sm text-slate-600">{t('people.detail.rolesIntro')}</p>
            <ul className="mt-3 space-y-2" data-testid="roles">
              {roleChoices.map((role) => {
                const has = person.roles.includes(role);
                return (
                  <li key={role}>
                    <Form action={changeRoleAction} className="space-y-2">
                      <input type="hidden" name="personId" value={person.id} />
                      <input type="hidden" name="role" value={role} />
                      <input type="hidden" name="op" value={has ? 'revoke' : 'grant'} />
                      <div className="flex items-center justify-between gap-2">
                        <span className={has ? 'font-medium' : 'text-slate-500'} data-testid={`role-${role}`} data-has={has ? 'yes' : 'no'}>
                          {has ? '✓ ' : ''}{t(`people.roles.${role}`)}
                        </span>
                        <Submit variant="secondary" testId={`${has ? 'revoke' : 'grant'}-${role}`}>
                          {has ? t('people.detail.revoke') : t('people.detail.grant')}
                        </Submit>
                      </div>
                    </Form>
                  </li>
                );
              })}
            </ul>
          </section>

          <section className="card p-4" aria-labelledby="access-h">
            <h2 id="access-h" className="font-semibold">{t('people.detail.access')}</h2>
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-slate-500">{t('people.detail.origin')}</dt>
              <dd>{t(`people.origins.${person.origin}`)}</dd>
              <dt className="text-slate-500">{t('people.detail.created')}</dt>
              <dd>{when(person.createdAt)}</dd>
              <dt className="text-slate-500">{t('people.detail.lastSeen')}</dt>
              <dd>{when(person.lastSeenAt)}</dd>
              {person.deactivatedAt ? (
                <>
                  <dt className="text-slate-500">{t('people.detail.deactivatedAt')}</dt>
                  <dd>{when(person.deactivatedAt)}</dd>
                </>
              ) : null}
              {person.headOf.length ? (
                <>
                  <dt className="text-slate-500">{t('people.detail.headOf')}</dt>
                  <dd>{person.headOf.map((u) => displayName(u, locale)).join('、')}</dd>
                </>
              ) : null}
            </dl>
            <p className="mt-2 text-sm text-slate-600" data-testid="sessions">{t('people.detail.sessions', { count: person.activeSessions })}</p>
            {!isSelf ? (
              <Form action={setActiveAction} className="mt-4 space-y-2" testId="status-form">
                <input type="hidden" name="personId" value={person.id} />
                {person.status === 'active' ? (
                  <>
                    <input type="hidden" name="op" value="deactivate" />
                    <p className="text-sm text-slate-600">{t('people.detail.deactivateHint')}</p>
                    <Confirm label={t('people.detail.deactivate')} confirmLabel={t('people.detail.confirmDeactivate', { name: displayName(person, locale) })} />
                  </>
                ) : (
                  <>
                    <input type="hidden" name="op" value="reactivate" />
                    <p className="text-sm text-slate-600">{t('people.detail.reactivateHint')}</p>
                    <Submit variant="secondary" testId="reactivate">{t('people.detail.reactivate')}</Submit>
                  </>
                )}
              </Form>
            ) : null}
          </section>
        </div>
      </div>
    </div>
  );
}
