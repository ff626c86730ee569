/** Jobs of announcements and emergency plans (registered in lib/jobs/names.ts and handlers.ts). */
export type DeliveryPurpose = 'publish' | 'remind' | 'reack' | 'escalate' | 'renotify';

export type AnnouncementJobPayloads = {
  /** Mails the item to the recipients that `purpose` selects; `tag` makes each mail's key unique per round. */
  'announcements.deliver': { announcementId: string; purpose: DeliveryPurpose; tag: string };
  /** Escalation, second step: each responsible head gets the list of their people still outstanding. */
  'announcements.notify-heads': { announcementId: string; tag: string };
  /** Approval mails: a request to the approvers, a decision to the author. */
  'announcements.approval-mail': { approvalId: string; what: 'request' | 'decided' };
  /** Every minute: publishes due scheduled items, escalates missed reach targets, re-notifies emergencies. */
  'announcements.sweep': Record<string, never>;
};

export const announcementJobNames = ['announcements.deliver', 'announcements.notify-heads', 'announcements.approval-mail', 'announcements.sweep'] as const;
