import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { env } from '@/lib/env';
import { guard } from '@/lib/http/page-guard';
import { getOutboxMail } from '@/lib/mail/outbox';
import { REDACTED } from '@/lib/mail/send';
import { DemoBanner } from '../_components';
import { Colon } from '@/app/_components/colon';
import { isMessageKey } from '@/lib/i18n/keys';
import { Form, Submit } from '@/app/_components/form';
import { digestRetryAbilities } from '@/lib/notifications/digest-retry';
import { retryDigestMailAction } from './actions';

export default async function OutboxMailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await getViewer();
  const mail = await guard(getOutboxMail(db(), viewer, id));
  const retry = await digestRetryAbilities(db(), viewer, mail.id);
  const tr = await getTranslations('notifications.retry');
  const t = await getTranslations('common.outbox');
  const tAll = await getTranslations();
  const transportLabel = (x: string) => {
    const key = `common.outbox.transports.${x}`;
    return isMessageKey(key) ? tAll(key) : x;
  };
  const format = await getFormatter();
  const redacted = !!mail.text?.includes(REDACTED);
  return (
    <div className="space-y-4">
      {mail.can.demo ? <DemoBanner /> : null}
      <Link href="/outbox" className="text-sm text-brand-700 hover:underline">← {t('back')}</Link>
      <div className="card p-4">
        <h1 className="text-lg font-semibold" data-testid="mail-subject">{mail.subject}</h1>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">{t('to')}</dt><dd className="break-all">{mail.toEmail}</dd>
          <dt className="text-slate-500">{t('time')}</dt><dd>{format.dateTime(mail.createdAt, { dateStyle: 'medium', timeStyle: 'medium' })}</dd>
          <dt className="text-slate-500">{t('status')}</dt><dd>{t(`statuses.${mail.status}`)} · {transportLabel(mail.transport)}{mail.error ? ` · ${mail.error}` : ''}</dd>
          {mail.delivery ? (
            <>
              <dt className="text-slate-500">{t('delivery')}</dt>
              <dd data-testid="mail-delivery" className={mail.delivery.status === 'delivered' ? '' : 'text-red-700'}>
                {t(`deliveries.${mail.delivery.status}`)}{mail.delivery.detail ? ` · ${mail.delivery.detail}` : ''}
              </dd>
            </>
          ) : null}
        </dl>
        {retry.retry ? (
          <Form action={retryDigestMailAction} refreshOnSuccess testId="retry-form" className="mt-3 space-y-2">
            <input type="hidden" name="id" value={mail.id} />
            <p className="text-xs text-slate-600">{tr('hint')}</p>
            <Submit variant="secondary" testId="retry">{tr('button')}</Submit>
          </Form>
        ) : null}
      </div>
      {mail.liveLink ? (
        <div className="card border-brand-200 p-4" data-testid="outbox-live-link">
          <p className="text-sm font-medium">{t('liveLink', { time: format.dateTime(mail.liveLink.expiresAt, { timeStyle: 'short' }) })}</p>
          <a className="mt-1 block break-all text-brand-700 underline" href={mail.liveLink.url}>{mail.liveLink.url}</a>
          <p className="mt-1 text-xs text-slate-500">{t('liveLinkHint')}</p>
        </div>
      ) : null}
      {mail.html === null || mail.text === null ? (
        <p className="card p-4 text-sm text-slate-600" data-testid="outbox-purged">
          {t('bodiesPurged', { date: format.dateTime(mail.bodiesPurgedAt ?? mail.createdAt, { dateStyle: 'medium' }), days: env().PLAZA_OUTBOX_RETENTION_DAYS })}
        </p>
      ) : (
        <>
          {redacted ? <p className="text-sm text-slate-600">{t('redactedNote')}</p> : null}
          {/* The HTML is rendered in a sandboxed frame: no scripts, no same-origin access. */}
          <iframe title={t('htmlVersion')} sandbox="allow-popups allow-popups-to-escape-sandbox" srcDoc={mail.html} className="h-[480px] w-full rounded-lg border border-slate-200 bg-white" />
          <details className="card p-4" open>
            <summary className="cursor-pointer text-sm font-medium">{t('textVersion')}</summary>
            <pre className="mt-2 whitespace-pre-wrap break-words text-sm" data-testid="mail-text">{mail.text}</pre>
          </details>
          {mail.attachments.map((a) => (
            <details key={a.filename} className="card p-4" data-testid="mail-attachment">
              <summary className="cursor-pointer text-sm font-medium">{t('attachment')}<Colon />{a.filename} ({a.contentType})</summary>
              <pre className="mt-2 whitespace-pre-wrap break-words text-xs" data-testid="mail-attachment-content">{a.content}</pre>
            </details>
          ))}
        </>
      )}
    </div>
  );
}
