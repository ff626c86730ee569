import 'server-only';
import { sql } from 'kysely';
import { isEmployee } from '@/lib/authz/policies';
import { asDate, defineTodoSource } from '@/lib/workbench/source';
import type { JsonRow, TodoGroup, TodoSource } from '@/lib/workbench/types';
import { canPublishAnywhere, canSeeApprovalQueue } from './policies';
import { visibleIdsSql } from './queries';
import { displayTitle } from './title';

type Row = JsonRow<{ id: string; title: string; title_en?: string | null; urgency: string; unit_name: string | null; unit_name_en: string | null; due: Date | null; note: string | null; total: number }>;

/** Rows carry the group's total (a window count), so each source is one indexed statement. */
function group(
  key: string,
  label: TodoGroup['label'],
  href: string,
  locale: string,
  rows: Row[],
  itemHref: (r: Row) => string,
  noteOf?: (r: Row) => TodoGroup['items'][number]['note'],
): TodoGroup | null {
  if (rows.length === 0) return null;
  return {
    key,
    label,
    href,
    count: Number(rows[0].total),
    items: rows.map((r) => ({
      id: r.id,
      title: displayTitle({ title: r.title, titleEn: r.title_en, urgency: r.urgency, unitName: r.unit_name, unitNameEn: r.unit_name_en }, locale),
      href: itemHref(r),
      due: asDate(r.due),
      urgent: r.urgency === 'urgent',
      note: noteOf?.(r),
    })),
  };
}

/** Published items addressed to the viewer that ask for an acknowledgement of their current version. */
export const toAcknowledge: TodoSource = defineTodoSource<Row>({
  key: 'announcements/acknowledge',
  order: 10,
  query(_db, v, { limit, now }) {
    return sql<Row>`
      select a.id, a.title, a.title_en, a.urgency, u.name as unit_name, u.name_en as unit_name_en, a.reach_deadline as due, null as note, count(*) over () as total
      from (${visibleIdsSql(v)}) vis join announcement a on a.id = vis.id
      left join announcement_recipient r on r.announcement_id = a.id and r.person_id = ${v.id}
      left join org_unit u on u.id = a.origin_unit_id
      where a.status = 'published' and a.ack_required and (a.expires_at is null or a.expires_at > ${now})
        and r.acked_version is distinct from a.version
      order by (a.urgency = 'urgent') desc, a.published_at desc
      limit ${limit}`;
  },
  group(rows, _v, { locale }) {
    return group('announcements/acknowledge', 'home.todos.acknowledge', '/announcements', locale, rows, (r) => `/announcements/${r.id}`);
  },
});

/**
 * Collaboration and feedback requests addressed to the viewer that still wait for their response
 * (published, answers still taken, none given). One indexed statement, like the others.
 */
export const toRespond: TodoSource = defineTodoSource<Row>({
  key: 'announcements/respond',
  order: 15,
  query(_db, v, { limit, now }) {
    return sql<Row>`
      select a.id, a.title, a.title_en, a.urgency, u.name as unit_name, u.name_en as unit_name_en, f.deadline as due, null as note, count(*) over () as total
      from (${visibleIdsSql(v)}) vis join announcement a on a.id = vis.id
      join announcement_response_form f on f.announcement_id = a.id
      left join org_unit u on u.id = a.origin_unit_id
      where a.status = 'published' and (a.expires_at is null or a.expires_at > ${now}) and (f.deadline is null or f.deadline > ${now})
        and not exists (select 1 from announcement_response x where x.announcement_id = a.id and x.person_id = ${v.id})
      order by f.deadline asc nulls last, a.published_at desc
      limit ${limit}`;
  },
  group(rows, _v, { locale }) {
    return group('announcements/respond', 'home.todos.respond', '/announcements', locale, rows, (r) => `/announcements/${r.id}#respond`);
  },
});

/** Submissions waiting for the viewer's decision (heads: their trees; officers and admins: the company-wide queue). */
export const approvalsWaiting: TodoSource = defineTodoSource<Row>({
  key: 'announcements/approvals',
  order: 20,
  query(_db, v, { limit }) {
    if (!isEmployee(v) || !canSeeApprovalQueue(v)) return null;
    const heads = [...v.headOfUnitIds];
    const routes = [
      ...(heads.length ? [sql`ap.approver_unit_id in (select descendant_id from org_unit_closure where ancestor_id in (${sql.join(heads)}))`] : []),
      ...(canPublishAnywhere(v) ? [sql`ap.approver_unit_id is null`] : []),
    ];
    if (routes.length === 0) return null;
    return sql<Row>`
      select ap.announcement_id as id, ap.subject as title, ap.urgency, u.name as unit_name, u.name_en as unit_name_en, null::timestamptz as due, null as note,
        count(*) over () as total
      from announcement_approval ap left join org_unit u on u.id = ap.origin_unit_id
      where ap.status = 'pending' and ap.author_id <> ${v.id} and (${sql.join(routes, sql` or `)})
      order by ap.created_at
      limit ${limit}`;
  },
  group(rows, _v, { locale }) {
    return group('announcements/approvals', 'home.todos.approvals', '/announcements/approvals', locale, rows, () => '/announcements/approvals');
  },
});

/** The viewer's own submissions that were not approved, with the reason, until revised or withdrawn. */
export const rejectedDrafts: TodoSource = defineTodoSource<Row>({
  key: 'announcements/rejected',
  order: 30,
  query(_db, v, { limit }) {
    if (!isEmployee(v)) return null;
    return sql<Row>`
      select a.id, a.title, a.title_en, a.urgency, u.name as unit_name, u.name_en as unit_name_en, null::timestamptz as due,
        (select ap.reason from announcement_approval ap where ap.announcement_id = a.id and ap.status = 'rejected' order by ap.decided_at desc nulls last limit 1) as note,
        count(*) over () as total
      from announcement a left join org_unit u on u.id = a.origin_unit_id
      where a.author_id = ${v.id} and a.status = 'rejected'
      order by a.updated_at desc
      limit ${limit}`;
  },
  group(rows, _v, { locale }) {
    return group('announcements/rejected', 'home.todos.rejected', '/announcements?mine=authored', locale, rows, (r) => `/announcements/${r.id}`, (r) =>
      r.note ? { key: 'home.todos.reason', params: { reason: r.note } } : undefined,
    );
  },
});

/** How many submissions wait for the viewer's decision (the navigation's badge). One indexed count. */
export async function countApprovalsWaiting(db: Parameters<TodoSource['load']>[0], v: Parameters<TodoSource['load']>[1]): Promise<number> {
  const g = await approvalsWaiting.load(db, v, { limit: 1, now: new Date(), locale: 'en' });
  return g?.count ?? 0;
}
