import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { notify, type EnqueueDeliver } from '@/lib/notifications/producer';

const BATCH = 500;
type Kind = 'hour' | 'day' | 'overdue';

/**
 * The reminder sweep (job `tasks.reminders`, every five minutes): one hour before the due moment,
 * one day before, and once overdue, each sent once per task and due date. Each pass claims its rows
 * by setting the task's marker column in the same statement (`update … returning`, skip locked),
 * reads only the partial index of tasks still waiting for that reminder, and the notification's
 * dedupe key (task, due moment, kind) makes a retried job add nothing. Approving a new due date
 * clears the markers (lib/tasks/mutations.ts decideExtension).
 */
export async function sendTaskReminders(db: Kysely<DB>, opts: { now?: Date; enqueueDeliver?: EnqueueDeliver } = {}): Promise<Record<Kind, number>> {
  const now = opts.now ?? new Date();
  const counts: Record<Kind, number> = { hour: 0, day: 0, overdue: 0 };
  // Hour first: a task created less than a day ahead then gets one reminder, not two at once.
  for (const kind of ['overdue', 'hour', 'day'] as const) {
    for (;;) {
      const n = await db.transaction().execute(async (trx) => {
        const cond =
          kind === 'overdue' ? sql`overdue_notified_at is null and due_at <= ${now}`
          : kind === 'hour' ? sql`reminded_hour_at is null and due_at > ${now} and due_at <= ${new Date(now.getTime() + 3600_000)}`
          : sql`reminded_day_at is null and due_at > ${now} and due_at <= ${new Date(now.getTime() + 86400_000)}`;
        const set =
          kind === 'overdue' ? sql`overdue_notified_at = ${now}, reminded_hour_at = coalesce(reminded_hour_at, ${now}), reminded_day_at = coalesce(reminded_day_at, ${now})`
          : kind === 'hour' ? sql`reminded_hour_at = ${now}, reminded_day_at = coalesce(reminded_day_at, ${now})`
          : sql`reminded_day_at = ${now}`;
        const { rows } = await sql<{ id: string; title: string; owner_id: string; creator_id: string; due_at: Date; due_on: string }>`
          update task t set ${set}
          where t.id in (select id from task where status <> 'done' and due_at is not null and ${cond} order by due_at limit ${BATCH} for update skip locked)
          returning t.id, t.title, t.owner_id, t.creator_id, t.due_at, to_char(t.due_on, 'YYYY-MM-DD') as due_on`.execute(trx);
        for (const r of rows) {
          await notify(trx, {
            kind: kind === 'overdue' ? 'tasks.overdue' : 'tasks.due_soon',
            recipients: { personIds: kind === 'overdue' && r.creator_id !== r.owner_id ? [r.owner_id, r.creator_id] : [r.owner_id] },
            item: { type: 'task', id: r.id, title: r.title },
            link: `/tasks/${r.id}`,
            message: kind === 'overdue' ? { key: 'tasks.notifications.overdue', params: { title: r.title } } : { key: 'tasks.notifications.dueSoon', params: { title: r.title, when: r.due_on } },
            dedupeKey: `task.reminder:${r.id}:${r.due_at.toISOString()}:${kind}`,
          }, opts.enqueueDeliver);
        }
        return rows.length;
      });
      counts[kind] += n;
      if (n < BATCH) break;
    }
  }
  return counts;
}
