import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { notificationKinds } from '@/lib/notifications/kinds';
import { listNotificationsPage } from '@/lib/notifications/queries';
import { Form, Submit } from '@/app/_components/form';
import { markNotificationsReadAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('notifications.centre'))('title') };
}

type Search = Record<string, string | string[] | undefined>;

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const viewer = await getViewer();
  const page = await guard(listNotificationsPage(db(), viewer, await searchParams));
  const t = await getTranslations('notifications');
  const tAll = await getTranslations();
  const format = await getFormatter();
  const { filter } = page;
  const href = (patch: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ show: filter.show, kind: filter.kind, ...patch })) if (v) q.set(k, v);
    return `/notifications?${q.toString()}`;
  };
  const tab = (show: 'unread' | 'all') => (
    <Link href={href({ show, before: undefined })} aria-current={filter.show === show ? 'page' : undefined} data-testid={`show-${show}`}
      className={`rounded-md px-3 py-1.5 ${filter.show === show ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`}>{t(`centre.${show}`)}</Link>
  );
  return (
    <div className="max-w-3xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{t('centre.title')}</h1>
        <div className="flex flex-wrap items-center gap-2">
          <Link href="/profile/notifications" className="btn-secondary" data-testid="notification-settings">{t('centre.preferences')}</Link>
          <Form action={markNotificationsReadAction} className="contents" showMessage={false} refreshOnSuccess>
            <input type="hidden" name="all" value="1" />
            <Submit variant="secondary" testId="mark-all-read">{t('centre.markAllRead')}</Submit>
          </Form>
        </div>
      </div>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <nav className="flex gap-1 text-sm" aria-label={t('centre.show')}>{tab('unread')}{tab('all')}</nav>
        <form method="get" className="flex items-end gap-2" aria-label={t('centre.filter')}>
          <input type="hidden" name="show" value={filter.show} />
          <label className="text-xs text-slate-600">{t('centre.kind')}
            <select name="kind" defaultValue={filter.kind ?? ''} className="input mt-1" data-testid="filter-kind">
              <option value="">{t('centre.anyKind')}</option>
              {notificationKinds.map((k) => <option key={k} value={k}>{t(`kinds.${k}`)}</option>)}
            </select>
          </label>
          <button type="submit" className="btn-secondary">{t('centre.filter')}</button>
        </form>
      </div>
      {page.items.length === 0 ? (
        <p className="card p-6 text-center text-sm text-slate-500" data-testid="notifications-empty">{filter.show === 'unread' ? t('centre.emptyUnread') : t('centre.empty')}</p>
      ) : (
        <ul className="card divide-y divide-slate-100" data-testid="notification-list">
          {page.items.map((n) => (
            <li key={n.id} className={`flex items-start gap-3 p-3 ${n.readAt ? '' : 'bg-brand-50/40'}`} data-testid="notification">
              <span aria-hidden className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${n.readAt ? 'bg-transparent' : 'bg-brand-600'}`} />
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                  {n.urgent ? <span className="badge bg-red-100 text-red-800">{t('centre.urgent')}</span> : null}
                  {!n.readAt ? <span className="sr-only">{t('centre.new')}</span> : null}
                  <span>{tAll(n.message.key, n.message.params)}</span>
                  <time dateTime={n.createdAt.toISOString()}>{format.dateTime(n.createdAt, { dateStyle: 'medium', timeStyle: 'short', timeZone: viewer?.timezone })}</time>
                </div>
                <Link href={n.link} className="mt-0.5 block break-words font-medium text-slate-900 hover:text-brand-700 hover:underline" data-testid="notification-link">{n.title}</Link>
              </div>
              {!n.readAt ? (
                <Form action={markNotificationsReadAction} className="shrink-0" showMessage={false} refreshOnSuccess>
                  <input type="hidden" name="ids" value={n.id} />
                  <Submit variant="secondary" className="px-2 py-1 text-xs" testId="mark-read">{t('centre.markRead')}</Submit>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <nav className="flex justify-between text-sm">
        {filter.before ? <Link href={href({ before: undefined })} className="btn-secondary">{t('centre.newest')}</Link> : <span />}
        {page.nextBefore ? <Link href={href({ before: String(page.nextBefore) })} className="btn-secondary" data-testid="older">{t('centre.older')}</Link> : null}
      </nav>
    </div>
  );
}
