import 'server-only';
import { sql } from 'kysely';
import { asDate, defineTodoSource } from '@/lib/workbench/source';
import type { TodoSource } from '@/lib/workbench/types';

const DUE_SOON_MS = 3 * 86400_000;

type TaskRow = { id: string; title: string; due_at: Date; total: number };

/** The workbench: my open tasks that are overdue (owned, by the owner index). */
export const overdueTasksSource: TodoSource = defineTodoSource<TaskRow>({
  key: 'tasks-overdue',
  order: 40,
  query: (_db, v, { limit, now }) =>
    sql`
      select t.id, t.title, t.due_at, count(*) over ()::int as total from task t
      where t.owner_id = ${v.id} and t.status <> 'done' and t.due_at <= ${now}
      order by t.due_at limit ${limit}`,
  group: (rows) => {
    if (rows.length === 0) return null;
    return {
      key: 'tasks-overdue', label: 'tasks.todos.overdue', count: rows[0].total, href: '/tasks?tab=overdue',
      items: rows.map((r) => ({ id: r.id, title: r.title, href: `/tasks/${r.id}`, due: asDate(r.due_at), urgent: true })),
    };
  },
});

/** The workbench: my open tasks due in the next three days. */
export const dueSoonTasksSource: TodoSource = defineTodoSource<TaskRow>({
  key: 'tasks-due-soon',
  order: 41,
  query: (_db, v, { limit, now }) =>
    sql`
      select t.id, t.title, t.due_at, count(*) over ()::int as total from task t
      where t.owner_id = ${v.id} and t.status <> 'done' and t.due_at > ${now} and t.due_at <= ${new Date(now.getTime() + DUE_SOON_MS)}
      order by t.due_at limit ${limit}`,
  group: (rows) => {
    if (rows.length === 0) return null;
    return {
      key: 'tasks-due-soon', label: 'tasks.todos.dueSoon', count: rows[0].total, href: '/tasks',
      items: rows.map((r) => ({ id: r.id, title: r.title, href: `/tasks/${r.id}`, due: asDate(r.due_at) })),
    };
  },
});
