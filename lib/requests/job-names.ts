/** Jobs of customer requests (registered in lib/jobs/names.ts and handlers.ts). */
export type RequestJobPayloads = {
  /** Every minute: SLA warnings at 80 % and breach alerts, each once. */
  'requests.sla-scan': Record<string, never>;
  /** Every minute: when the calendar or a policy changed, recompute the due times of open requests (once per change). */
  'requests.recompute-due': Record<string, never>;
};

export const requestJobNames = ['requests.sla-scan', 'requests.recompute-due'] as const;
