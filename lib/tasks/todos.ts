import 'server-only';
import { sql } from 'kysely';
import type { TodoSource } from '@/lib/workbench/types';

const DUE_SOON_MS = 3 * 86400_000;

/** The workbench: my open tasks that are overdue (owned, by the owner index). */
export const overdueTasksSource: TodoSource = {
  key: 'tasks-overdue',
  order: 40,
  load: async (db, v, { limit, now }) => {
    const { rows } = await sql<{ id: string; title: string; due_at: Date; total: number }>`
      select t.id, t.title, t.due_at, count(*) over ()::int as total from task t
      where t.owner_id = ${v.id} and t.status <> 'done' and t.due_at <= ${now}
      order by t.due_at limit ${limit}`.execute(db);
    if (rows.length === 0) return null;
    return {
      key: 'tasks-overdue', label: 'tasks.todos.overdue', count: rows[0].total, href: '/tasks?tab=overdue',
      items: rows.map((r) => ({ id: r.id, title: r.title, href: `/tasks/${r.id}`, due: r.due_at, urgent: true })),
    };
  },
};

/** The workbench: my open tasks due in the next three days. */
export const dueSoonTasksSource: TodoSource = {
  key: 'tasks-due-soon',
  order: 41,
  load: async (db, v, { limit, now }) => {
    const { rows } = await sql<{ id: string; title: string; due_at: Date; total: number }>`
      select t.id, t.title, t.due_at, count(*) over ()::int as total from task t
      where t.owner_id = ${v.id} and t.status <> 'done' and t.due_at > ${now} and t.due_at <= ${new Date(now.getTime() + DUE_SOON_MS)}
      order by t.due_at limit ${limit}`.execute(db);
    if (rows.length === 0) return null;
    return {
      key: 'tasks-due-soon', label: 'tasks.todos.dueSoon', count: rows[0].total, href: '/tasks',
      items: rows.map((r) => ({ id: r.id, title: r.title, href: `/tasks/${r.id}`, due: r.due_at })),
    };
  },
};
