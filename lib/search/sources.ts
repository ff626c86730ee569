import 'server-only';
import { sql } from 'kysely';
import { canPublishAnywhere } from '@/lib/announcements/policies';
import { isAdmin } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { orderSearchSource } from '@/lib/orders/search';
import { requestSearchSource } from '@/lib/requests/search';
import type { SearchSource, SearchViewerContext } from './types';

const uuids = (ids: string[]) => sql`${ids}::uuid[]`;

/**
 * Knowledge articles: the rule of lib/kb (articleReadableSql) in its indexed form. read_keys holds
 * the article's effective view and edit audiences (kept by lib/kb on every save, move and
 * audience change: refreshArticleReadKeys); space owners read their spaces (scope_id); admins all.
 */
const kbArticles: SearchSource = {
  kind: 'kb.article',
  visibleTo: (v: Viewer, ctx: SearchViewerContext) => {
    if (isAdmin(v)) return sql<boolean>`true`;
    const byAudience = sql<boolean>`d.read_keys && ${uuids(ctx.audienceIds)}`;
    // Only active employees own spaces: a partner's filter is the array overlap alone.
    if (v.kind !== 'employee') return byAudience;
    return sql<boolean>`(${byAudience} or d.scope_id in (select o.space_id from kb_space_owner o where o.person_id = ${v.id}))`;
  },
  url: (id) => `/kb/articles/${id}`,
};

/**
 * Announcements (indexed while published, by the trigger of migration 2026_11_30_060000): the
 * rule of lib/announcements' list — addressed to the viewer (their audience now, or a receipt),
 * or everything published for communications officers and admins.
 */
const announcements: SearchSource = {
  kind: 'announcement',
  visibleTo: (v: Viewer, ctx: SearchViewerContext) =>
    canPublishAnywhere(v)
      ? sql<boolean>`true`
      : sql<boolean>`(d.read_keys && ${uuids(ctx.audienceIds)}
          or exists (select 1 from announcement_recipient r where r.announcement_id = d.item_id and r.person_id = ${v.id}))`,
  url: (id) => `/announcements/${id}`,
};

/**
 * Published meeting minutes (lib/meetings): the rule of the meeting page (lib/meetings/abilities.ts)
 * — the organiser, the attendees (a partner contact only for meetings they attend), the named
 * minute-taker, admins, and employees of the units the minutes were also shared with. Indexed when published.
 */
const meetingMinutes: SearchSource = {
  kind: 'meeting.minutes',
  visibleTo: (v: Viewer) => {
    const employee = v.kind === 'employee';
    if (employee && v.roles.includes('admin')) return sql<boolean>`exists (select 1 from meeting m where m.id = d.item_id and m.minutes_status = 'published')`;
    return sql<boolean>`exists (
    select 1 from meeting m where m.id = d.item_id and m.minutes_status = 'published'
      and ((${employee} and (m.organiser_id = ${v.id} or m.minute_taker_id = ${v.id}))
        or exists (select 1 from meeting_attendee ma where ma.meeting_id = m.id and ma.person_id = ${v.id})
        or (${employee} and exists (select 1 from meeting_minutes_unit mu join org_unit_closure c on c.ancestor_id = mu.unit_id
                                    where mu.meeting_id = m.id and c.descendant_id = ${v.unitId}::uuid))))`;
  },
  url: (id) => `/meetings/${id}#minutes`,
};

/** Every searchable kind, one line each; a later area adds its own. */
export const searchSources: SearchSource[] = [kbArticles, announcements, meetingMinutes, orderSearchSource, requestSearchSource];
