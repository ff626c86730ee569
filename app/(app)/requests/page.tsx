import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listQueue } from '@/lib/requests/queries';
import { requestStatuses } from '@/lib/requests/schema';
import { Badge, Pager, priorityTone, statusTone } from './_components/bits';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('requests'))('title') };
}

/** The handling units' queues: the viewer's unit and the trees they head, what is assigned to them, or (admins) all. */
export default async function RequestQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const viewer = await getViewer();
  const q = await guard(listQueue(db(), viewer, sp));
  const t = await getTranslations('requests');
  const format = await getFormatter();
  const en = (await getLocale()) === 'en';
  const now = new Date();
  const scopes = (['queue', 'mine', ...(q.canSeeAll ? ['all' as const] : [])] as const);
  const tab = (s: string) => `/requests?scope=${s}${q.status ? `&status=${q.status}` : ''}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{t('title')}</h1>
        <div className="flex gap-4 text-sm">
          <Link href="/requests/figures" className="text-brand-600 hover:underline">{t('figures.title')}</Link>
          <Link href="/requests/saved-replies" className="text-brand-600 hover:underline" data-testid="saved-replies-link">{t('savedReplies.title')}</Link>
          {q.canSeeAll ? <Link href="/admin/requests" className="text-brand-600 hover:underline">{t('admin.routing')}</Link> : null}
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <nav className="flex flex-wrap gap-2" aria-label={t('list.filter')}>
        {scopes.map((s) => (
          <Link key={s} href={tab(s)} aria-current={q.scope === s ? 'page' : undefined} data-testid={`scope-${s}`}
            className={`rounded-full px-3 py-1 text-sm ${q.scope === s ? 'bg-brand-600 text-white' : 'bg-slate-100 text-slate-700 hover:bg-slate-200'}`}>
            {t(`list.scopes.${s}`)}
          </Link>
        ))}
        </nav>
        <form method="get" className="ml-auto flex items-center gap-2">
          <input type="hidden" name="scope" value={q.scope} />
          <label htmlFor="status-filter" className="sr-only">{t('list.status')}</label>
          <select id="status-filter" name="status" defaultValue={q.status ?? ''} className="input py-1">
            <option value="">{t('list.allStatuses')}</option>
            {requestStatuses.map((s) => <option key={s} value={s}>{t(`statuses.${s}`)}</option>)}
          </select>
          <button type="submit" className="btn-secondary py-1">{t('list.filter')}</button>
        </form>
      </div>
      {q.items.length === 0 ? (
        <p className="card p-6 text-center text-slate-600" data-testid="queue-empty">{t('list.empty')}</p>
      ) : (
        <div className="card overflow-x-auto">
          <table className="table table-stack" data-testid="queue">
            <thead>
              <tr><th>{t('list.number')}</th><th>{t('list.subject')}</th><th>{t('list.org')}</th><th>{t('list.status')}</th><th>{t('list.priority')}</th><th>{t('list.unit')}</th><th>{t('list.assignee')}</th><th>{t('list.due')}</th></tr>
            </thead>
            <tbody>
              {q.items.map((r) => {
                const due = r.firstResponseAt ? r.resolveDueAt : r.firstDueAt;
                const late = !!due && due < now && (r.status === 'new' || r.status === 'open');
                return (
                  <tr key={r.id} data-testid="queue-row">
                    <td data-label={t('list.number')} className="whitespace-nowrap text-slate-500">#{r.number}</td>
                    <td data-label={t('list.subject')} className="min-w-48"><Link href={`/requests/${r.id}`} className="font-medium text-brand-700 hover:underline">{r.subject}</Link><div className="text-xs text-slate-500">{t(`types.${r.type}`)}</div></td>
                    <td data-label={t('list.org')}>{(en && r.orgNameEn) || r.orgName}</td>
                    <td data-label={t('list.status')}><Badge tone={statusTone[r.status]}>{t(`statuses.${r.status}`)}</Badge></td>
                    <td data-label={t('list.priority')}><Badge tone={priorityTone[r.priority]}>{t(`priorities.${r.priority}`)}</Badge></td>
                    <td data-label={t('list.unit')}>{(en && r.unitNameEn) || r.unitName}</td>
                    <td data-label={t('list.assignee')}>{(en && r.assigneeNameEn) || r.assigneeName || <span className="text-slate-500">{t('detail.unassigned')}</span>}</td>
                    <td data-label={t('list.due')} className="whitespace-nowrap">
                      {r.status === 'waiting' ? <span className="text-slate-500">{t('list.paused')}</span>
                        : due && r.status !== 'resolved' && r.status !== 'closed' ? <span className={late ? 'font-medium text-red-700' : ''}>{format.dateTime(due, { dateStyle: 'short', timeStyle: 'short' })}{late ? ` · ${t('list.breached')}` : ''}</span> : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager base="/requests" params={{ scope: q.scope, status: q.status }} page={q.page} hasMore={q.hasMore} labels={{ prev: t('list.prev'), next: t('list.next'), page: t('list.page', { page: q.page }) }} />
    </div>
  );
}
