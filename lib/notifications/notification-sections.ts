import { sql } from 'kysely';
import { isMessageKey } from '@/lib/i18n/keys';
import type { MessageKey, MessageParams } from '@/lib/i18n/catalog';
import type { DigestSection, DigestSectionContent } from './digest-types';
import type { NotificationKind } from './kinds';
import { kindModeSql } from './role-defaults';
import { visibleNotificationSql } from './visibility';

/**
 * Digest sections made from people's own unread notifications, for the areas whose producers
 * already call notify() (lib/notifications/producer.ts) — so the knowledge base, meetings,
 * approvals and the partner portal reach the digest without writing SQL of their own:
 * an area lists its kinds in one of these groups (or adds its own DigestSection in
 * lib/<area>/digest.ts when it needs more than "what was addressed to you").
 *
 * Each entry is a notification that is unread, arrived since the previous period, is about an
 * item the person may still see (lib/notifications/visibility.ts — partners only ever got their
 * organisation's items from the producers) and whose kind the person has not set to "in Plaza
 * only". Set-based for the whole batch, over the unread partial index.
 */
function notificationSection(key: string, order: number, heading: MessageKey, kinds: readonly NotificationKind[], moreKind?: NotificationKind): DigestSection {
  return {
    key,
    order,
    heading,
    async loadBatch(db, people, { since, limit }) {
      const out = new Map<string, DigestSectionContent>();
      if (people.length === 0) return out;
      const { rows } = await sql<{ person_id: string; title: string; link: string; urgent: boolean; message_key: string; params: unknown; total: number }>`
        select person_id, title, link, urgent, message_key, params, total from (
          select n.person_id, e.title, e.link, e.urgent, e.message_key, e.params,
            count(*) over (partition by n.person_id)::int as total,
            row_number() over (partition by n.person_id order by e.urgent desc, n.id desc)::int as rn
          from notification n
          join notification_event e on e.id = n.event_id
          join person p on p.id = n.person_id
          where n.person_id = any(${people.map((p) => p.id)}::uuid[]) and n.read_at is null
            and n.created_at > ${since} and e.kind = any(${[...kinds]}::text[])
            and ${kindModeSql(sql`e.kind`)} <> 'in_app'
            and ${visibleNotificationSql()}
        ) x where rn <= ${limit} order by person_id, rn`.execute(db);
      for (const r of rows) {
        const c = out.get(r.person_id) ?? { entries: [], total: r.total, moreHref: moreKind ? `/notifications?kind=${moreKind}` : '/notifications' };
        out.set(r.person_id, c);
        c.entries.push({
          title: r.title,
          href: r.link.startsWith('/') && !r.link.startsWith('//') ? r.link : '/notifications',
          urgent: r.urgent,
          note: isMessageKey(r.message_key) ? { key: r.message_key, params: (r.params ?? {}) as MessageParams } : undefined,
        });
      }
      return out;
    },
  };
}

export const notificationDigestSections: DigestSection[] = [
  notificationSection('knowledge', 22, 'notifications.digest.sections.knowledge', ['kb.required_reading'], 'kb.required_reading'),
  notificationSection('meetings', 24, 'notifications.digest.sections.meetings', ['meetings.invited', 'meetings.updated', 'meetings.cancelled', 'meetings.minutes_published']),
  notificationSection('approvals', 35, 'notifications.digest.sections.approvals', ['announcement.approval_needed', 'tasks.extension'], 'announcement.approval_needed'),
  notificationSection('orgItems', 40, 'notifications.digest.sections.orgItems', [
    // Orders to confirm or review and delay notices have their own sections (lib/orders/digest.ts).
    'orders.reviewed', 'orders.answered', 'orders.shipped',
    'request.submitted', 'request.replied', 'request.customer_replied', 'request.assigned', 'request.sla_warning', 'request.sla_breach',
  ]),
];
