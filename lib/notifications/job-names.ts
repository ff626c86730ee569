/** Jobs of notifications (registered in lib/jobs/names.ts and handlers.ts). */
export type NotificationJobPayloads = {
  /** Mails one event to its people who should get mail now, once each. */
  'notifications.deliver': { eventId: number };
  /** Builds and sends the e-mail digests that are due (every 15 minutes; exactly once per person and period). */
  'notifications.digest': Record<string, never>;
  /** Sends the IM group-robot posts that are due, within each provider's rate limit (every minute). */
  'notifications.im': Record<string, never>;
};

export const notificationJobNames = ['notifications.deliver', 'notifications.digest', 'notifications.im'] as const;

/** Recurring notification jobs (spread into lib/jobs/handlers.ts schedules). */
export const notificationSchedules = [{ name: 'notifications.digest' as const, cron: '*/15 * * * *' }, { name: 'notifications.im' as const, cron: '* * * * *' }];
