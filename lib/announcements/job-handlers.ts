import 'server-only';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import type { AnnouncementJobPayloads } from './job-names';
import { deliverAnnouncement, notifyHeads, sendApprovalMail, sweep } from './jobs';

type Ctx = { db: Kysely<DB> };
/** Announcement handlers for lib/jobs/handlers.ts (spread into jobHandlers). */
export const announcementJobHandlers: { [N in keyof AnnouncementJobPayloads]: (data: AnnouncementJobPayloads[N], ctx: Ctx) => Promise<void> } = {
  'announcements.deliver': async (data, { db }) => void (await deliverAnnouncement(db, data)),
  'announcements.notify-heads': async (data, { db }) => void (await notifyHeads(db, data)),
  'announcements.approval-mail': async (data, { db }) => sendApprovalMail(db, data),
  'announcements.sweep': async (_data, { db }) => void (await sweep(db)),
};

/** Every minute: scheduled publishing, escalation, emergency re-notification. */
export const announcementSchedules = [{ name: 'announcements.sweep' as const, cron: '* * * * *' }];
