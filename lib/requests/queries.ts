import 'server-only';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '@/db/types';
import { requireEmployee } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { renderMarkdown } from '@/lib/markdown/render';
import { loadAreaAbilities, loadRequestAccess, requireArea } from './access';
import { loadDefaultCalendar } from './calendar-store';
import { savedRepliesForRequest } from './saved-replies';
import { listSchema } from './schema';
import { clocks } from './sla';

export const PAGE_SIZE = 30;

type RequestCols = DB['request'];
/** One row of the internal queue. */
export type QueueItem = {
  id: string; number: number; subject: string; type: Selectable<RequestCols>['request_type']; priority: Selectable<RequestCols>['priority']; status: Selectable<RequestCols>['status'];
  updatedAt: Date; createdAt: Date; firstDueAt: Date | null; resolveDueAt: Date | null; firstResponseAt: Date | null;
  orgName: string; orgNameEn: string | null; unitName: string; unitNameEn: string | null; assigneeName: string | null; assigneeNameEn: string | null;
};

const pageOf = (raw: unknown) => {
  const p = listSchema.safeParse(raw ?? {});
  return p.success ? p.data : {};
};

/**
 * The internal queue: requests of the viewer's unit and of the trees they head (scope `queue`),
 * assigned to them (`mine`), or — admins — all. Newest activity first, paged.
 *
 * The page's ids come first, each source read in index order and cut at the page's end: one
 * LATERAL index scan per unit on (unit_id, updated_at desc, id) plus the viewer's assignments on
 * (assignee_id, updated_at desc, id), merged; `all` walks (updated_at desc, id). No branch sorts
 * more than (pages so far × 31) rows per unit, however many requests the company has.
 */
export async function listQueue(db: Kysely<DB>, viewer: Viewer | null, raw: unknown = {}) {
  const v = requireEmployee(viewer);
  const f = pageOf(raw);
  const admin = v.roles.includes('admin');
  const scope = f.scope === 'all' && admin ? 'all' : f.scope === 'mine' ? 'mine' : 'queue';
  const page = f.page ?? 1;
  const limit = PAGE_SIZE + 1;
  const offset = (page - 1) * PAGE_SIZE;
  const upTo = offset + limit;
  const status = f.status ? sql`and status = ${f.status}` : sql``;
  const mine = sql`(select id, updated_at from request where assignee_id = ${v.id} ${status} order by updated_at desc, id limit ${upTo})`;
  let idsSql;
  if (scope === 'all') idsSql = sql<{ id: string }>`select id from request where true ${status} order by updated_at desc, id limit ${limit} offset ${offset}`;
  else if (scope === 'mine') idsSql = sql<{ id: string }>`select id from ${mine} m order by updated_at desc, id limit ${limit} offset ${offset}`;
  else {
    idsSql = sql<{ id: string }>`
      select id from (
        select x.id, x.updated_at from (
          select ${v.unitId}::uuid as unit_id where ${v.unitId}::uuid is not null
          union select descendant_id from org_unit_closure where ancestor_id = any(${[...v.headOfUnitIds]}::uuid[])
        ) u cross join lateral (select id, updated_at from request where unit_id = u.unit_id ${status} order by updated_at desc, id limit ${upTo}) x
        union select * from ${mine} m
      ) c order by updated_at desc, id limit ${limit} offset ${offset}`;
  }
  // One statement: the page's ids in index order, then their display columns (a round trip saved).
  const rows = (await sql<QueueItem>`
    with page as materialized (${idsSql})
    select r.id, r.number, r.subject, r.request_type as type, r.priority, r.status, r.updated_at as "updatedAt", r.created_at as "createdAt",
      r.first_due_at as "firstDueAt", r.resolve_due_at as "resolveDueAt", r.first_response_at as "firstResponseAt",
      o.name as "orgName", o.name_en as "orgNameEn", u.name as "unitName", u.name_en as "unitNameEn", a.name as "assigneeName", a.name_en as "assigneeNameEn"
    from page join request r on r.id = page.id
    join partner_org o on o.id = r.partner_org_id
    join org_unit u on u.id = r.unit_id
    left join person a on a.id = r.assignee_id
    order by r.updated_at desc, r.id`.execute(db)).rows;
  return { scope, status: f.status ?? null, page, hasMore: rows.length > PAGE_SIZE, canSeeAll: admin, items: rows.slice(0, PAGE_SIZE) };
}

/**
 * The portal list: the viewer's own requests and those shared with their organisation; the
 * partner admin sees all of the organisation's. Indexed on (partner_org_id, created_at).
 */
export async function listPartnerRequests(db: Kysely<DB>, viewer: Viewer | null, raw: unknown = {}) {
  const v = await requireArea(db, viewer, 'portal');
  const f = pageOf(raw);
  const page = f.page ?? 1;
  let q = db
    .selectFrom('request as r')
    .leftJoin('person as p', 'p.id', 'r.requester_id')
    .select(['r.id', 'r.number', 'r.subject', 'r.request_type as type', 'r.status', 'r.created_at as createdAt', 'r.updated_at as updatedAt', 'p.name as requesterName'])
    .where('r.partner_org_id', '=', v.partnerOrgId!);
  if (!v.roles.includes('partner_admin')) q = q.where((eb) => eb.or([eb('r.requester_id', '=', v.id), eb('r.shared_with_org', '=', true)]));
  if (f.status) q = q.where('r.status', '=', f.status);
  const rows = await q.orderBy('r.created_at', 'desc').orderBy('r.id').limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE).execute();
  return { page, status: f.status ?? null, hasMore: rows.length > PAGE_SIZE, items: rows.slice(0, PAGE_SIZE) };
}

/**
 * One request as the viewer may see it. Partners get the public conversation only: internal notes
 * are filtered out in SQL, so they never reach a partner's page data. Staff also get the clocks.
 */
export async function getRequest(db: Kysely<DB>, viewer: Viewer | null, id: string, opts: { now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const a = await loadRequestAccess(db, viewer, id, { now });
  const r = a.row;
  let mq = db
    .selectFrom('request_message as m')
    .leftJoin('person as p', 'p.id', 'm.author_id')
    .select(['m.id', 'm.visibility', 'm.event', 'm.body_md as bodyMd', 'm.created_at as createdAt', 'm.author_id as authorId', 'p.name as authorName', 'p.name_en as authorNameEn', 'p.kind as authorKind'])
    .where('m.request_id', '=', r.id);
  if (!a.can.viewInternal) mq = mq.where('m.visibility', '=', 'public');
  const [messages, attachments, people] = await Promise.all([
    mq.orderBy('m.created_at').orderBy('m.id').limit(1000).execute(),
    // Files of internal notes are staff's too: a partner's page data never lists them.
    db.selectFrom('request_attachment as ra').innerJoin('stored_file as f', 'f.id', 'ra.file_id').leftJoin('request_message as am', 'am.id', 'ra.message_id')
      .select(['f.id', 'f.filename', 'f.content_type as contentType', 'f.size', 'ra.message_id as messageId']).where('ra.request_id', '=', r.id)
      .$if(!a.can.viewInternal, (q) => q.where((eb) => eb.or([eb('ra.message_id', 'is', null), eb('am.visibility', '=', 'public')])))
      .orderBy('f.created_at').execute(),
    db.selectFrom('person as p').select(['p.id', 'p.name', 'p.name_en as nameEn', 'p.locale']).where('p.id', 'in', [r.requester_id, ...(r.assignee_id ? [r.assignee_id] : [])]).execute(),
  ]);
  const requester = people.find((p) => p.id === r.requester_id) ?? null;
  const assignee = r.assignee_id ? people.find((p) => p.id === r.assignee_id) ?? null : null;
  const staff = a.can.viewInternal;
  const [unit, org, cal, savedReplies] = await Promise.all([
    db.selectFrom('org_unit').select(['id', 'name', 'name_en as nameEn']).where('id', '=', r.unit_id).executeTakeFirst(),
    db.selectFrom('partner_org').select(['name', 'name_en as nameEn']).where('id', '=', r.partner_org_id).executeTakeFirst(),
    staff ? loadDefaultCalendar(db) : Promise.resolve(null),
    a.can.staffReply || a.can.note ? savedRepliesForRequest(db, a.viewer, r.unit_id) : Promise.resolve([]),
  ]);
  return {
    can: a.can,
    id: r.id, number: r.number, subject: r.subject, descriptionMd: r.description_md, descriptionHtml: renderMarkdown(r.description_md), type: r.request_type, topic: r.topic,
    priority: r.priority, suggestedPriority: r.suggested_priority, status: r.status, sharedWithOrg: r.shared_with_org,
    createdAt: r.created_at, updatedAt: r.updated_at, resolvedAt: r.resolved_at, closedAt: r.closed_at, reopenUntil: a.facts.reopenUntil,
    rating: r.rating, ratingComment: r.rating_comment,
    requester: requester ? { id: requester.id, name: requester.name, nameEn: requester.nameEn, locale: requester.locale } : null,
    orgName: org?.name ?? '', orgNameEn: org?.nameEn ?? null,
    // For partners the handling unit and assignee are "the support team": internal organisation stays internal.
    unit: staff && unit ? unit : null,
    assignee: staff && assignee ? assignee : null,
    clocks: cal ? clocks({ createdAt: r.created_at, status: r.status, firstTargetMin: r.first_target_min, firstResponseAt: r.first_response_at, resolveTargetMin: r.resolve_target_min, resolveConsumedMin: r.resolve_consumed_min, resolveRunningSince: r.resolve_running_since }, now, cal) : null,
    messages: messages.map((m) => ({
      ...m,
      bodyHtml: renderMarkdown(m.bodyMd),
      // Partners see staff as "the support team" with a first name only when they wrote publicly.
      authorName: m.authorName, mine: m.authorId === a.viewer.id, staff: m.authorKind === 'employee',
    })),
    attachments,
    /** Templates offered in the staff reply form (the unit's and the viewer's own); empty for partners. */
    savedReplies,
  };
}

/** The portal's area check for pages (which show the "new request" button). */
export async function requestArea(db: Kysely<DB>, viewer: Viewer | null) {
  return (await loadAreaAbilities(db, viewer)).area;
}
