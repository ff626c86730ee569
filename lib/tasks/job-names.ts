/** Jobs of tasks (registered in lib/jobs/names.ts and handlers.ts). */
export type TaskJobPayloads = {
  /** Every five minutes: reminders one day and one hour before due, and the overdue notice (each once). */
  'tasks.reminders': Record<string, never>;
  /** The mail of one batch of reminders (queued by the sweep in the same transaction). */
  'tasks.reminder_mail': { eventIds: number[] };
};

export const taskJobNames = ['tasks.reminders', 'tasks.reminder_mail'] as const;
export const taskSchedules = [{ name: 'tasks.reminders' as const, cron: '*/5 * * * *' }];
