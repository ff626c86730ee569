import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { TodoGroup } from '@/lib/workbench/types';

/** "My to-dos": one list across areas, each group with its count and a link to all of it. */
export async function Workbench({ groups }: { groups: TodoGroup[] }) {
  const t = await getTranslations();
  const format = await getFormatter();
  return (
    <section className="card" aria-labelledby="todos-title" data-testid="workbench">
      <h2 id="todos-title" className="border-b border-slate-100 px-4 py-3 font-semibold">{t('home.todos.title')}</h2>
      {groups.length === 0 ? (
        <p className="px-4 py-5 text-sm text-slate-500" data-testid="workbench-empty">{t('home.todos.none')}</p>
      ) : (
        <div className="divide-y divide-slate-100">
          {groups.map((g) => (
            <div key={g.key} className="px-4 py-3" data-testid="todo-group" data-key={g.key}>
              <div className="flex items-baseline justify-between gap-3">
                <h3 className="text-sm font-medium text-slate-700">
                  {t(g.label)} <span className="ml-1 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-700" data-testid="todo-count">{g.count}</span>
                </h3>
                {g.count > g.items.length ? (
                  <Link href={g.href} className="shrink-0 text-xs text-brand-700 hover:underline">{t('home.todos.viewAll', { count: g.count })}</Link>
                ) : null}
              </div>
              <ul className="mt-1.5 space-y-1">
                {g.items.map((i) => (
                  <li key={i.id} className="text-sm">
                    <Link href={i.href} className="break-words text-slate-900 hover:text-brand-700" data-testid="todo-item">
                      {i.urgent ? <span className="mr-1 rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">{t('home.todos.urgent')}</span> : null}
                      {i.title}
                    </Link>
                    {i.due ? <span className="ml-2 text-xs text-slate-500">{t('home.todos.due', { due: format.dateTime(i.due, { dateStyle: 'medium', timeStyle: 'short' }) })}</span> : null}
                    {i.note ? <div className="text-xs text-slate-600">{'text' in i.note ? i.note.text : t(i.note.key, i.note.params)}</div> : null}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
