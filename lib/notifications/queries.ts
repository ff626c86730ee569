import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import type { MessageParams } from '@/lib/i18n/catalog';
import { isMessageKey } from '@/lib/i18n/keys';
import type { Msg } from '@/lib/i18n/catalog';
import { z } from 'zod';
import { parseInput } from '@/lib/forms/parse';
import { list } from '@/lib/forms/schema';
import { notificationKinds, type NotificationKind } from './kinds';
import { visibleNotificationSql } from './visibility';

export type NotificationItem = {
  id: number;
  kind: string;
  title: string;
  message: Msg;
  link: string;
  urgent: boolean;
  createdAt: Date;
  readAt: Date | null;
};

const PAGE = 30;

/**
 * The viewer's own notifications, newest first, keyset-paged (`before` = the last id seen),
 * optionally unread only and of one kind. Notifications whose item the viewer can no longer see
 * are left out (lib/notifications/visibility.ts).
 */
export async function listNotifications(db: Kysely<DB>, viewer: Viewer | null, opts: { before?: number; unreadOnly?: boolean; kind?: NotificationKind } = {}): Promise<{ items: NotificationItem[]; nextBefore: number | null }> {
  const v = requireViewer(viewer);
  let q = db
    .selectFrom('notification as n')
    .innerJoin('notification_event as e', 'e.id', 'n.event_id')
    .select(['n.id', 'e.kind', 'e.title', 'e.message_key', 'e.params', 'e.link', 'e.urgent', 'n.created_at', 'n.read_at'])
    .where('n.person_id', '=', v.id)
    .orderBy('n.id', 'desc')
    .limit(PAGE + 1);
  if (opts.before) q = q.where('n.id', '<', opts.before);
  if (opts.unreadOnly) q = q.where('n.read_at', 'is', null);
  if (opts.kind) q = q.where('e.kind', '=', opts.kind);
  q = q.where(visibleNotificationSql());
  const rows = await q.execute();
  const items = rows.slice(0, PAGE).map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    title: r.title,
    message: { key: isMessageKey(r.message_key) ? r.message_key : 'errors.generic.title', params: (r.params ?? {}) as MessageParams },
    link: r.link,
    urgent: r.urgent,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
  return { items, nextBefore: rows.length > PAGE ? items[items.length - 1].id : null };
}

/** Above this the bell shows "99+": the count stops early, however many there are. */
export const UNREAD_CAP = 100;

/** The bell's number: the viewer's unread rows (partial index), visible items only, counted up to UNREAD_CAP. */
export async function countUnread(db: Kysely<DB>, viewer: Viewer | null): Promise<number> {
  const v = requireViewer(viewer);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (
    select 1 from notification n join notification_event e on e.id = n.event_id
    where n.person_id = ${v.id} and n.read_at is null and ${visibleNotificationSql()}
    limit ${UNREAD_CAP}) x`.execute(db);
  return rows[0]?.n ?? 0;
}

export const centreFilterSchema = z.object({
  show: z.enum(['unread', 'all']).catch('unread'),
  kind: z.enum(notificationKinds).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

/** The centre's page from its search params (bad values fall back to the defaults). */
export async function listNotificationsPage(db: Kysely<DB>, viewer: Viewer | null, params: Record<string, string | string[] | undefined>) {
  const one = (x: string | string[] | undefined) => (Array.isArray(x) ? x[0] : x) || undefined;
  const f = centreFilterSchema.parse({ show: one(params.show), kind: one(params.kind), before: one(params.before) });
  const page = await listNotifications(db, viewer, { before: f.before, unreadOnly: f.show === 'unread', kind: f.kind });
  return { ...page, filter: f };
}

export const markReadSchema = z.object({
  ids: list(z.coerce.number({ error: 'errors.validation.invalid' }).int({ error: 'errors.validation.invalid' }).positive({ error: 'errors.validation.invalid' })),
  all: z.string().optional(),
});

/** The centre's forms: mark the given notifications read, or all of them (`all`). */
export async function markReadFromForm(db: Kysely<DB>, viewer: Viewer | null, raw: unknown): Promise<number> {
  const v = requireViewer(viewer);
  const f = parseInput(markReadSchema, raw);
  return markNotificationsRead(db, v, f.all ? 'all' : f.ids.slice(0, 200));
}

/** Marks the viewer's own notifications read: some, or all. Nobody else's rows can be touched. */
export async function markNotificationsRead(db: Kysely<DB>, viewer: Viewer | null, ids: number[] | 'all'): Promise<number> {
  const v = requireViewer(viewer);
  let q = db.updateTable('notification').set({ read_at: new Date() }).where('person_id', '=', v.id).where('read_at', 'is', null);
  if (ids !== 'all') {
    if (ids.length === 0) return 0;
    q = q.where('id', 'in', ids);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}
