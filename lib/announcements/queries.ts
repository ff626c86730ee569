import 'server-only';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '@/db/types';
import { audiencesOfViewerSql, getAudienceSpec } from '@/lib/audience/queries';
import type { AudienceSpec } from '@/lib/audience/schema';
import { isEmployee, requireEmployee, requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import type { Table } from '@/lib/tabular/write';
import { AppError, notFound } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { renderMarkdown } from '@/lib/markdown/render';
import { loadAccess, loadVisibleAccess, requireReachScope, type AnnouncementAccess } from './access';
import { listAttachments, type AttachmentItem } from './attachments';
import { outstandingCondition } from './mutations';
import { canCompose, canManageTemplates, canPublishAnywhere, canSeeApprovalQueue, type ReachScope } from './policies';
import type { AnnouncementEventKind, AnnouncementKind, AnnouncementStatus, ApprovalStatus, ListFilters, Urgency } from './schema';
import { announcementKinds } from './schema';

export const PAGE_SIZE = 20;

export type AnnouncementListItem = {
  id: string;
  kind: AnnouncementKind;
  urgency: Urgency;
  title: string;
  titleEn: string | null;
  status: AnnouncementStatus;
  unitName: string | null;
  unitNameEn: string | null;
  publishedAt: Date | null;
  pinnedUntil: Date | null;
  ackRequired: boolean;
  read: boolean;
  acked: boolean;
  addressed: boolean;
  /** The author's summary (news and lists), if any. */
  summary: string | null;
  /** The cover image (a stored file, shown through /api/files/<id>?inline=1), if any. */
  coverFileId: string | null;
};

type ListRow = {
  id: string; kind: AnnouncementKind; urgency: Urgency; title: string; title_en: string | null; status: AnnouncementStatus; unit_name: string | null; unit_name_en: string | null;
  published_at: Date | null; pinned_until: Date | null; ack_required: boolean; version: number;
  read_at: Date | null; acked_version: number | null; has_receipt: boolean; summary: string | null; cover_file_id: string | null;
};

function toItem(r: ListRow): AnnouncementListItem {
  return {
    id: r.id, kind: r.kind, urgency: r.urgency, title: r.title, titleEn: r.title_en, status: r.status, unitName: r.unit_name, unitNameEn: r.unit_name_en,
    publishedAt: r.published_at, pinnedUntil: r.pinned_until, ackRequired: r.ack_required,
    read: !!r.read_at, acked: r.acked_version === r.version, addressed: r.has_receipt, summary: r.summary, coverFileId: r.cover_file_id,
  };
}

/**
 * Ids of the published items addressed to the viewer: items whose audience takes them in now,
 * plus their unread receipts (items sent to them before they moved units). Both branches are
 * index lookups (audience rules; the partial unread-receipt index), independent of company size.
 * Read items of a unit they have left drop out of their lists but stay open to them by link.
 */
export function visibleIdsSql(v: Viewer): RawBuilder<{ id: string }> {
  return sql<{ id: string }>`
    select r.announcement_id as id from announcement_recipient r where r.person_id = ${v.id} and r.read_at is null
    union
    select a.id from announcement a where a.status = 'published' and a.audience_id in (${viewerAudienceIdsSql(v)})`;
}

/**
 * The audiences the viewer belongs to — the same rules as lib/audience's audiencesOfViewerSql,
 * written as a UNION ALL of branches that each use an index. (The OR form there makes the planner
 * scan every audience rule: ≈ 2 s at 200,000 audiences in scripts/bench-announcements.ts.)
 */
/** The audiences the viewer belongs to (lib/audience), kept under the name this module uses. */
export const viewerAudienceIdsSql = audiencesOfViewerSql;

const listColumns = sql`a.id, a.kind, a.urgency, a.title, a.title_en, a.status, u.name as unit_name, u.name_en as unit_name_en, a.published_at,
  a.pinned_until, a.ack_required, a.version, r.read_at, r.acked_version, (r.person_id is not null) as has_receipt, a.summary, a.cover_file_id`;

/**
 * The announcements list: what is addressed to the viewer (communications officers and admins:
 * everything published), newest first, with filters. `mine=authored`: the viewer's own items in
 * any state. Pages of 20; `hasNext` instead of a total keeps it one indexed query.
 */
export async function listAnnouncements(db: Kysely<DB>, viewer: Viewer | null, f: ListFilters, now = new Date()) {
  const v = requireViewer(viewer);
  const page = f.page ?? 1;
  const conds: RawBuilder<unknown>[] = [];
  const authored = f.mine === 'authored' && isEmployee(v);
  if (authored) conds.push(sql`a.author_id = ${v.id}`);
  else conds.push(sql`a.status = 'published'`, sql`(a.expires_at is null or a.expires_at > ${now})`);
  if (f.kind) conds.push(sql`a.kind = ${f.kind}`);
  if (f.urgency) conds.push(sql`a.urgency = ${f.urgency}`);
  if (f.unit && v.kind === 'employee') conds.push(sql`a.origin_unit_id in (select descendant_id from org_unit_closure where ancestor_id = ${f.unit})`);
  if (f.read === 'read') conds.push(sql`r.read_at is not null`);
  if (f.read === 'unread') conds.push(sql`r.read_at is null`);
  const tz = v.timezone;
  if (f.from) conds.push(sql`a.published_at >= (${f.from}::date::timestamp at time zone ${tz})`);
  if (f.to) conds.push(sql`a.published_at < ((${f.to}::date + 1)::timestamp at time zone ${tz})`);
  const where = sql.join(conds, sql` and `);
  const everything = authored || canPublishAnywhere(v);
  const from = everything
    ? sql`announcement a`
    : sql`(${visibleIdsSql(v)}) vis join announcement a on a.id = vis.id`;
  const { rows } = await sql<ListRow>`
    select ${listColumns}
    from ${from}
    left join announcement_recipient r on r.announcement_id = a.id and r.person_id = ${v.id}
    left join org_unit u on u.id = a.origin_unit_id
    where ${where}
    order by ${authored ? sql`a.created_at desc` : sql`a.published_at desc`}, a.id
    limit ${PAGE_SIZE + 1} offset ${(page - 1) * PAGE_SIZE}`.execute(db);
  return { items: rows.slice(0, PAGE_SIZE).map(toItem), page, hasNext: rows.length > PAGE_SIZE };
}

/**
 * The homepage: urgent items still waiting for the viewer (a banner until acknowledged, or read
 * when no acknowledgement is asked), pinned items, then the newest addressed items, unread first.
 */
export async function getHome(db: Kysely<DB>, viewer: Viewer | null, now = new Date(), opts: { kind?: AnnouncementKind } = {}) {
  const v = requireViewer(viewer);
  // The news tabs (homepage ?news=<kind>): pinned and latest of one kind; urgent items always show.
  const kind = opts.kind && (announcementKinds as readonly string[]).includes(opts.kind) ? opts.kind : null;
  // One statement: the visible live items are found once, then cut into the three sections.
  const { rows } = await sql<ListRow & { section: 'urgent' | 'pinned' | 'latest' | 'count'; unread_count: number }>`
    with base as materialized (
      select ${listColumns}
      from (${visibleIdsSql(v)}) vis join announcement a on a.id = vis.id
      left join announcement_recipient r on r.announcement_id = a.id and r.person_id = ${v.id}
      left join org_unit u on u.id = a.origin_unit_id
      where a.status = 'published' and (a.expires_at is null or a.expires_at > ${now})
    )
    select * from (select 'urgent' as section, b.*, 0 as unread_count from base b where b.urgency = 'urgent'
      and (case when b.ack_required then b.acked_version is distinct from b.version else b.read_at is null end)
      order by b.published_at desc limit 5) s1
    union all
    select * from (select 'pinned' as section, b.*, 0 from base b where b.pinned_until > ${now} and (${kind}::text is null or b.kind = ${kind}::text)
      order by b.published_at desc limit 5) s2
    union all
    select * from (select 'latest' as section, b.*, 0 from base b where (${kind}::text is null or b.kind = ${kind}::text)
      order by (b.read_at is null) desc, b.published_at desc limit 10) s3
    union all
    select 'count' as section, b.*, (select count(*)::int from base where read_at is null) from (select * from base limit 1) b`.execute(db);
  const of = (section: string) => rows.filter((r) => r.section === section).map(toItem);
  return {
    urgent: of('urgent'),
    pinned: of('pinned'),
    latest: of('latest'),
    unreadCount: rows.find((r) => r.section === 'count')?.unread_count ?? 0,
  };
}

export type AnnouncementDetail = {
  id: string; kind: AnnouncementKind; urgency: Urgency; title: string; bodyHtml: string; bodyMd: string; status: AnnouncementStatus;
  /** The English version, when the item is in both languages (readers get theirs, with a switch). */
  titleEn: string | null; bodyHtmlEn: string | null; bodyMdEn: string;
  unitName: string | null; unitNameEn: string | null; authorName: string; authorNameEn: string | null;
  publishAt: Date | null; publishedAt: Date | null; pinnedUntil: Date | null; expiresAt: Date | null;
  ackRequired: boolean; targetReach: number; reachDeadline: Date | null; version: number; audienceSize: number;
  withdrawnAt: Date | null; withdrawReason: string | null; createdAt: Date; updatedAt: Date;
  summary: string | null;
  /** The cover image, if any. */
  cover: { id: string; filename: string; contentType: string; size: number } | null;
  access: AnnouncementAccess;
  /** For the author's edit form. */
  audience: AudienceSpec | null;
  audiencePeopleEmails: string[];
  approvals: { id: string; status: ApprovalStatus; approverName: string | null; approverNameEn: string | null; decidedAt: Date | null; reason: string | null; summary: string; createdAt: Date; recipientsSummary: string }[];
  revisions: { version: number; title: string; material: boolean; editorName: string | null; editorNameEn: string | null; createdAt: Date }[];
  attachments: AttachmentItem[];
};

/** One announcement with what the viewer may do with it. NOT_FOUND for anyone it is not for. */
export async function getAnnouncement(db: Kysely<DB>, viewer: Viewer | null, id: string): Promise<AnnouncementDetail> {
  const v = requireViewer(viewer);
  const access = await loadVisibleAccess(db, v, id);
  const a = await db
    .selectFrom('announcement as a')
    .innerJoin('person as au', 'au.id', 'a.author_id')
    .leftJoin('org_unit as u', 'u.id', 'a.origin_unit_id')
    .select(['a.id', 'a.kind', 'a.urgency', 'a.title', 'a.body_md', 'a.title_en', 'a.body_md_en', 'a.status', 'u.name as unit_name', 'u.name_en as unit_name_en', 'au.name as author_name',
      'au.name_en as author_name_en', 'a.publish_at', 'a.published_at', 'a.pinned_until', 'a.expires_at', 'a.ack_required', 'a.target_reach', 'a.reach_deadline',
      'a.version', 'a.audience_size', 'a.withdrawn_at', 'a.withdraw_reason', 'a.created_at', 'a.updated_at', 'a.audience_id', 'a.summary', 'a.cover_file_id'])
    .where('a.id', '=', id)
    .executeTakeFirstOrThrow();
  const [approvals, revisions, audience] = access.can.viewHistory
    ? await Promise.all([
      db.selectFrom('announcement_approval as ap').leftJoin('person as p', 'p.id', 'ap.approver_id')
        .select(['ap.id', 'ap.status', 'p.name as approver_name', 'p.name_en as approver_name_en', 'ap.decided_at', 'ap.reason', 'ap.summary', 'ap.created_at', 'ap.recipients_summary'])
        .where('ap.announcement_id', '=', id).orderBy('ap.created_at', 'desc').execute(),
      db.selectFrom('announcement_revision as rv').leftJoin('person as p', 'p.id', 'rv.editor_id')
        .select(['rv.version', 'rv.title', 'rv.material', 'p.name as editor_name', 'p.name_en as editor_name_en', 'rv.created_at'])
        .where('rv.announcement_id', '=', id).orderBy('rv.id', 'desc').limit(50).execute(),
      access.isAuthor ? getAudienceSpec(db, a.audience_id) : Promise.resolve(null),
    ])
    : [[], [], null];
  const attachments = await listAttachments(db, id);
  const cover = a.cover_file_id
    ? await db.selectFrom('stored_file').select(['id', 'filename', 'content_type as contentType', 'size']).where('id', '=', a.cover_file_id).executeTakeFirst()
    : undefined;
  const audiencePeopleEmails = audience?.people.length
    ? (await db.selectFrom('person').select('email').where('id', 'in', audience.people).execute()).map((p) => p.email)
    : [];
  return {
    audiencePeopleEmails,
    attachments,
    id: a.id, kind: a.kind, urgency: a.urgency, title: a.title, bodyHtml: renderMarkdown(a.body_md), bodyMd: access.can.viewSource ? a.body_md : '',
    titleEn: a.title_en, bodyHtmlEn: a.body_md_en ? renderMarkdown(a.body_md_en) : null, bodyMdEn: access.can.viewSource ? (a.body_md_en ?? '') : '',
    status: a.status, unitName: a.unit_name, unitNameEn: a.unit_name_en, authorName: a.author_name, authorNameEn: a.author_name_en,
    publishAt: a.publish_at, publishedAt: a.published_at, pinnedUntil: a.pinned_until, expiresAt: a.expires_at, ackRequired: a.ack_required,
    targetReach: a.target_reach, reachDeadline: a.reach_deadline, version: a.version, audienceSize: a.audience_size,
    withdrawnAt: a.withdrawn_at, withdrawReason: a.withdraw_reason, createdAt: a.created_at, updatedAt: a.updated_at,
    summary: a.summary, cover: cover ? { ...cover, size: Number(cover.size) } : null,
    access, audience,
    approvals: approvals.map((x) => ({ id: x.id, status: x.status, approverName: x.approver_name, approverNameEn: x.approver_name_en, decidedAt: x.decided_at, reason: x.reason, summary: x.summary, createdAt: x.created_at, recipientsSummary: x.recipients_summary })),
    revisions: revisions.map((x) => ({ version: x.version, title: x.title, material: x.material, editorName: x.editor_name, editorNameEn: x.editor_name_en, createdAt: x.created_at })),
  };
}

export type ReachUnitRow = {
  unitId: string | null; unitName: string | null; unitNameEn: string | null; partnerOrg: string | null;
  size: number; opened: number; acknowledged: number; outstanding: number; medianSecondsToRead: number | null;
  /** The opened unit's own members (not in any sub-unit). */
  self: boolean;
  /** Has sub-units to drill into. */
  drill: boolean;
};

export type ReachFigures = {
  scope: Exclude<ReachScope, { kind: 'none' }>;
  audienceSize: number;
  inScope: number;
  mailed: number;
  opened: number;
  acknowledged: number;
  /** Opened (or acknowledged, when required) / intended audience in scope. */
  reachRate: number;
  openRate: number;
  ackRate: number | null;
  target: number;
  medianSecondsToRead: number | null;
  p90SecondsToRead: number | null;
  /** The opened unit (`?unit=`) and its ancestors, root first; empty at the top level. */
  path: { id: string; name: string; nameEn: string | null }[];
  /**
   * One row per child of the opened unit (top level: per root unit, partner organisation, no
   * unit), plus the opened unit's own members: a page never grows with the number of units.
   */
  units: ReachUnitRow[];
  /** One page of the outstanding people in the opened unit's subtree (everyone at the top). */
  outstanding: { personId: string; name: string; nameEn: string | null; email: string; unitName: string | null; unitNameEn: string | null; read: boolean; acked: boolean }[];
  /** Outstanding in the whole scope (what a reminder reaches). */
  outstandingTotal: number;
  /** Outstanding in the opened unit's subtree (the paged list's length). */
  outstandingHere: number;
  page: number;
  pageSize: number;
  hasNext: boolean;
  events: { kind: AnnouncementEventKind; at: Date; actorName: string | null; details: unknown }[];
  lastRemindedAt: Date | null;
};

function scopeFilter(scope: ReachFigures['scope']) {
  return scope.kind === 'all' ? sql`true` : sql`r.unit_id in (select descendant_id from org_unit_closure where ancestor_id = any(${scope.unitIds}::uuid[]))`;
}

export const REACH_PAGE_SIZE = 50;
/** Beyond this page the CSV export has the whole list. */
export const REACH_MAX_PAGE = 100;

/**
 * Figures of reach for the viewer's scope (everything for officers/admins/author, their trees for
 * heads). Opened level by level: `unit` (a unit id) shows that unit's children and its own
 * members, otherwise the root units; the outstanding list is paged (`page`, REACH_PAGE_SIZE).
 */
export async function getReach(db: Kysely<DB>, viewer: Viewer | null, id: string, opts: { unit?: string | null; page?: number } = {}): Promise<ReachFigures> {
  const v = requireViewer(viewer);
  const access = await loadAccess(db, v, id);
  const scope = requireReachScope(v, access);
  const inScope = scopeFilter(scope);
  const unit = opts.unit ?? null;
  if (unit !== null && !isUuid(unit)) throw notFound();
  const page = Math.min(REACH_MAX_PAGE, Math.max(1, Math.floor(opts.page ?? 1) || 1));
  const inSubtree = unit ? sql`r.unit_id in (select descendant_id from org_unit_closure where ancestor_id = ${unit}::uuid)` : sql`true`;
  const level = unit ? sql`cu.parent_id = ${unit}::uuid` : sql`cu.parent_id is null`;
  const a = await db.selectFrom('announcement').select(['audience_size', 'published_at', 'version', 'ack_required', 'target_reach', 'last_reminded_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const [totals, path, units, outstanding, events] = await Promise.all([
    sql<{ n: number; mailed: number; opened: number; acked: number; median: number | null; p90: number | null; outstanding: number }>`
      select count(*)::int as n, count(r.mailed_at) filter (where r.mail_bounced_at is null)::int as mailed, count(r.read_at)::int as opened,
        count(*) filter (where r.acked_version = a.version)::int as acked,
        count(*) filter (where ${outstandingCondition})::int as outstanding,
        percentile_cont(0.5) within group (order by extract(epoch from r.read_at - a.published_at)) as median,
        percentile_cont(0.9) within group (order by extract(epoch from r.read_at - a.published_at)) as p90
      from announcement_recipient r join announcement a on a.id = r.announcement_id
      where r.announcement_id = ${id} and ${inScope}`.execute(db),
    unit
      ? sql<{ id: string; name: string; name_en: string | null }>`
          select u.id, u.name, u.name_en from org_unit_closure c join org_unit u on u.id = c.ancestor_id
          where c.descendant_id = ${unit}::uuid order by c.depth desc`.execute(db)
      : Promise.resolve({ rows: [] as { id: string; name: string; name_en: string | null }[] }),
    sql<{ unit_id: string | null; unit_name: string | null; unit_name_en: string | null; partner_org: string | null; n: number; opened: number; acked: number; outstanding: number; median: number | null; drill: boolean }>`
      select g.unit_id, u.name as unit_name, u.name_en as unit_name_en, po.name as partner_org, g.n, g.opened, g.acked, g.outstanding, g.median,
        exists (select 1 from org_unit ch where ch.parent_id = g.unit_id) as drill
      from (
        select coalesce(k.unit_id, r.unit_id) as unit_id, r.partner_org_id, count(*)::int as n, count(r.read_at)::int as opened,
          count(*) filter (where r.acked_version = a.version)::int as acked,
          count(*) filter (where ${outstandingCondition})::int as outstanding,
          percentile_cont(0.5) within group (order by extract(epoch from r.read_at - a.published_at)) as median
        from announcement_recipient r join announcement a on a.id = r.announcement_id
        -- Each unit's ancestor at the opened level (a tree: at most one), joined as a set (a hash
        -- join over the level's closure rows), not looked up once per receipt: 50,000 lookups for a
        -- company-wide item.
        left join (
          select c.descendant_id, c.ancestor_id as unit_id from org_unit_closure c join org_unit cu on cu.id = c.ancestor_id
          where ${level}
        ) k on k.descendant_id = r.unit_id
        where r.announcement_id = ${id} and ${inScope} and ${inSubtree}
        group by 1, 2
      ) g
      left join org_unit u on u.id = g.unit_id
      left join partner_org po on po.id = g.partner_org_id
      order by (g.unit_id = ${unit}::uuid) desc nulls last, (g.n - g.opened) desc, u.name, po.name
      limit 1000`.execute(db),
    sql<{ person_id: string; name: string; name_en: string | null; email: string; unit_name: string | null; unit_name_en: string | null; read_at: Date | null; acked: boolean }>`
      select r.person_id, p.name, p.name_en, p.email, u.name as unit_name, u.name_en as unit_name_en, r.read_at, (r.acked_version = a.version) as acked
      from announcement_recipient r join announcement a on a.id = r.announcement_id
      join person p on p.id = r.person_id
      left join org_unit u on u.id = r.unit_id
      where r.announcement_id = ${id} and ${inScope} and ${inSubtree} and ${outstandingCondition}
      order by u.name nulls last, p.name, r.person_id limit ${REACH_PAGE_SIZE + 1} offset ${(page - 1) * REACH_PAGE_SIZE}`.execute(db),
    db.selectFrom('announcement_event as e').leftJoin('person as p', 'p.id', 'e.actor_id')
      .select(['e.kind', 'e.at', 'p.name as actor_name', 'e.details']).where('e.announcement_id', '=', id).orderBy('e.id', 'desc').limit(50).execute(),
  ]);
  if (unit && path.rows.length === 0) throw notFound();
  const t = totals.rows[0];
  const n = t?.n ?? 0;
  const size = scope.kind === 'all' ? Math.max(a.audience_size, n) : n;
  const rate = (x: number) => (size === 0 ? 0 : x / size);
  const unitRows: ReachUnitRow[] = units.rows.map((u) => ({
    unitId: u.unit_id, unitName: u.unit_name, unitNameEn: u.unit_name_en, partnerOrg: u.partner_org, size: u.n, opened: u.opened,
    acknowledged: u.acked, outstanding: u.outstanding, medianSecondsToRead: u.median == null ? null : Number(u.median),
    self: unit !== null && u.unit_id === unit, drill: u.drill && !(unit !== null && u.unit_id === unit),
  }));
  return {
    scope,
    audienceSize: size,
    inScope: n,
    mailed: t?.mailed ?? 0,
    opened: t?.opened ?? 0,
    acknowledged: t?.acked ?? 0,
    reachRate: rate(a.ack_required ? (t?.acked ?? 0) : (t?.opened ?? 0)),
    openRate: rate(t?.opened ?? 0),
    ackRate: a.ack_required ? rate(t?.acked ?? 0) : null,
    target: a.target_reach,
    medianSecondsToRead: t?.median == null ? null : Number(t.median),
    p90SecondsToRead: t?.p90 == null ? null : Number(t.p90),
    path: path.rows.map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en })),
    units: unitRows,
    outstanding: outstanding.rows.slice(0, REACH_PAGE_SIZE).map((o) => ({ personId: o.person_id, name: o.name, nameEn: o.name_en, email: o.email, unitName: o.unit_name, unitNameEn: o.unit_name_en, read: !!o.read_at, acked: !!o.acked })),
    outstandingTotal: t?.outstanding ?? 0,
    outstandingHere: unit ? unitRows.reduce((s, u) => s + u.outstanding, 0) : (t?.outstanding ?? 0),
    page,
    pageSize: REACH_PAGE_SIZE,
    hasNext: outstanding.rows.length > REACH_PAGE_SIZE && page < REACH_MAX_PAGE,
    events: events.map((e) => ({ kind: e.kind, at: e.at, actorName: e.actor_name, details: e.details })),
    lastRemindedAt: a.last_reminded_at,
  };
}

/** Every receipt in the viewer's scope as a table for lib/tabular (CSV or XLSX, formulas neutralised). */
export async function exportReach(db: Kysely<DB>, viewer: Viewer | null, id: string, headers: string[]): Promise<Table> {
  const v = requireViewer(viewer);
  const access = await loadAccess(db, v, id);
  const scope = requireReachScope(v, access);
  const { rows } = await sql<{ name: string; email: string; unit: string | null; partner: string | null; delivered_at: Date; mailed_at: Date | null; read_at: Date | null; read_channel: string | null; acked_at: Date | null; acked_current: boolean }>`
    select p.name, p.email, u.name as unit, po.name as partner, r.delivered_at, r.mailed_at, r.read_at, r.read_channel, r.acked_at,
      (r.acked_version = a.version) as acked_current
    from announcement_recipient r join announcement a on a.id = r.announcement_id
    join person p on p.id = r.person_id
    left join org_unit u on u.id = r.unit_id
    left join partner_org po on po.id = r.partner_org_id
    where r.announcement_id = ${id} and ${scopeFilter(scope)}
    order by u.name nulls last, po.name, p.name`.execute(db);
  return {
    header: headers,
    sheet: 'reach',
    rows: rows.map((r) => [r.name, r.email, r.unit ?? r.partner, r.delivered_at, r.mailed_at, r.read_at, r.read_channel, r.acked_at, r.acked_current ? 'yes' : r.acked_at ? 'outdated' : '']),
  };
}

export type ApprovalQueueItem = {
  id: string; announcementId: string; subject: string; urgency: Urgency; summary: string; recipientsSummary: string;
  unitName: string | null; unitNameEn: string | null; authorName: string; authorNameEn: string | null; createdAt: Date; status: ApprovalStatus;
  decidedAt: Date | null; reason: string | null; approverName: string | null;
};

/**
 * The approval queue: pending submissions routed to the viewer's units (heads) or to the
 * communications officers (officers, admins), plus the viewer's recent decisions.
 */
export async function listApprovals(db: Kysely<DB>, viewer: Viewer | null): Promise<{ pending: ApprovalQueueItem[]; decided: ApprovalQueueItem[] }> {
  const v = requireEmployee(viewer);
  if (!canSeeApprovalQueue(v)) throw new AppError('FORBIDDEN');
  const base = db
    .selectFrom('announcement_approval as ap')
    .innerJoin('person as au', 'au.id', 'ap.author_id')
    .leftJoin('person as ar', 'ar.id', 'ap.approver_id')
    .leftJoin('org_unit as u', 'u.id', 'ap.origin_unit_id')
    .select(['ap.id', 'ap.announcement_id', 'ap.subject', 'ap.urgency', 'ap.summary', 'ap.recipients_summary', 'u.name as unit_name', 'u.name_en as unit_name_en',
      'au.name as author_name', 'au.name_en as author_name_en', 'ap.created_at', 'ap.status', 'ap.decided_at', 'ap.reason', 'ar.name as approver_name']);
  const heads = [...v.headOfUnitIds];
  const [pending, decided] = await Promise.all([
    base.where('ap.status', '=', 'pending').where('ap.author_id', '<>', v.id)
      .where((eb) => eb.or([
        ...(heads.length ? [eb('ap.approver_unit_id', 'in', eb.selectFrom('org_unit_closure').select('descendant_id').where('ancestor_id', 'in', heads))] : []),
        ...(canPublishAnywhere(v) ? [eb('ap.approver_unit_id', 'is', null)] : []),
      ]))
      .orderBy('ap.created_at').limit(200).execute(),
    base.where('ap.approver_id', '=', v.id).where('ap.status', 'in', ['approved', 'rejected']).orderBy('ap.decided_at', 'desc').limit(50).execute(),
  ]);
  const map = (x: (typeof pending)[number]): ApprovalQueueItem => ({
    id: x.id, announcementId: x.announcement_id, subject: x.subject, urgency: x.urgency, summary: x.summary, recipientsSummary: x.recipients_summary,
    unitName: x.unit_name, unitNameEn: x.unit_name_en, authorName: x.author_name, authorNameEn: x.author_name_en, createdAt: x.created_at,
    status: x.status, decidedAt: x.decided_at, reason: x.reason, approverName: x.approver_name,
  });
  return { pending: pending.map(map), decided: decided.map(map) };
}

/**
 * What the compose form offers this viewer: templates and whether they publish without approval.
 * Units, people and partner organisations are not listed here: the form searches them on the
 * server as the person types (lib/pickers), so the page does not grow with the company.
 */
export async function getComposeOptions(db: Kysely<DB>, viewer: Viewer | null) {
  const v = requireEmployee(viewer);
  if (!canCompose(v)) throw new AppError('FORBIDDEN');
  const templates = await db.selectFrom('announcement_template').select(['kind', 'title_zh', 'title_en', 'body_zh', 'body_en']).execute();
  return {
    templates: templates.map((t) => ({ kind: t.kind, titleZh: t.title_zh, titleEn: t.title_en, bodyZh: t.body_zh, bodyEn: t.body_en })),
    publishesAnywhere: canPublishAnywhere(v),
    isHead: v.headOfUnitIds.length > 0,
  };
}

/** The templates page (communications officers and admins); the compose form reads templates through getComposeOptions. */
export async function listTemplates(db: Kysely<DB>, viewer: Viewer | null) {
  const v = requireEmployee(viewer);
  if (!canManageTemplates(v)) throw new AppError('FORBIDDEN');
  return db.selectFrom('announcement_template as t').leftJoin('person as p', 'p.id', 't.updated_by')
    .select(['t.kind', 't.title_zh as titleZh', 't.title_en as titleEn', 't.body_zh as bodyZh', 't.body_en as bodyEn', 't.updated_at as updatedAt', 'p.name as updatedBy']).orderBy('t.kind').execute();
}

