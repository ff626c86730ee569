import 'server-only';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import type { Locale, Role, Viewer } from './viewer';

/** The viewer's columns: the person, their partner organisation's status, roles and headships, in one query. */
export function viewerQuery(db: Kysely<DB>) {
  return db
    .selectFrom('person as p')
    .leftJoin('partner_org as po', 'po.id', 'p.partner_org_id')
    .select((eb) => [
      'p.id', 'p.kind', 'p.email', 'p.name', 'p.name_en', 'p.status', 'p.locale', 'p.timezone', 'p.unit_id', 'p.partner_org_id',
      'po.status as partner_status',
      eb.fn.coalesce(
        eb.selectFrom('person_role').whereRef('person_role.person_id', '=', 'p.id').select((e) => e.fn.agg<string[]>('array_agg', ['role']).as('r')),
        eb.val<string[]>([]),
      ).as('roles'),
      eb.fn.coalesce(
        eb.selectFrom('unit_head').whereRef('unit_head.person_id', '=', 'p.id').select((e) => e.fn.agg<string[]>('array_agg', ['unit_id']).as('u')),
        eb.val<string[]>([]),
      ).as('heads'),
    ]);
}

type ViewerRow = NonNullable<Awaited<ReturnType<ReturnType<typeof viewerQuery>['executeTakeFirst']>>>;

/** The viewer from its row, or null for a person who is deactivated or whose partner organisation is suspended. */
export function toViewer(row: ViewerRow | undefined): Viewer | null {
  if (!row || row.status !== 'active') return null;
  if (row.kind === 'partner' && row.partner_status !== 'active') return null;
  return {
    id: row.id,
    kind: row.kind,
    email: row.email,
    name: row.name,
    nameEn: row.name_en,
    status: 'active',
    locale: (row.locale as Locale | null) ?? null,
    timezone: row.timezone,
    unitId: row.unit_id,
    partnerOrgId: row.partner_org_id,
    roles: (row.roles ?? []) as Role[],
    headOfUnitIds: row.kind === 'employee' ? (row.heads ?? []) : [],
  };
}

/**
 * Loads the viewer for a person id in one query. Returns null for a person who is deactivated,
 * or whose partner organisation is suspended: their sessions stop working at once.
 */
export async function loadViewer(db: Kysely<DB>, personId: string): Promise<Viewer | null> {
  return toViewer(await viewerQuery(db).where('p.id', '=', personId).executeTakeFirst());
}
