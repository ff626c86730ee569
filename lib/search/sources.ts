import 'server-only';
import { sql } from 'kysely';
import { audiencesOfViewerSql } from '@/lib/audience/queries';
import { canPublishAnywhere } from '@/lib/announcements/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { articleReadableSql } from '@/lib/kb/access';
import type { SearchSource } from './types';

/**
 * Knowledge articles: the same rule as lib/kb's lists (articleReadableSql): the article's effective
 * view or edit audience takes the viewer in, or they own its space, or they are an admin.
 */
const kbArticles: SearchSource = {
  kind: 'kb.article',
  visibleTo: (v: Viewer) => sql<boolean>`exists (
    select 1 from kb_article a join kb_space s on s.id = a.space_id left join kb_folder f on f.id = a.folder_id
    where a.id = d.item_id and ${articleReadableSql(v)})`,
  url: (id) => `/kb/articles/${id}`,
};

/**
 * Announcements (indexed while published, by the trigger in migration 2026_11_29_110000): the
 * rule of lib/announcements' list — addressed to the viewer (their audience now, or a receipt),
 * or everything published for communications officers and admins.
 */
const announcements: SearchSource = {
  kind: 'announcement',
  visibleTo: (v: Viewer) =>
    canPublishAnywhere(v)
      ? sql<boolean>`true`
      : sql<boolean>`(
          exists (select 1 from announcement a where a.id = d.item_id and a.status = 'published'
                  and a.audience_id in (select audience_id from (${audiencesOfViewerSql(v)}) va))
          or exists (select 1 from announcement_recipient r where r.announcement_id = d.item_id and r.person_id = ${v.id}))`,
  url: (id) => `/announcements/${id}`,
};

/**
 * Published meeting minutes (lib/meetings): the rule of the meeting page — the organiser and the
 * attendees (a partner contact only for meetings they attend). Indexed when published.
 */
const meetingMinutes: SearchSource = {
  kind: 'meeting.minutes',
  visibleTo: (v: Viewer) => sql<boolean>`exists (
    select 1 from meeting m where m.id = d.item_id and m.minutes_status = 'published'
      and ((${v.kind === 'employee'} and m.organiser_id = ${v.id})
        or exists (select 1 from meeting_attendee ma where ma.meeting_id = m.id and ma.person_id = ${v.id})))`,
  url: (id) => `/meetings/${id}#minutes`,
};

/** Every searchable kind, one line each; later areas (meeting minutes, orders, requests) add theirs. */
export const searchSources: SearchSource[] = [kbArticles, announcements, meetingMinutes];
