import 'server-only';
import { pinyinKeys } from '@/lib/people/pinyin';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { requireAdmin } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { recordAudit } from '@/lib/audit/record';
import { invalid, invalidFields } from '@/lib/errors';
import type { RequestMeta } from '@/lib/http/request-meta';
import { zodFieldErrors } from '@/lib/forms/describe';
import type { Msg } from '@/lib/i18n/catalog';
import { readPeopleFile, splitUnitPath, type Encoding, type UnreadableReason } from './read-csv';
import { importRowSchema, type ImportRow } from './schema';

/**
 * CSV import of employees. All valid rows are applied in one transaction with set-based
 * statements (one insert and one update whatever the file size); invalid rows are reported by
 * line number and skipped. Reasons are catalog messages (admin.import.reasons.*, errors.validation.*).
 */

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';
/** `field` names the column a validation message is about (shown before the message). */
export type RowReason = Msg & { field?: string };
export type RowReport = { line: number; email: string; name: string; outcome: RowOutcome; reasons: RowReason[] };

export type ImportResult =
  | { ok: false; reason: UnreadableReason; params?: Record<string, string | number> }
  | {
      ok: true;
      encoding: Encoding;
      ignoredColumns: string[];
      counts: Record<RowOutcome, number>;
      rows: RowReport[];
    };

type UnitNode = { id: string; parentId: string | null; name: string; nameEn: string | null };

/** Resolves a path of names from the root; each segment matches a unit's name or English name. */
export function makeUnitResolver(units: UnitNode[]) {
  const children = new Map<string | null, UnitNode[]>();
  for (const u of units) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  return (path: string): { id: string } | { error: 'unknownUnit' | 'ambiguousUnit' } => {
    const segments = splitUnitPath(path);
    if (segments.length === 0) return { error: 'unknownUnit' };
    let parent: string | null = null;
    for (const seg of segments) {
      const siblings: UnitNode[] = children.get(parent) ?? [];
      const byName = siblings.filter((u) => u.name.toLowerCase() === seg);
      const matches = byName.length ? byName : siblings.filter((u) => u.nameEn?.toLowerCase() === seg);
      if (matches.length === 0) return { error: 'unknownUnit' };
      if (matches.length > 1) return { error: 'ambiguousUnit' };
      parent = matches[0].id;
    }
    return { id: parent! };
  };
}

/** Rows handed back to the page: every rejected row first, then the rest, up to this many. */
export const REPORT_ROWS = 500;

export type ImportReport = {
  fileName: string;
  encoding: Encoding;
  ignoredColumns: string[];
  counts: Record<RowOutcome, number>;
  rows: RowReport[];
  totalRows: number;
};

/**
 * The import form's upload (field `file`): no file → a field error; an unreadable file → a
 * refusal naming why, nothing applied; otherwise the per-row report.
 */
export async function importPeopleUpload(db: Kysely<DB>, viewer: Viewer | null, formData: FormData, meta?: RequestMeta): Promise<ImportReport> {
  requireAdmin(viewer);
  const file = formData.get('file');
  if (!(file instanceof File) || (file.size === 0 && (!file.name || file.name === 'undefined'))) throw invalidFields({ file: 'admin.import.errors.noFile' });
  const result = await importPeopleCsv(db, viewer, { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name }, meta);
  if (!result.ok) throw invalid('admin.import.unreadable.title', { fieldErrors: { file: { key: `admin.import.unreadable.${result.reason}`, params: result.params } } });
  const order: Record<RowOutcome, number> = { rejected: 0, created: 1, updated: 2, unchanged: 3 };
  const rows = [...result.rows].sort((a, b) => order[a.outcome] - order[b.outcome] || a.line - b.line).slice(0, REPORT_ROWS);
  return { fileName: file.name, encoding: result.encoding, ignoredColumns: result.ignoredColumns, counts: result.counts, rows, totalRows: result.rows.length };
}

type Existing = { id: string; email: string; kind: string; status: string; name: string; name_en: string | null; unit_id: string | null; position: string | null; level: string | null };

export async function importPeopleCsv(
  db: Kysely<DB>,
  viewer: Viewer | null,
  file: { bytes: Uint8Array; fileName?: string },
  meta?: RequestMeta,
): Promise<ImportResult> {
  const actor = requireAdmin(viewer);
  const read = await readPeopleFile(file.bytes);
  if (!read.ok) return read;

  return db.transaction().execute(async (trx) => {
    // Imports run one at a time, so two of them never race on the same new e-mail.
    await sql`select pg_advisory_xact_lock(hashtext('plaza.import.people'))`.execute(trx);
    const units = await trx.selectFrom('org_unit').select(['id', 'parent_id as parentId', 'name', 'name_en as nameEn']).execute();
    const resolveUnit = makeUnitResolver(units);

    const reports: RowReport[] = [];
    const valid: { report: RowReport; row: ImportRow; unitId: string }[] = [];
    const firstLineOfEmail = new Map<string, number>();

    for (const raw of read.rows) {
      const parsed = importRowSchema.safeParse(raw.values);
      const report: RowReport = {
        line: raw.line,
        email: (raw.values.email ?? '').trim().slice(0, 254),
        name: (raw.values.name ?? '').trim().slice(0, 100),
        outcome: 'rejected',
        reasons: [],
      };
      reports.push(report);
      if (!parsed.success) {
        for (const [field, m] of Object.entries(zodFieldErrors(parsed.error))) report.reasons.push({ ...m, field });
        continue;
      }
      const row = parsed.data;
      report.email = row.email;
      const first = firstLineOfEmail.get(row.email);
      if (first !== undefined) {
        report.reasons.push({ key: 'admin.import.reasons.duplicateInFile', params: { line: first } });
        continue;
      }
      firstLineOfEmail.set(row.email, raw.line);
      const unit = resolveUnit(row.unitPath);
      if ('error' in unit) {
        report.reasons.push({ key: `admin.import.reasons.${unit.error}`, params: { path: row.unitPath } });
        continue;
      }
      valid.push({ report, row, unitId: unit.id });
    }

    const emails = valid.map((v) => v.row.email);
    const existing = emails.length
      ? await trx
          .selectFrom('person')
          .select(['id', 'email', 'kind', 'status', 'name', 'name_en', 'unit_id', 'position', 'level'])
          .where(sql`lower(email)`, '=', sql`any(${emails}::text[])`)
          .forUpdate()
          .execute()
      : [];
    const byEmail = new Map<string, Existing>(existing.map((p) => [p.email.toLowerCase(), p]));

    const creates: { row: ImportRow; unitId: string }[] = [];
    const updates: { id: string; name: string; nameEn: string | null; unitId: string; position: string | null; level: string | null }[] = [];
    for (const v of valid) {
      const current = byEmail.get(v.row.email);
      if (!current) {
        creates.push(v);
        v.report.outcome = 'created';
        continue;
      }
      if (current.kind !== 'employee') {
        v.report.reasons.push({ key: 'admin.import.reasons.partnerEmail' });
        continue;
      }
      // Empty optional cells keep what is stored.
      const next = {
        name: v.row.name,
        nameEn: v.row.nameEn ?? current.name_en,
        unitId: v.unitId,
        position: v.row.position ?? current.position,
        level: v.row.level ?? current.level,
      };
      const same = next.name === current.name && next.nameEn === current.name_en && next.unitId === current.unit_id && next.position === current.position && next.level === current.level;
      v.report.outcome = same ? 'unchanged' : 'updated';
      if (current.status !== 'active') v.report.reasons.push({ key: 'admin.import.reasons.stillDeactivated' });
      if (!same) updates.push({ id: current.id, ...next });
    }

    // Set-based writes: arrays in, one statement each, however many rows.
    const createKeys = creates.map((c) => pinyinKeys(c.row.name));
    const updateKeys = updates.map((u) => pinyinKeys(u.name));
    if (creates.length) {
      await sql`
        insert into person (kind, origin, email, name, name_en, unit_id, position, level, name_sort, name_pinyin, name_initials)
        select 'employee', 'import', v.email, v.name, v.name_en, v.unit_id, v.position, v.level, v.s, v.f, v.i
        from unnest(${creates.map((c) => c.row.email)}::text[], ${creates.map((c) => c.row.name)}::text[], ${creates.map((c) => c.row.nameEn)}::text[],
                    ${creates.map((c) => c.unitId)}::uuid[], ${creates.map((c) => c.row.position)}::text[], ${creates.map((c) => c.row.level)}::text[],
                    ${createKeys.map((k) => k.sort)}::text[], ${createKeys.map((k) => k.full)}::text[], ${createKeys.map((k) => k.initials)}::text[])
          as v(email, name, name_en, unit_id, position, level, s, f, i)`.execute(trx);
    }
    if (updates.length) {
      await sql`
        update person p set name = v.name, name_en = v.name_en, unit_id = v.unit_id, position = v.position, level = v.level,
          name_sort = v.s, name_pinyin = v.f, name_initials = v.i, updated_at = now()
        from unnest(${updates.map((u) => u.id)}::uuid[], ${updates.map((u) => u.name)}::text[], ${updates.map((u) => u.nameEn)}::text[],
                    ${updates.map((u) => u.unitId)}::uuid[], ${updates.map((u) => u.position)}::text[], ${updates.map((u) => u.level)}::text[],
                    ${updateKeys.map((k) => k.sort)}::text[], ${updateKeys.map((k) => k.full)}::text[], ${updateKeys.map((k) => k.initials)}::text[])
          as v(id, name, name_en, unit_id, position, level, s, f, i)
        where p.id = v.id`.execute(trx);
    }

    const counts: Record<RowOutcome, number> = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
    for (const r of reports) counts[r.outcome]++;
    await recordAudit(trx, {
      actor,
      action: 'import.people',
      target: { type: 'import', label: file.fileName?.slice(0, 255) || null },
      details: { ...counts, rows: reports.length, encoding: read.encoding, fileName: file.fileName?.slice(0, 255) ?? null },
      meta,
    });
    return { ok: true as const, encoding: read.encoding, ignoredColumns: read.ignoredColumns, counts, rows: reports };
  });
}
