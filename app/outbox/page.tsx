import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { env } from '@/lib/env';
import { guard } from '@/lib/http/page-guard';
import { listOutbox } from '@/lib/mail/outbox';
import { DemoBanner } from './_components';

export async function generateMetadata() {
  return { title: (await getTranslations('common.outbox'))('title') };
}

export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string; before?: string }> }) {
  const sp = await searchParams;
  const viewer = await getViewer();
  const { can, rows, older, firstPage, to } = await guard(listOutbox(db(), viewer, { to: sp.to, before: sp.before }));
  const t = await getTranslations('common.outbox');
  const format = await getFormatter();
  const q = (extra: Record<string, string>) => `/outbox?${new URLSearchParams({ ...(to ? { to } : {}), ...extra })}`;
  return (
    <div className="space-y-4">
      {can.demo ? <DemoBanner /> : null}
      <div>
        <h1 className="page-title">{t('title')}</h1>
        <p className="mt-1 text-sm text-slate-600">{t('intro', { days: env().PLAZA_OUTBOX_RETENTION_DAYS })}</p>
      </div>
      <form className="flex flex-col gap-2 sm:flex-row" role="search">
        <label htmlFor="to" className="sr-only">{t('filterTo')}</label>
        <input id="to" name="to" type="email" defaultValue={to} placeholder={t('filterTo')} className="input sm:max-w-sm" />
        <button type="submit" className="btn-secondary">{t('filter')}</button>
      </form>
      <div className="card overflow-x-auto">
        <table className="table table-stack" data-testid="outbox-table">
          <thead>
            <tr><th>{t('to')}</th><th>{t('subject')}</th><th className="hidden sm:table-cell">{t('status')}</th><th>{t('time')}</th></tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr><td colSpan={4} className="py-8 text-center text-slate-500">{t('empty')}</td></tr>
            ) : rows.map((m) => (
              <tr key={m.id}>
                <td data-label={t('to')} className="break-all">{m.toEmail}</td>
                <td data-label={t('subject')}><Link className="font-medium text-brand-700 hover:underline" href={`/outbox/${m.id}`}>{m.subject}</Link></td>
                <td data-label={t('status')} className="hidden sm:table-cell"><span className={`badge ${m.status === 'sent' ? 'bg-green-100 text-green-800' : m.status === 'failed' ? 'bg-red-100 text-red-800' : 'bg-slate-100 text-slate-700'}`}>{t(`statuses.${m.status}`)}</span></td>
                <td data-label={t('time')} className="whitespace-nowrap text-slate-600">{format.dateTime(m.createdAt, { dateStyle: 'short', timeStyle: 'medium' })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="flex justify-between text-sm" aria-label={t('paging')}>
        {!firstPage ? <Link className="btn-secondary" href={q({})}>{t('newest')}</Link> : <span />}
        {older ? <Link className="btn-secondary" href={q({ before: older })} data-testid="outbox-older">{t('older')}</Link> : <span />}
      </nav>
    </div>
  );
}
