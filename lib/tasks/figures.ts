import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import type { Table } from '@/lib/tabular/write';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { headsUnitSql } from './access';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type FigureRow = { id: string; name: string; nameEn: string | null; total: number; done: number; onTime: number; overdue: number; completionRate: number; onTimeRate: number; overdueRate: number };

/**
 * Completion, on-time and overdue rates of tasks due in a period, per person and per unit of a
 * unit tree the viewer heads (anyone else: their own figures only). Overdue = open past the due
 * moment, or done after it. One grouped query each, by the unit index.
 */
export async function taskFigures(db: Kysely<DB>, viewer: Viewer | null, input: { unit?: string; from?: string; to?: string }, opts: { now?: Date } = {}) {
  const v = requireViewer(viewer);
  const now = opts.now ?? new Date();
  const to = input.to && DATE.test(input.to) ? input.to : now.toISOString().slice(0, 10);
  const from = input.from && DATE.test(input.from) ? input.from : new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86400_000).toISOString().slice(0, 10);
  const unit = input.unit ?? (v.kind === 'employee' ? v.headOfUnitIds[0] : undefined);
  let scope;
  if (unit) {
    if (!isUuid(unit)) throw new AppError('NOT_FOUND');
    const ok = await sql<{ ok: boolean }>`select ${headsUnitSql(v, sql.ref('u.id'))} as ok from org_unit u where u.id = ${unit}`.execute(db);
    if (!ok.rows[0]?.ok) throw new AppError(v.kind === 'partner' || !ok.rows[0] ? 'NOT_FOUND' : 'FORBIDDEN');
    scope = sql`t.owner_unit_id in (select descendant_id from org_unit_closure where ancestor_id = ${unit})`;
  } else {
    scope = sql`t.owner_id = ${v.id}`;
  }
  const measures = sql`count(*)::int as total, count(*) filter (where t.status = 'done')::int as done,
    count(*) filter (where t.status = 'done' and t.completed_at <= t.due_at)::int as on_time,
    count(*) filter (where (t.status <> 'done' and t.due_at <= ${now}) or (t.status = 'done' and t.completed_at > t.due_at))::int as overdue`;
  const period = sql`t.due_on between ${from}::date and ${to}::date`;
  type R = { id: string; name: string; name_en: string | null; total: number; done: number; on_time: number; overdue: number };
  const [people, units] = await Promise.all([
    sql<R>`select p.id, p.name, p.name_en, ${measures} from task t join person p on p.id = t.owner_id where ${scope} and ${period} group by p.id order by p.name limit 5000`.execute(db),
    sql<R>`select u.id, u.name, u.name_en, ${measures} from task t join org_unit u on u.id = t.owner_unit_id where ${scope} and ${period} group by u.id order by u.name limit 5000`.execute(db),
  ]);
  const rate = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 1000) / 10);
  const row = (r: R): FigureRow => ({
    id: r.id, name: r.name, nameEn: r.name_en, total: r.total, done: r.done, onTime: r.on_time, overdue: r.overdue,
    completionRate: rate(r.done, r.total), onTimeRate: rate(r.on_time, r.total), overdueRate: rate(r.overdue, r.total),
  });
  return { unit: unit ?? null, from, to, people: people.rows.map(row), units: unit ? units.rows.map(row) : [] };
}

/** The figures as a table for lib/tabular (CSV or XLSX): one row per person, then one per unit. */
export async function taskFiguresTable(db: Kysely<DB>, viewer: Viewer | null, input: { unit?: string; from?: string; to?: string }, header: string[], kinds: { person: string; unit: string }, opts: { now?: Date } = {}): Promise<Table> {
  const f = await taskFigures(db, viewer, input, opts);
  const line = (kind: string, r: FigureRow) => [kind, r.name, r.total, r.done, r.onTime, r.overdue, r.completionRate, r.onTimeRate, r.overdueRate];
  return { header, sheet: 'figures', rows: [...f.people.map((r) => line(kinds.person, r)), ...f.units.map((r) => line(kinds.unit, r))] };
}
