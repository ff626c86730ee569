import 'server-only';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '@/db/types';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { parseInput } from '@/lib/forms/parse';
import { searchQuerySchema } from './schema';
import { snippet, highlight, type Segment } from './snippet';
import { searchSources } from './sources';
import { buildTsQuery } from './tokens';
import type { SearchSource } from './types';

export const SEARCH_PAGE = 20;

export type SearchHit = {
  kind: string;
  id: string;
  url: string;
  title: Segment[];
  snippet: Segment[];
  titleMatch: boolean;
  scopeId: string | null;
  scopeName: string | null;
  updatedAt: Date;
};

export type SearchResult = { q: string; hits: SearchHit[]; page: number; hasNext: boolean };

/**
 * One search over everything the viewer may read. The index matches in SQL (GIN over bigram/word
 * tokens); each kind's visibility rule (lib/search/sources.ts) filters in the same statement, so
 * nothing the viewer may not read is ever counted, ranked or returned. Title matches first, then
 * rank, then newest.
 */
export async function search(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: { sources?: SearchSource[] } = {}): Promise<SearchResult> {
  const v = requireViewer(viewer);
  const f = parseInput(searchQuerySchema, raw);
  const query = buildTsQuery(f.q);
  if (!query) return { q: f.q, hits: [], page: 1, hasNext: false };
  const sources = opts.sources ?? searchSources;
  const visible = sources
    .map((s) => ({ s, cond: s.visibleTo(v) }))
    .filter((x): x is { s: SearchSource; cond: RawBuilder<boolean> } => x.cond !== null);
  if (visible.length === 0) return { q: f.q, hits: [], page: f.page, hasNext: false };
  const conds: RawBuilder<unknown>[] = [sql`d.tsv @@ q.all_q`];
  conds.push(sql`(${sql.join(visible.map((x) => sql`(d.kind = ${x.s.kind} and ${x.cond})`), sql` or `)})`);
  if (f.space) conds.push(sql`d.scope_id = ${f.space}`);
  const tz = v.timezone;
  if (f.from) conds.push(sql`d.updated_at >= (${f.from}::date::timestamp at time zone ${tz})`);
  if (f.to) conds.push(sql`d.updated_at < ((${f.to}::date + 1)::timestamp at time zone ${tz})`);
  const { rows } = await sql<{ kind: string; item_id: string; title: string; body: string; scope_id: string | null; scope_name: string | null; updated_at: Date; title_match: boolean }>`
    with q as (select to_tsquery('simple', ${query.all}) as all_q, to_tsquery('simple', ${query.title}) as title_q)
    select d.kind, d.item_id, d.title, left(d.body, 4000) as body, d.scope_id, sp.name as scope_name, d.updated_at, (d.tsv @@ q.title_q) as title_match
    from search_document d cross join q
    left join kb_space sp on d.kind = 'kb.article' and sp.id = d.scope_id
    where ${sql.join(conds, sql` and `)}
    order by (d.tsv @@ q.title_q) desc, ts_rank(d.tsv, q.all_q) desc, d.updated_at desc, d.item_id
    limit ${SEARCH_PAGE + 1} offset ${(f.page - 1) * SEARCH_PAGE}`.execute(db);
  const urlOf = new Map(sources.map((s) => [s.kind, s.url]));
  return {
    q: f.q,
    page: f.page,
    hasNext: rows.length > SEARCH_PAGE,
    hits: rows.slice(0, SEARCH_PAGE).map((r) => ({
      kind: r.kind, id: r.item_id, url: urlOf.get(r.kind)?.(r.item_id) ?? '/', title: highlight(r.title, query.runs), snippet: snippet(r.body, query.runs),
      titleMatch: r.title_match, scopeId: r.scope_id, scopeName: r.scope_name, updatedAt: r.updated_at,
    })),
  };
}
