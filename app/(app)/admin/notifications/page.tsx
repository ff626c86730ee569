import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listSuppressions } from '@/lib/mail/suppressions';
import { digestSections } from '@/lib/notifications/digest-sections';
import { forcedImmediateKinds, getCompanyDefaults, notificationRoles, switchableKinds, type NotificationRole } from '@/lib/notifications/preferences';
import { Form, Submit, TextArea } from '@/app/_components/form';
import { saveNotificationDefaultsAction } from '../../profile/notifications/actions';
import { liftSuppressionAction } from './actions';
import { PreferencesForm } from '../../profile/notifications/preferences-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('notifications.preferences'))('defaultsTitle') };
}

/** Company defaults (admins only: lib refuses everyone else). */
export default async function NotificationDefaultsPage({ searchParams }: { searchParams: Promise<{ before?: string; lifted?: string; role?: string }> }) {
  const sp = await searchParams;
  const viewer = await getViewer();
  const defaults = await guard(getCompanyDefaults(db(), viewer));
  const suppressed = await guard(listSuppressions(db(), viewer, { before: typeof sp.before === 'string' ? sp.before : undefined }));
  const t = await getTranslations('notifications.preferences');
  const ts = await getTranslations('notifications.suppressions');
  const format = await getFormatter();
  const tAll = await getTranslations();
  const sections = digestSections.map((s) => ({ key: s.key, heading: tAll(s.heading) }));
  // The role chooser: one role's defaults at a time (links, so it works without scripts and on a phone).
  const role: NotificationRole = (notificationRoles as readonly string[]).includes(sp.role ?? '') ? (sp.role as NotificationRole) : 'employee';
  const chosen = defaults[role];
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="page-title">{t('defaultsTitle')}</h1>
      <p className="text-sm text-slate-600">{t('defaultsIntro')}</p>
      <p className="text-sm text-slate-600">{t('precedence')}</p>
      <nav aria-label={t('roleChooser')} data-testid="defaults-roles">
        <ul className="flex flex-wrap gap-2">
          {notificationRoles.map((r) => (
            <li key={r}>
              <Link href={`/admin/notifications?role=${r}`} aria-current={r === role ? 'page' : undefined} data-testid={`defaults-role-${r}`}
                className={r === role ? 'btn-primary' : 'btn-secondary'}>
                {t(`roles.${r}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="card space-y-3 p-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-lg font-semibold">{t('roleDefaultsTitle', { role: t(`roles.${role}`) })}</h2>
          <span className="badge" data-testid="defaults-source">{chosen.set ? t('companySet') : t('builtIn')}</span>
        </div>
        <PreferencesForm key={role} action={saveNotificationDefaultsAction} prefs={chosen.prefs} hidden={{ audience: role }} testId={`defaults-form-${role}`}
          sections={sections} switchable={switchableKinds} forced={forcedImmediateKinds} />
      </div>
      <section className="card space-y-3 p-4" id="suppressed" aria-labelledby="suppressed-title">
        <h2 id="suppressed-title" className="text-lg font-semibold">{ts('title')}</h2>
        <p className="text-sm text-slate-600">{ts('intro')}</p>
        {sp.lifted ? <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="lifted">{ts('lifted')}</p> : null}
        <div className="overflow-x-auto">
          <table className="table table-stack" data-testid="suppressions-table">
            <thead>
              <tr><th>{ts('email')}</th><th>{ts('reason')}</th><th>{ts('since')}</th>{suppressed.can.lift ? <th>{ts('actions')}</th> : null}</tr>
            </thead>
            <tbody>
              {suppressed.rows.length === 0 ? (
                <tr><td colSpan={suppressed.can.lift ? 4 : 3} className="py-6 text-center text-slate-500">{ts('empty')}</td></tr>
              ) : suppressed.rows.map((r) => (
                <tr key={r.email} data-testid="suppression">
                  <td data-label={ts('email')} className="break-all">{r.email}{r.personName ? <span className="block text-xs text-slate-500">{r.personName}</span> : null}</td>
                  <td data-label={ts('reason')}>
                    {r.mailId ? <Link className="text-brand-700 hover:underline" href={`/outbox/${r.mailId}`}>{ts(`reasons.${r.reason}`)}</Link> : ts(`reasons.${r.reason}`)}
                    {r.detail ? <span className="block text-xs text-slate-600"><span className="sr-only">{ts('detail')}: </span>{r.detail}</span> : null}
                  </td>
                  <td data-label={ts('since')} className="whitespace-nowrap text-slate-600">{format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'short' })}</td>
                  {suppressed.can.lift ? (
                    <td data-label={ts('actions')}>
                      <details className="group">
                        <summary className="cursor-pointer text-brand-700 hover:underline" data-testid="lift-open">{ts('lift')}</summary>
                        <Form action={liftSuppressionAction} testId="lift-form" className="mt-2 w-full space-y-2 sm:w-72" aria-label={ts('liftTitle', { email: r.email })}>
                          <input type="hidden" name="email" value={r.email} />
                          <TextArea name="reason" label={ts('liftReason')} hint={ts('liftHint')} rows={2} maxLength={500} required testId="lift-reason" />
                          <Submit variant="secondary" testId="lift">{ts('lift')}</Submit>
                        </Form>
                      </details>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <nav className="flex justify-between text-sm" aria-label={ts('title')}>
          {sp.before ? <Link className="btn-secondary" href="/admin/notifications#suppressed">{ts('newest')}</Link> : <span />}
          {suppressed.older ? <Link className="btn-secondary" href={`/admin/notifications?before=${suppressed.older}#suppressed`}>{ts('older')}</Link> : <span />}
        </nav>
      </section>
    </div>
  );
}
