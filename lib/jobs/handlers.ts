import 'server-only';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { env } from '@/lib/env';
import { purgeOutboxBodies } from '@/lib/mail/retention';
import { sendMail } from '@/lib/mail/send';
import type { JobData, JobName } from './names';
import { announcementJobHandlers, announcementSchedules } from '@/lib/announcements/job-handlers';
import { deliverNotificationMail } from '@/lib/notifications/deliver';
import { requestJobHandlers, requestSchedules } from '@/lib/requests/job-handlers';
import { mailReminderBatch, sendTaskReminders } from '@/lib/tasks/reminders';
import { taskSchedules } from '@/lib/tasks/job-names';
import { runDigests } from '@/lib/notifications/digest';
import { deliverImPosts } from '@/lib/im/posts';
import { notificationSchedules } from '@/lib/notifications/job-names';

export type JobContext = { db: Kysely<DB>; workerId: string };
export type JobHandler<N extends JobName> = (data: JobData<N>, ctx: JobContext) => Promise<void>;

/** Handlers by job name. Each must be idempotent: a retried job changes nothing twice. */
export const jobHandlers: { [N in JobName]: JobHandler<N> } = {
  'mail.send': async (data, { db }) => {
    await sendMail(db, data);
  },
  'system.heartbeat': async (_data, { db, workerId }) => {
    await recordHeartbeat(db, workerId);
  },
  'mail.outbox-retention': async (_data, { db }) => {
    const r = await purgeOutboxBodies(db, { days: env().PLAZA_OUTBOX_RETENTION_DAYS });
    if (r.purged || r.liveLinksRemoved) console.info(`[mail] outbox retention: ${r.purged} bodies emptied in ${r.batches} batches, ${r.liveLinksRemoved} expired sign-in links removed`);
  },
  ...announcementJobHandlers,
  'notifications.deliver': async (data, { db }) => void (await deliverNotificationMail(db, data)),
  ...requestJobHandlers,
  'tasks.reminders': async (_data, { db }) => void (await sendTaskReminders(db)),
  'tasks.reminder_mail': async (data, { db }) => void (await mailReminderBatch(db, data)),
  'notifications.digest': async (_data, { db }) => void (await runDigests(db, { pauseMs: env().PLAZA_DIGEST_PAUSE_MS })),
  'notifications.im': async (_data, { db }) => void (await deliverImPosts(db)),
};

export async function recordHeartbeat(db: Kysely<DB>, workerId: string): Promise<void> {
  await db
    .insertInto('worker_heartbeat')
    .values({ worker_id: workerId, seen_at: new Date() })
    .onConflict((oc) => oc.column('worker_id').doUpdateSet({ seen_at: new Date() }))
    .execute();
}

/** Recurring jobs (cron, in the server's time zone unless given). */
export const schedules: { name: JobName; cron: string; data?: object }[] = [
  ...announcementSchedules,
  ...notificationSchedules,
  ...requestSchedules,
  ...taskSchedules,
  { name: 'mail.outbox-retention', cron: '17 3 * * *' },
];
