import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { enqueue } from '@/lib/jobs/queue';
import { deliverNotificationMail } from '@/lib/notifications/deliver';
import type { MailTransport } from '@/lib/mail/transport';

const BATCH = 1000;
type Kind = 'hour' | 'day' | 'overdue';
type Db = Kysely<DB> | Transaction<DB>;

/** Queues the mail of a batch of reminder events: one job per batch, not one per task. */
export type EnqueueReminderMail = (trx: Db, eventIds: number[]) => Promise<void>;

export const enqueueReminderMailJob: EnqueueReminderMail = async (trx, eventIds) => {
  if (eventIds.length === 0) return;
  await enqueue('tasks.reminder_mail', { eventIds }, { db: trx, singletonKey: `tasks.reminder_mail:${eventIds[0]}:${eventIds.length}` });
};

/**
 * The reminder sweep (job `tasks.reminders`, every five minutes): one hour before the due moment,
 * one day before, and once overdue, each sent once per task and due date, in-app and by mail.
 *
 * Set-based: per batch of up to 1,000 tasks ONE statement claims the tasks (sets the marker column,
 * `for update skip locked`, through the partial index of tasks still waiting for that reminder),
 * inserts their notification events (`insert … select`, dedupe key (task, due moment, kind)) and the
 * notifications of owner (and, when overdue, creator). The mail goes out through one
 * `tasks.reminder_mail` job per batch (lib/notifications' deliver, which mails each (event, person)
 * once). Marker, events and job commit together, so a retried or doubled sweep adds nothing.
 * Approving a new due date clears the markers (lib/tasks/mutations.ts).
 */
export async function sendTaskReminders(db: Kysely<DB>, opts: { now?: Date; enqueueMail?: EnqueueReminderMail } = {}): Promise<Record<Kind, number>> {
  const now = opts.now ?? new Date();
  const enqueueMail = opts.enqueueMail ?? enqueueReminderMailJob;
  const counts: Record<Kind, number> = { hour: 0, day: 0, overdue: 0 };
  // Overdue, then hour, then day: a task created less than a day ahead gets one reminder, not two at once.
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
        const notificationKind = kind === 'overdue' ? 'tasks.overdue' : 'tasks.due_soon';
        const messageKey = kind === 'overdue' ? 'tasks.notifications.overdue' : 'tasks.notifications.dueSoon';
        const { rows } = await sql<{ claimed: number; event_ids: string[] | null }>`
          with claimed as (
            update task t set ${set}
            where t.id in (select id from task where status <> 'done' and due_at is not null and ${cond} order by due_at limit ${BATCH} for update skip locked)
            returning t.id, t.title, t.owner_id, t.creator_id, t.due_at, to_char(t.due_on, 'YYYY-MM-DD') as due_on
          ),
          ev as (
            insert into notification_event (kind, item_type, item_id, title, message_key, params, link, urgent, mail_template, mail_props, dedupe_key)
            select ${notificationKind}, 'task', c.id::text, left(c.title, 500), ${messageKey},
              jsonb_build_object('title', c.title, 'when', coalesce(c.due_on, '')), '/tasks/' || c.id, false,
              'task-reminder', jsonb_build_object('taskId', c.id, 'title', c.title, 'dueOn', c.due_on, 'kind', ${kind}::text),
              'task.reminder:' || c.id || ':' || to_char(c.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || ':' || ${kind}::text
            from claimed c
            on conflict (dedupe_key) do nothing
            returning id, item_id
          ),
          n as (
            insert into notification (event_id, person_id)
            select ev.id, p.id
            from ev
            join claimed c on c.id::text = ev.item_id
            cross join lateral (values (c.owner_id), (case when ${kind}::text = 'overdue' and c.creator_id <> c.owner_id then c.creator_id end)) r(person_id)
            join person p on p.id = r.person_id
            left join partner_org o on o.id = p.partner_org_id
            where p.status = 'active' and (p.partner_org_id is null or o.status = 'active')
            on conflict (event_id, person_id) do nothing
            returning event_id
          )
          select (select count(*) from claimed)::int as claimed,
            (select array_agg(distinct event_id::text) from n) as event_ids`.execute(trx);
        const r = rows[0];
        const ids = (r.event_ids ?? []).map(Number).sort((a, b) => a - b);
        if (ids.length > 0) await enqueueMail(trx, ids);
        return r.claimed;
      });
      counts[kind] += n;
      if (n < BATCH) break;
    }
  }
  return counts;
}

/** The `tasks.reminder_mail` job: mails a batch of reminder events (each (event, person) once). */
export async function mailReminderBatch(db: Kysely<DB>, data: { eventIds: number[] }, transport?: MailTransport): Promise<number> {
  let sent = 0;
  for (const eventId of data.eventIds) sent += await deliverNotificationMail(db, { eventId }, transport);
  return sent;
}
