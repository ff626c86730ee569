import 'server-only';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { requireEmployee } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import type { Table } from '@/lib/tabular/write';
import { AppError } from '@/lib/errors';
import { mailTranslator } from '@/lib/mail/translator';
import { isLocale } from '@/lib/i18n/config';

const periodSchema = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
});

export type FigureRow = {
  unitId: string; unitName: string; unitNameEn: string | null; type: 'feedback' | 'complaint' | 'support' | 'order' | 'other';
  count: number; firstMedianH: number | null; firstP90H: number | null; resolveMedianH: number | null; resolveP90H: number | null;
  withinTarget: number | null; breaches: number; satisfaction: number | null; rated: number;
};

/**
 * Figures per handling unit and type for requests filed in [from, to): first-response and
 * resolution times in working hours (median, 90th percentile), the share within target, breaches
 * and satisfaction. Heads see their trees, admins everything; nobody else. No message text is read.
 */
export async function requestFigures(db: Kysely<DB>, viewer: Viewer | null, raw: unknown): Promise<{ from: string; to: string; rows: FigureRow[] }> {
  const v = requireEmployee(viewer);
  const admin = v.roles.includes('admin');
  if (!admin && v.headOfUnitIds.length === 0) throw new AppError('FORBIDDEN');
  const p = periodSchema.parse(raw ?? {});
  const today = new Date();
  const to = p.to ?? new Date(today.getTime() + 86_400_000).toISOString().slice(0, 10);
  const from = p.from ?? new Date(today.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
  const scope = admin ? sql`true` : sql`r.unit_id in (select descendant_id from org_unit_closure where ancestor_id = any(${[...v.headOfUnitIds]}::uuid[]))`;
  const { rows } = await sql<FigureRow>`
    select r.unit_id as "unitId", u.name as "unitName", u.name_en as "unitNameEn", r.request_type as type, count(*)::int as count,
      round((percentile_cont(0.5) within group (order by r.first_response_min) / 60.0)::numeric, 1)::float8 as "firstMedianH",
      round((percentile_cont(0.9) within group (order by r.first_response_min) / 60.0)::numeric, 1)::float8 as "firstP90H",
      round((percentile_cont(0.5) within group (order by r.resolution_min) / 60.0)::numeric, 1)::float8 as "resolveMedianH",
      round((percentile_cont(0.9) within group (order by r.resolution_min) / 60.0)::numeric, 1)::float8 as "resolveP90H",
      (count(*) filter (where r.first_response_min <= r.first_target_min and (r.resolution_min is null or r.resolution_min <= r.resolve_target_min))::float8
        / nullif(count(*) filter (where r.first_response_min is not null), 0)) as "withinTarget",
      count(*) filter (where exists (select 1 from request_sla_alert a where a.request_id = r.id and a.kind in ('first_breach','resolve_breach')))::int as breaches,
      round(avg(r.rating)::numeric, 2)::float8 as satisfaction,
      count(r.rating)::int as rated
    from request r join org_unit u on u.id = r.unit_id
    where r.created_at >= ${from}::date and r.created_at < ${to}::date and ${scope}
    group by r.unit_id, u.name, u.name_en, r.request_type
    order by u.name, r.request_type`.execute(db);
  return { from, to, rows };
}

/** The same figures as a table for lib/tabular (CSV or XLSX, formulas neutralised), headed in the viewer's language. */
export async function figuresTable(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, locale: string): Promise<Table> {
  const f = await requestFigures(db, viewer, raw);
  const loc = isLocale(locale) ? locale : 'zh-CN';
  const t = await mailTranslator(loc);
  const en = loc === 'en';
  const head = ['unit', 'type', 'count', 'firstMedian', 'firstP90', 'resolveMedian', 'resolveP90', 'withinTarget', 'breaches', 'satisfaction'].map((k) => t(`requests.figures.${k}`));
  return {
    header: head,
    sheet: 'figures',
    rows: f.rows.map((r) => [(en && r.unitNameEn) || r.unitName, t(`requests.types.${r.type}`), r.count, r.firstMedianH, r.firstP90H, r.resolveMedianH, r.resolveP90H,
      r.withinTarget === null ? null : Math.round(r.withinTarget * 1000) / 10, r.breaches, r.satisfaction]),
  };
}
