import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { enqueueAnnouncementPosts } from '@/lib/im/posts';
import { notify, type EnqueueDeliver } from './producer';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Announcements as a notification source: one function per event, each called once from the
 * announcement (or emergency) change inside its transaction. No mail here: the announcement
 * area mails its own items (lib/announcements/jobs.ts), with each person's preferences applied.
 */

/** Published (now, when a scheduled item falls due, or on approval), or an emergency triggered. */
export async function notifyAnnouncementPublished(trx: Db, announcementId: string, opts: { emergencyPlan?: string; enqueueDeliver?: EnqueueDeliver } = {}) {
  const a = await trx.selectFrom('announcement').select(['id', 'title', 'urgency', 'ack_required', 'author_id']).where('id', '=', announcementId).executeTakeFirstOrThrow();
  const kind = opts.emergencyPlan !== undefined ? 'emergency.triggered' : a.ack_required ? 'announcement.ack_requested' : 'announcement.published';
  // Urgent items and emergencies also go to the addressed units' IM group robots (lib/im/posts.ts).
  await enqueueAnnouncementPosts(trx, a.id, { emergencyPlan: opts.emergencyPlan });
  return notify(trx, {
    kind,
    recipients: { sql: sql<{ person_id: string }>`select r.person_id from announcement_recipient r where r.announcement_id = ${a.id}::uuid and r.person_id <> ${a.author_id}::uuid` },
    item: { type: 'announcement', id: a.id, title: a.title },
    link: `/announcements/${a.id}`,
    message: opts.emergencyPlan !== undefined
      ? { key: 'notifications.messages.emergency', params: { plan: opts.emergencyPlan } }
      : { key: a.ack_required ? 'notifications.messages.ackRequested' : 'notifications.messages.published' },
    actorId: a.author_id,
    urgent: opts.emergencyPlan !== undefined || a.urgency === 'urgent',
    dedupeKey: `announcement.published:${a.id}`,
  }, opts.enqueueDeliver);
}

/** A submission waits for approval: the heads of the approving unit, or the communications officers. */
export async function notifyApprovalNeeded(trx: Db, approvalId: string, opts: { enqueueDeliver?: EnqueueDeliver } = {}) {
  const ap = await trx.selectFrom('announcement_approval as ap').innerJoin('person as au', 'au.id', 'ap.author_id')
    .select(['ap.id', 'ap.announcement_id', 'ap.subject', 'ap.urgency', 'ap.approver_unit_id', 'ap.author_id', 'au.name as author_name'])
    .where('ap.id', '=', approvalId).executeTakeFirstOrThrow();
  const approvers = ap.approver_unit_id
    ? sql<{ person_id: string }>`select uh.person_id from unit_head uh where uh.unit_id = ${ap.approver_unit_id}::uuid and uh.person_id <> ${ap.author_id}::uuid`
    : sql<{ person_id: string }>`select pr.person_id from person_role pr where pr.role = 'comms_officer' and pr.person_id <> ${ap.author_id}::uuid`;
  return notify(trx, {
    kind: 'announcement.approval_needed',
    recipients: { sql: approvers },
    item: { type: 'announcement', id: ap.announcement_id, title: ap.subject },
    link: '/announcements/approvals',
    message: { key: 'notifications.messages.approvalNeeded', params: { author: ap.author_name } },
    actorId: ap.author_id,
    urgent: false,
    dedupeKey: `announcement.approval_needed:${ap.id}`,
  }, opts.enqueueDeliver);
}

/** The author learns the decision. */
export async function notifyApprovalDecided(trx: Db, approvalId: string, opts: { enqueueDeliver?: EnqueueDeliver } = {}) {
  const ap = await trx.selectFrom('announcement_approval').select(['id', 'announcement_id', 'subject', 'status', 'author_id', 'approver_id']).where('id', '=', approvalId).executeTakeFirstOrThrow();
  if (ap.status !== 'approved' && ap.status !== 'rejected') return null;
  return notify(trx, {
    kind: 'announcement.approval_decided',
    recipients: { personIds: [ap.author_id] },
    item: { type: 'announcement', id: ap.announcement_id, title: ap.subject },
    link: `/announcements/${ap.announcement_id}`,
    message: { key: ap.status === 'approved' ? 'notifications.messages.approved' : 'notifications.messages.rejected' },
    actorId: ap.approver_id,
    dedupeKey: `announcement.approval_decided:${ap.id}`,
  }, opts.enqueueDeliver);
}
