import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { isAdmin, requireAdmin, requireEmployee } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { notFound } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { unitPathSql } from '@/lib/org/paths';
import { personOrderSql, personOrderUnindexedSql, personSearchSql } from './search-sql';
import { directorySearchSchema, PAGE_SIZE, type PersonKind, type PersonOrigin, type PersonRoleName, type PersonStatus } from './schema';

/** Search parameters as they arrive in a URL; the schema keeps what it understands. */
type SearchInput = Record<string, string | string[] | undefined>;

type Db = Kysely<DB> | Transaction<DB>;

export type PersonListItem = {
  id: string;
  kind: 'employee' | 'partner';
  name: string;
  nameEn: string | null;
  email: string;
  status: 'active' | 'deactivated';
  position: string | null;
  level: string | null;
  unitId: string | null;
  unitName: string | null;
  unitNameEn: string | null;
  partnerOrgId: string | null;
  partnerOrgName: string | null;
  partnerOrgNameEn: string | null;
  roles: PersonRoleName[];
};

export type PersonPage = { items: PersonListItem[]; page: number; pageSize: number; total: number; hasNext: boolean };

/** `%…%` pattern with LIKE wildcards in the query taken literally. */
function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * How many people an unfiltered list holds (every active employee, say): the same figure for
 * every viewer asking with the same kinds and statuses, counted at most once per 30 seconds per
 * web process instead of on every directory page (a count of 50,000 rows). Only a number is kept,
 * never a row or anything one viewer may see and another may not.
 */
const totalsByDb = new WeakMap<Db, Map<string, { n: number; at: number }>>();
const TOTAL_TTL_MS = 30_000;
async function unfilteredTotal(db: Db, kinds: readonly string[], statuses: readonly string[]): Promise<number> {
  const key = `${[...kinds].sort().join(',')}|${[...statuses].sort().join(',')}`;
  let totals = totalsByDb.get(db);
  if (!totals) totalsByDb.set(db, (totals = new Map()));
  const hit = totals.get(key);
  if (hit && Date.now() - hit.at < TOTAL_TTL_MS) return hit.n;
  const c = await db
    .selectFrom('person as p')
    .where('p.kind', 'in', kinds as ('employee' | 'partner')[])
    .where('p.status', 'in', statuses as ('active' | 'deactivated')[])
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  totals.set(key, { n: c.n, at: Date.now() });
  return c.n;
}

async function searchPeople(
  db: Db,
  opts: { q: string; unitId: string | null; kinds: ('employee' | 'partner')[]; statuses: ('active' | 'deactivated')[]; page: number },
): Promise<PersonPage> {
  let query = db
    .selectFrom('person as p')
    .leftJoin('org_unit as u', 'u.id', 'p.unit_id')
    .leftJoin('partner_org as po', 'po.id', 'p.partner_org_id')
    .where('p.kind', 'in', opts.kinds)
    .where('p.status', 'in', opts.statuses);
  if (opts.q) {
    // Units and organisations by name: a substring from 3 characters, a prefix below (as people).
    const pattern = [...opts.q].length >= 3 ? likePattern(opts.q) : likePattern(opts.q).slice(1);
    // Name, e-mail, position and pinyin (personSearchSql), or the person's unit or partner
    // organisation by name: `= any(array(…))` keeps the last two on person_unit_idx in a bitmap OR.
    query = query.where((eb) =>
      eb.or([
        personSearchSql(opts.q),
        eb(sql`p.unit_id`, '=', sql`any(array(select id from org_unit where lower(name || ' ' || coalesce(name_en, '')) like ${pattern}))`),
        eb(sql`p.partner_org_id`, '=', sql`any(array(select id from partner_org where lower(name || ' ' || coalesce(name_en, '')) like ${pattern}))`),
      ]),
    );
  }
  if (opts.unitId) {
    query = query.where('p.unit_id', 'in', (eb) => eb.selectFrom('org_unit_closure').select('descendant_id').where('ancestor_id', '=', opts.unitId!));
  }
  const offset = (opts.page - 1) * PAGE_SIZE;
  const filtered = !!opts.q || !!opts.unitId;
  const columns = [
    'p.id', 'p.kind', 'p.name', 'p.name_en', 'p.email', 'p.status', 'p.position', 'p.level', 'p.unit_id', 'p.partner_org_id',
    'u.name as unit_name', 'u.name_en as unit_name_en', 'po.name as partner_org_name', 'po.name_en as partner_org_name_en',
  ] as const;
  // Roles are looked up for the page only (a subquery in the select list ran once per match,
  // before the window count and the sort: 50,000 times for the first page at 50,000 people).
  // Filtered: the matches are counted by a window and sorted (few). Unfiltered: the page is read in
  // index order (25 rows, not 50,000 sorted) and the total comes from unfilteredTotal.
  const [rows, unfiltered] = await Promise.all([
    filtered
      ? query.select([...columns, sql<number>`count(*) over ()`.as('total')]).orderBy(personOrderUnindexedSql).limit(PAGE_SIZE).offset(offset).execute()
      : query.select(columns).orderBy(personOrderSql).limit(PAGE_SIZE + 1).offset(offset).execute(),
    filtered ? null : unfilteredTotal(db, opts.kinds, opts.statuses),
  ]);
  // Unfiltered pages read one row more: whether a next page exists never rests on the kept total.
  const more = unfiltered !== null && rows.length > PAGE_SIZE;
  if (more) rows.length = PAGE_SIZE;
  const roleRows = rows.length
    ? await db.selectFrom('person_role').select(['person_id', 'role']).where('person_id', 'in', rows.map((r) => r.id)).execute()
    : [];
  const rolesOf = new Map<string, PersonRoleName[]>();
  for (const r of roleRows) rolesOf.set(r.person_id, [...(rolesOf.get(r.person_id) ?? []), r.role]);
  let total = unfiltered === null ? (rows[0] && 'total' in rows[0] ? Number(rows[0].total) : 0) : Math.max(unfiltered, offset + rows.length + (more ? 1 : 0));
  if (unfiltered === null && rows.length === 0 && offset > 0) {
    // Past the end: the window count is unknown, ask for it.
    const c = await query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst();
    total = c?.n ?? 0;
  }
  return {
    items: rows.map((r) => toPersonListItem({ ...r, roles: rolesOf.get(r.id) ?? [] })),
    page: opts.page,
    pageSize: PAGE_SIZE,
    total,
    hasNext: unfiltered === null ? offset + rows.length < total : more,
  };
}

/**
 * The read-only directory (/directory). Employees see active employees; admins also see
 * partner people. Partners have no directory (NOT_FOUND). Deactivated people never appear.
 */
export async function searchDirectory(db: Db, viewer: Viewer | null, input: SearchInput): Promise<PersonPage> {
  const v = requireEmployee(viewer);
  const f = directorySearchSchema.parse(input);
  const kinds: ('employee' | 'partner')[] = isAdmin(v) && f.kind !== 'employee' ? (f.kind === 'partner' ? ['partner'] : ['employee', 'partner']) : ['employee'];
  const page = await searchPeople(db, { q: f.q, unitId: f.unitId, kinds, statuses: ['active'], page: f.page });
  // Roles are administrative detail; the directory shows who people are, not what they may do.
  if (!isAdmin(v)) page.items = page.items.map((i) => ({ ...i, roles: [] }));
  return page;
}

/** The admin list (/admin/people): everyone, filterable by kind and status. */
export async function listPeopleForAdmin(db: Db, viewer: Viewer | null, input: SearchInput): Promise<PersonPage> {
  requireAdmin(viewer);
  const f = directorySearchSchema.parse(input);
  const kinds: ('employee' | 'partner')[] = f.kind === 'employee' ? ['employee'] : f.kind === 'partner' ? ['partner'] : ['employee', 'partner'];
  const statuses: ('active' | 'deactivated')[] = f.status === 'active' ? ['active'] : f.status === 'deactivated' ? ['deactivated'] : ['active', 'deactivated'];
  return searchPeople(db, { q: f.q, unitId: f.unitId, kinds, statuses, page: f.page });
}

export type PersonDetail = PersonListItem & {
  origin: PersonOrigin;
  locale: string | null;
  createdAt: Date;
  deactivatedAt: Date | null;
  lastSeenAt: Date | null;
  unitPath: string | null;
  unitPathEn: string | null;
  headOf: { id: string; name: string; nameEn: string | null }[];
  activeSessions: number;
};

export async function getPersonForAdmin(db: Db, viewer: Viewer | null, personId: string): Promise<PersonDetail> {
  requireAdmin(viewer);
  if (!isUuid(personId)) throw notFound();
  const r = await db
    .selectFrom('person as p')
    .leftJoin('org_unit as u', 'u.id', 'p.unit_id')
    .leftJoin('partner_org as po', 'po.id', 'p.partner_org_id')
    .where('p.id', '=', personId)
    .select((eb) => [
      'p.id', 'p.kind', 'p.name', 'p.name_en', 'p.email', 'p.status', 'p.position', 'p.level', 'p.unit_id', 'p.partner_org_id',
      'p.origin', 'p.locale', 'p.created_at', 'p.deactivated_at', 'p.last_seen_at',
      'u.name as unit_name', 'u.name_en as unit_name_en', 'po.name as partner_org_name', 'po.name_en as partner_org_name_en',
      eb.fn.coalesce(
        eb.selectFrom('person_role').whereRef('person_role.person_id', '=', 'p.id').select((e) => e.fn.agg<PersonRoleName[]>('array_agg', ['role']).as('r')),
        sql<PersonRoleName[]>`'{}'::text[]`,
      ).as('roles'),
      unitPathSql(sql.ref('p.unit_id')).as('unit_path'),
      unitPathSql(sql.ref('p.unit_id'), { en: true }).as('unit_path_en'),
      sql<{ id: string; name: string; nameEn: string | null }[]>`coalesce((select json_agg(json_build_object('id', hu.id, 'name', hu.name, 'nameEn', hu.name_en) order by hu.name) from unit_head h join org_unit hu on hu.id = h.unit_id where h.person_id = p.id), '[]'::json)`.as('head_of'),
      sql<number>`(select count(*)::int from auth_session s where s.person_id = p.id and s.expires > now())`.as('active_sessions'),
    ])
    .executeTakeFirst();
  if (!r) throw notFound();
  return {
    ...toPersonListItem(r),
    origin: r.origin,
    locale: r.locale,
    createdAt: r.created_at,
    deactivatedAt: r.deactivated_at,
    lastSeenAt: r.last_seen_at,
    unitPath: r.unit_path,
    unitPathEn: r.unit_path_en,
    headOf: r.head_of,
    activeSessions: r.active_sessions,
  };
}

export type AdminOverview = {
  units: number;
  employees: number;
  deactivated: number;
  partnerOrgs: number;
  partnerPeople: number;
  admins: number;
  auditLast7Days: number;
};

/** Counts for the /admin overview cards, in one round trip. */
export async function getAdminOverview(db: Db, viewer: Viewer | null): Promise<AdminOverview> {
  requireAdmin(viewer);
  const { rows } = await sql<AdminOverview>`
    select
      (select count(*)::int from org_unit) as units,
      (select count(*)::int from person where kind = 'employee' and status = 'active') as employees,
      (select count(*)::int from person where status = 'deactivated') as deactivated,
      (select count(*)::int from partner_org) as "partnerOrgs",
      (select count(*)::int from person where kind = 'partner' and status = 'active') as "partnerPeople",
      (select count(*)::int from person_role r join person p on p.id = r.person_id where r.role = 'admin' and p.status = 'active') as admins,
      (select count(*)::int from audit_log where at > now() - interval '7 days') as "auditLast7Days"`.execute(db);
  return rows[0];
}

type PersonRow = {
  id: string; kind: PersonKind; name: string; name_en: string | null; email: string; status: PersonStatus; position: string | null; level: string | null;
  unit_id: string | null; unit_name: string | null; unit_name_en: string | null;
  partner_org_id: string | null; partner_org_name: string | null; partner_org_name_en: string | null; roles: PersonRoleName[] | null;
};

/** The common columns of a person, as the list and the detail both return them. */
function toPersonListItem(r: PersonRow): PersonListItem {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    nameEn: r.name_en,
    email: r.email,
    status: r.status,
    position: r.position,
    level: r.level,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitNameEn: r.unit_name_en,
    partnerOrgId: r.partner_org_id,
    partnerOrgName: r.partner_org_name,
    partnerOrgNameEn: r.partner_org_name_en,
    roles: r.roles ?? [],
  };
}
