import 'server-only';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { isEmployee, requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError, notFound } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { unitPathSql } from '@/lib/org/paths';
import { personOrderSql, personSearchSql } from '@/lib/people/search-sql';

/**
 * Server-side search behind every picker (people, units, partner organisations, partner
 * contacts): a page never ships the whole company, it asks as the person types. At most LIMIT
 * options, from indexed lookups (trigram on people and unit names).
 */
export const pickerKinds = ['person', 'unit', 'partnerOrg', 'partnerPerson'] as const;
export type PickerKind = (typeof pickerKinds)[number];
export type PickerOption = { id: string; label: string; hint: string | null };

const LIMIT = 20;

const querySchema = z.object({
  q: z.string().max(100).catch('').transform((s) => s.trim()),
  /** Limit partner contacts to one organisation. */
  org: z.string().optional().catch(undefined),
  ids: z.string().max(2000).optional().catch(undefined),
});

function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Options matching `q`, or the options named by `ids` (comma-separated, to show chosen values).
 * Employees may pick anyone active; a partner may pick only people of their own organisation and
 * nothing else exists for them.
 */
export async function searchPicker(db: Kysely<DB>, viewer: Viewer | null, kind: string, input: Record<string, string | undefined>, locale: string): Promise<PickerOption[]> {
  const v = requireViewer(viewer);
  const f = querySchema.parse(input);
  const en = locale === 'en';
  const ids = (f.ids ?? '').split(',').filter(isUuid).slice(0, 50);
  const byIds = ids.length > 0;
  if (!byIds && f.q.length === 0) return [];
  const pattern = likePattern(f.q);

  if (kind === 'person' || kind === 'partnerPerson') {
    const employee = v.kind === 'employee';
    if (!employee && kind === 'partnerPerson' && f.org !== v.partnerOrgId) throw notFound();
    let q = db
      .selectFrom('person as p')
      .leftJoin('org_unit as u', 'u.id', 'p.unit_id')
      .leftJoin('partner_org as o', 'o.id', 'p.partner_org_id')
      .select(['p.id', 'p.name', 'p.name_en', 'p.email', 'u.name as unit', 'u.name_en as unit_en', 'o.name as org', 'o.name_en as org_en'])
      .where('p.status', '=', 'active')
      .where('p.kind', '=', kind === 'person' ? 'employee' : 'partner')
      .limit(LIMIT)
      .orderBy(personOrderSql);
    if (!employee) q = q.where('p.partner_org_id', '=', v.partnerOrgId);
    if (kind === 'partnerPerson') {
      q = q.where('o.status', '=', 'active');
      if (f.org && isUuid(f.org)) q = q.where('p.partner_org_id', '=', f.org);
    }
    q = byIds
      ? q.where('p.id', 'in', ids)
      : q.where(personSearchSql(f.q));
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      label: en && r.name_en ? `${r.name_en} · ${r.name}` : r.name_en ? `${r.name} · ${r.name_en}` : r.name,
      hint: [en ? (r.unit_en ?? r.unit) : r.unit, en ? (r.org_en ?? r.org) : r.org, r.email].filter(Boolean).join(' · '),
    }));
  }

  if (!isEmployee(v)) throw notFound();
  if (kind === 'unit') {
    let q = db
      .selectFrom('org_unit as u')
      .select(['u.id', 'u.name', 'u.name_en', unitPathSql(sql.ref('u.id'), { en }).as('path')])
      .limit(LIMIT)
      .orderBy('u.name');
    q = byIds ? q.where('u.id', 'in', ids) : q.where(sql`lower(u.name || ' ' || coalesce(u.name_en, ''))`, 'like', pattern);
    const rows = await q.execute();
    return rows.map((r) => ({ id: r.id, label: (en && r.name_en) || r.name, hint: r.path }));
  }
  if (kind === 'partnerOrg') {
    let q = db.selectFrom('partner_org').select(['id', 'name', 'name_en', 'type']).where('status', '=', 'active').limit(LIMIT).orderBy('name');
    q = byIds ? q.where('id', 'in', ids) : q.where(sql`lower(name || ' ' || coalesce(name_en, ''))`, 'like', pattern);
    const rows = await q.execute();
    return rows.map((r) => ({ id: r.id, label: (en && r.name_en) || r.name, hint: null }));
  }
  throw notFound();
}

/**
 * Filter forms without JavaScript: a picker in a GET form submits what was typed as
 * `<name>__text` (app/_components/picker, `textFallback`); this turns it into the best match the
 * viewer may pick — the same search, the same authorization as the picker itself — when no id came
 * with it. Returns the search parameters with `<name>` set; unchanged without a viewer or a match.
 */
export async function resolvePickerTexts<T extends Record<string, unknown>>(
  db: Kysely<DB>, viewer: Viewer | null, sp: T, fields: [name: string, kind: 'person' | 'unit' | 'partnerOrg'][], locale: string,
): Promise<T> {
  if (!viewer) return sp;
  const out: Record<string, unknown> = { ...sp };
  for (const [name, kind] of fields) {
    const text = sp[`${name}__text`];
    if (out[name] || typeof text !== 'string' || !text.trim()) continue;
    // A kind the viewer may not pick from (a partner and internal units) resolves to nothing.
    const found = await searchPicker(db, viewer, kind, { q: text.trim().slice(0, 100) }, locale).catch((e: unknown) => {
      if (e instanceof AppError && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) return [];
      throw e;
    });
    if (found[0]) out[name] = found[0].id;
  }
  return out as T;
}
