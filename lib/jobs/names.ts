import type { MailName, MailProps } from '@/lib/mail/registry';
import { announcementJobNames, type AnnouncementJobPayloads } from '@/lib/announcements/job-names';
import { notificationJobNames, type NotificationJobPayloads } from '@/lib/notifications/job-names';
import { requestJobNames, type RequestJobPayloads } from '@/lib/requests/job-names';
import { taskJobNames, type TaskJobPayloads } from '@/lib/tasks/job-names';

/**
 * Every job Plaza runs, with its payload. Add a job: its name and payload here, its handler in
 * lib/jobs/handlers.ts.
 */
export type MailJob = {
  [N in MailName]: { to: { email: string; personId?: string | null; locale?: string | null }; template: N; props: MailProps<N>; idempotencyKey: string };
}[MailName];

export type JobPayloads = {
  'mail.send': MailJob;
  'system.heartbeat': Record<string, never>;
  /** Daily: outbox bodies older than PLAZA_OUTBOX_RETENTION_DAYS emptied (lib/mail/retention.ts). */
  'mail.outbox-retention': Record<string, never>;
} & AnnouncementJobPayloads &
  NotificationJobPayloads &
  RequestJobPayloads &
  TaskJobPayloads;

export type JobName = keyof JobPayloads;
export type JobData<N extends JobName> = JobPayloads[N];

export const jobNames: JobName[] = ['mail.send', 'system.heartbeat', 'mail.outbox-retention', ...announcementJobNames, ...notificationJobNames, ...requestJobNames, ...taskJobNames];
