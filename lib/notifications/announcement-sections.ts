import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import type { DigestSection, DigestSectionContent } from './digest-types';

/**
 * The announcement sections of the digest: items addressed to the person (a receipt row — so
 * partners only ever see what was sent to their organisation or to them), published since the
 * previous digest, still live, and not yet read in the app. Must-read (acknowledgement required)
 * comes first. One query per batch of people, on the unread partial index.
 */
function section(key: string, order: number, heading: DigestSection['heading'], mustRead: boolean, moreHref: string): DigestSection {
  return {
    key,
    order,
    heading,
    async loadBatch(db: Kysely<DB>, people: readonly Viewer[], { since, now, limit }) {
      const out = new Map<string, DigestSectionContent>();
      if (people.length === 0) return out;
      const { rows } = await sql<{ person_id: string; id: string; title: string; urgency: string; published_at: Date; total: number; rn: number }>`
        select * from (
          select r.person_id, a.id, a.title, a.urgency, a.published_at,
            count(*) over (partition by r.person_id)::int as total,
            row_number() over (partition by r.person_id order by a.urgency = 'urgent' desc, a.published_at desc, a.id)::int as rn
          from announcement_recipient r
          join announcement a on a.id = r.announcement_id
          where r.person_id = any(${people.map((p) => p.id)}::uuid[]) and r.read_at is null
            and a.status = 'published' and a.published_at > ${since} and a.published_at <= ${now}
            and (a.expires_at is null or a.expires_at > ${now})
            and ${mustRead ? sql`a.ack_required and (r.acked_version is null or r.acked_version < a.version)` : sql`not a.ack_required`}
        ) x where rn <= ${limit} order by person_id, rn`.execute(db);
      for (const r of rows) {
        let c = out.get(r.person_id);
        if (!c) out.set(r.person_id, (c = { entries: [], total: r.total, moreHref }));
        c.entries.push({
          title: r.title,
          href: `/announcements/${r.id}`,
          at: r.published_at,
          urgent: r.urgency === 'urgent',
          note: mustRead ? { key: 'notifications.digest.notes.ackBy' } : r.urgency === 'urgent' ? { key: 'notifications.digest.notes.urgent' } : undefined,
        });
      }
      return out;
    },
  };
}

export const announcementDigestSections: DigestSection[] = [
  section('announcements.mustRead', 10, 'notifications.digest.sections.mustRead', true, '/announcements?read=unread'),
  section('announcements.unread', 20, 'notifications.digest.sections.unread', false, '/announcements?read=unread'),
];
