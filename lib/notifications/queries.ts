import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import type { MessageParams } from '@/lib/i18n/catalog';
import { isMessageKey } from '@/lib/i18n/keys';
import type { Msg } from '@/lib/i18n/catalog';

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

/** The viewer's own notifications, newest first, keyset-paged (`before` = the last id seen). */
export async function listNotifications(db: Kysely<DB>, viewer: Viewer | null, opts: { before?: number; unreadOnly?: boolean } = {}): Promise<{ items: NotificationItem[]; nextBefore: number | null }> {
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

/** The bell's number: one index-only count over the viewer's unread rows. */
export async function countUnread(db: Kysely<DB>, viewer: Viewer | null): Promise<number> {
  const v = requireViewer(viewer);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from notification where person_id = ${v.id} and read_at is null`.execute(db);
  return rows[0]?.n ?? 0;
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
