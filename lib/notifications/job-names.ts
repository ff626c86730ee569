/** Jobs of notifications (registered in lib/jobs/names.ts and handlers.ts). */
export type NotificationJobPayloads = {
  /** Mails one event to its people who should get mail now, once each. */
  'notifications.deliver': { eventId: number };
};

export const notificationJobNames = ['notifications.deliver'] as const;
