import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { viewerAbilities } from '@/lib/authz/abilities';
import { guard } from '@/lib/http/page-guard';
import { listTasks } from '@/lib/tasks/queries';
import { priorities, taskTabs } from '@/lib/tasks/schema';
import { TaskCardView } from './_components/task-card';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('tasks'))('title') };
}

type Search = Record<string, string | undefined>;

/** My tasks / tasks I created / my units' tasks: by status tab, filtered, 50 a page. */
export default async function TasksPage({ searchParams }: { searchParams: Promise<Search> }) {
  const viewer = await getViewer();
  const sp = await searchParams;
  const r = await guard(listTasks(db(), viewer, sp));
  const t = await getTranslations('tasks');
  const areas = viewerAbilities(viewer);
  const f = r.filter;
  const query: Search = { scope: f.scope, tab: f.tab, tag: f.tag, priority: f.priority, owner: f.owner, dueFrom: f.dueFrom, dueTo: f.dueTo };
  const href = (patch: Search) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...query, ...patch })) if (v && !(k === 'scope' && v === 'mine') && !(k === 'tab' && v === 'open') && !(k === 'page' && v === '1')) q.set(k, v);
    const s = q.toString();
    return s ? `/tasks?${s}` : '/tasks';
  };
  const pill = (active: boolean) => `rounded-md px-3 py-1.5 ${active ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{t('title')}</h1>
        <div className="flex flex-wrap gap-2">
          <Link href="/tasks/board" className="btn-secondary" data-testid="board-link">{t('board')}</Link>
          {areas.employee ? <Link href="/tasks/figures" className="btn-secondary">{t('figures.title')}</Link> : null}
          {areas.employee ? <Link href="/tasks/new" className="btn-primary" data-testid="new-task">{t('newTask')}</Link> : null}
        </div>
      </div>
      {r.scopes.length > 1 ? (
        <nav className="flex flex-wrap gap-1 text-sm" aria-label={t('title')}>
          {r.scopes.map((s) => (
            <Link key={s} href={href({ scope: s, page: undefined, owner: undefined })} aria-current={r.scope === s ? 'page' : undefined} className={pill(r.scope === s)} data-testid={`scope-${s}`}>{t(`scopes.${s}`)}</Link>
          ))}
        </nav>
      ) : null}
      <nav className="flex flex-wrap gap-1 border-b border-slate-200 pb-2 text-sm" aria-label={t('filters.title')}>
        {taskTabs.map((tab) => (
          <Link key={tab} href={href({ tab, page: undefined })} aria-current={f.tab === tab ? 'page' : undefined} className={pill(f.tab === tab)} data-testid={`tab-${tab}`}>
            {t(`tabs.${tab}`)}{tab === 'overdue' && r.counts.overdue > 0 ? ` (${r.counts.overdue})` : ''}
          </Link>
        ))}
      </nav>
      <form method="get" className="card grid grid-cols-2 gap-3 p-3 sm:grid-cols-5" aria-label={t('filters.title')}>
        <input type="hidden" name="scope" value={r.scope} />
        <input type="hidden" name="tab" value={f.tab} />
        <label className="text-xs text-slate-600">{t('filters.tag')}
          <input name="tag" defaultValue={f.tag ?? ''} className="input mt-1" maxLength={30} />
        </label>
        <label className="text-xs text-slate-600">{t('filters.priority')}
          <select name="priority" defaultValue={f.priority ?? ''} className="input mt-1">
            <option value="">{t('filters.any')}</option>
            {priorities.map((p) => <option key={p} value={p}>{t(`priorities.${p}`)}</option>)}
          </select>
        </label>
        <label className="text-xs text-slate-600">{t('filters.dueFrom')}
          <input type="date" name="dueFrom" defaultValue={f.dueFrom ?? ''} className="input mt-1" />
        </label>
        <label className="text-xs text-slate-600">{t('filters.dueTo')}
          <input type="date" name="dueTo" defaultValue={f.dueTo ?? ''} className="input mt-1" />
        </label>
        <div className="col-span-2 flex items-end gap-2 sm:col-span-1">
          {f.owner ? <input type="hidden" name="owner" value={f.owner} /> : null}
          <button type="submit" className="btn-secondary">{t('filters.apply')}</button>
          <Link href={href({ tag: undefined, priority: undefined, owner: undefined, dueFrom: undefined, dueTo: undefined, page: undefined })} className="text-sm text-brand-600 hover:underline">{t('filters.clear')}</Link>
        </div>
      </form>
      <p className="text-sm text-slate-600" data-testid="task-counts">{t('counts', r.counts)}</p>
      {r.items.length === 0 ? <p className="text-sm text-slate-500">{t('empty')}</p> : (
        <ul className="grid gap-2 md:grid-cols-2" data-testid="task-list">
          {r.items.map((task) => <li key={task.id}><TaskCardView task={task} /></li>)}
        </ul>
      )}
      <div className="flex justify-between text-sm">
        {f.page > 1 ? <Link href={href({ page: String(f.page - 1) })} className="text-brand-600 hover:underline">← {t('previous')}</Link> : <span />}
        {r.hasMore ? <Link href={href({ page: String(f.page + 1) })} className="text-brand-600 hover:underline">{t('more')} →</Link> : null}
      </div>
    </div>
  );
}
