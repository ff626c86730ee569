/** Jobs of tasks (registered in lib/jobs/names.ts and handlers.ts). */
export type TaskJobPayloads = {
  /** Every five minutes: reminders one day and one hour before due, and the overdue notice (each once). */
  'tasks.reminders': Record<string, never>;
};

export const taskJobNames = ['tasks.reminders'] as const;
export const taskSchedules = [{ name: 'tasks.reminders' as const, cron: '*/5 * * * *' }];
