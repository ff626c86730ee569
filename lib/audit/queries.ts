import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { requireAdmin } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import type { Table, TableCell, TabularFormat } from '@/lib/tabular/write';
import type { RequestMeta } from '@/lib/http/request-meta';
import { recordAudit } from './record';

type Db = Kysely<DB> | Transaction<DB>;

const isoDate = z
  .string()
  .optional()
  .transform((s) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) ? s : null));

export const auditFilterSchema = z.object({
  /** Matches the actor's e-mail or name (Chinese or English). */
  actor: z.string().optional().transform((s) => (s ?? '').trim().slice(0, 100)),
  action: z.string().optional().transform((s) => (s && /^[a-z_]+\.[a-z_]+$/.test(s) ? s : null)),
  /** Inclusive dates (YYYY-MM-DD) in the viewer's time zone. */
  from: isoDate,
  to: isoDate,
  /** Keyset cursor: entries with a smaller id than this (newest first). */
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type AuditFilterInput = z.input<typeof auditFilterSchema>;
export type AuditFilter = z.output<typeof auditFilterSchema>;

export type AuditEntryRow = {
  id: number;
  at: Date;
  actorId: string | null;
  actorLabel: string | null;
  actorName: string | null;
  actorNameEn: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  ip: string | null;
  userAgent: string | null;
  details: unknown;
};

/** 20 rows keep the page under its 100 KB budget at 50,000 employees (HTML and its RSC payload: 50 rows were 168.6 KB, 25 were 109.9 KB; scripts/bench-http.ts). */
export const AUDIT_PAGE_SIZE = 20;
export const AUDIT_EXPORT_MAX = 100_000;

function filtered(db: Db, f: AuditFilter, timeZone: string) {
  let q = db.selectFrom('audit_log as a').leftJoin('person as p', 'p.id', 'a.actor_id');
  if (f.actor) {
    const pattern = `%${f.actor.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(a.actor_label)`, 'like', pattern),
        eb(sql`lower(p.name || ' ' || coalesce(p.name_en, '') || ' ' || p.email)`, 'like', pattern),
      ]),
    );
  }
  if (f.action) q = q.where('a.action', '=', f.action);
  // Calendar days in the viewer's zone: [from 00:00, to + 1 day 00:00).
  if (f.from) q = q.where('a.at', '>=', sql<Date>`(${f.from}::date)::timestamp at time zone ${timeZone}`);
  if (f.to) q = q.where('a.at', '<', sql<Date>`(${f.to}::date + 1)::timestamp at time zone ${timeZone}`);
  return q.select([
    'a.id', 'a.at', 'a.actor_id', 'a.actor_label', 'a.action', 'a.target_type', 'a.target_id', 'a.target_label', 'a.ip', 'a.user_agent', 'a.details',
    'p.name as actor_name', 'p.name_en as actor_name_en',
  ]);
}

function toRow(r: {
  id: number; at: Date; actor_id: string | null; actor_label: string | null; action: string; target_type: string | null; target_id: string | null;
  target_label: string | null; ip: string | null; user_agent: string | null; details: unknown; actor_name: string | null; actor_name_en: string | null;
}): AuditEntryRow {
  return {
    id: Number(r.id), at: r.at, actorId: r.actor_id, actorLabel: r.actor_label, actorName: r.actor_name, actorNameEn: r.actor_name_en,
    action: r.action, targetType: r.target_type, targetId: r.target_id, targetLabel: r.target_label, ip: r.ip, userAgent: r.user_agent, details: r.details,
  };
}

/** Newest first, keyset-paginated by id (stable while new entries arrive). Admins only. */
export async function listAuditLog(db: Db, viewer: Viewer | null, input: AuditFilterInput): Promise<{ items: AuditEntryRow[]; nextBefore: number | null; filter: AuditFilter }> {
  const v = requireAdmin(viewer);
  const f = auditFilterSchema.parse(input);
  let q = filtered(db, f, v.timezone);
  if (f.before) q = q.where('a.id', '<', f.before);
  const rows = await q.orderBy('a.id', 'desc').limit(AUDIT_PAGE_SIZE + 1).execute();
  const items = rows.slice(0, AUDIT_PAGE_SIZE).map(toRow);
  return { items, nextBefore: rows.length > AUDIT_PAGE_SIZE ? items[items.length - 1].id : null, filter: f };
}

/**
 * The filtered log as a table for lib/tabular (CSV or XLSX: formulas neutralised — user agents
 * and labels come from anonymous requests — dates in the viewer's zone), at most AUDIT_EXPORT_MAX rows.
 * The export is itself recorded as audit.export.
 */
export async function exportAudit(
  db: Kysely<DB>,
  viewer: Viewer | null,
  input: AuditFilterInput,
  header: string[],
  meta?: RequestMeta,
  format: TabularFormat = 'csv',
): Promise<{ table: Table; rows: number; truncated: boolean }> {
  const v = requireAdmin(viewer);
  const f = auditFilterSchema.parse({ ...input, before: undefined });
  return db.transaction().execute(async (trx) => {
    const rows = await filtered(trx, f, v.timezone).orderBy('a.id', 'desc').limit(AUDIT_EXPORT_MAX + 1).execute();
    const truncated = rows.length > AUDIT_EXPORT_MAX;
    const table: Table = {
      header,
      sheet: 'audit',
      rows: rows
        .slice(0, AUDIT_EXPORT_MAX)
        .map((r) => [r.id, r.at, r.actor_label, r.actor_name, r.action, r.target_type, r.target_id, r.target_label, r.ip, r.user_agent, r.details as TableCell]),
    };
    const count = Math.min(rows.length, AUDIT_EXPORT_MAX);
    await recordAudit(trx, {
      actor: v,
      action: 'audit.export',
      target: { type: 'audit_log' },
      details: { filter: { actor: f.actor || null, action: f.action, from: f.from, to: f.to }, rows: count, truncated, format },
      meta,
    });
    return { table, rows: count, truncated };
  });
}
