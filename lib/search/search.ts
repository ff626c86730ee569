import 'server-only';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '@/db/types';
import { audiencesOfViewerSql } from '@/lib/audience/queries';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { parseInput } from '@/lib/forms/parse';
import { searchQuerySchema } from './schema';
import { snippet, highlight, type Segment } from './snippet';
import { searchSources } from './sources';
import { buildTsQuery } from './tokens';
import type { SearchSource, SearchViewerContext } from './types';

export const SEARCH_PAGE = 20;
/** Candidates per kind of match (title, body): the newest this many are ranked; a broader query asks to be refined. */
export const WINDOW = 200;

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
 * body matches; within each, rank then newest (among the newest WINDOW candidates of each).
 */
export async function search(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: { sources?: SearchSource[] } = {}): Promise<SearchResult> {
  const v = requireViewer(viewer);
  const f = parseInput(searchQuerySchema, raw);
  const query = buildTsQuery(f.q);
  if (!query) return { q: f.q, hits: [], page: 1, hasNext: false };
  const sources = opts.sources ?? searchSources;
  // The viewer's audiences, once per search (a few index lookups): every kind's filter is then an
  // array overlap with constants, which the planner combines with the text index.
  const { rows: aud } = await sql<{ ids: string[] | null }>`select array_agg(distinct audience_id) as ids from (${audiencesOfViewerSql(v)}) va`.execute(db);
  const ctx: SearchViewerContext = { audienceIds: v.status === 'active' ? (aud[0]?.ids ?? []) : [] };
  const visible = sources
    .map((s) => ({ s, cond: s.visibleTo(v, ctx) }))
    .filter((x): x is { s: SearchSource; cond: RawBuilder<boolean> } => x.cond !== null);
  if (visible.length === 0) return { q: f.q, hits: [], page: f.page, hasNext: false };
  const conds: RawBuilder<unknown>[] = [sql`(${sql.join(visible.map((x) => sql`(d.kind = ${x.s.kind} and ${x.cond})`), sql` or `)})`];
  if (f.space) conds.push(sql`d.scope_id = ${f.space}`);
  const tz = v.timezone;
  if (f.from) conds.push(sql`d.updated_at >= (${f.from}::date::timestamp at time zone ${tz})`);
  if (f.to) conds.push(sql`d.updated_at < ((${f.to}::date + 1)::timestamp at time zone ${tz})`);
  const where = sql.join(conds, sql` and `);
  // The query as a value the planner sees (not hidden in a CTE): it then picks the GIN index for
  // rare words and the updated_at index for very common ones.
  const tsq = sql`to_tsquery('simple', ${query.all})`;
  // Two candidate sets, each the newest WINDOW matches the viewer may read: title matches, then
  // body-only matches; each ranked by ts_rank. The planner walks the GIN index for rare words and
  // the updated_at index for very common ones, so no query ranks every match of a broad word.
  // Candidates carry only keys and rank inputs; titles and bodies (TOAST-stored, large) are read
  // for the one page shown, not for every candidate.
  const { rows } = await sql<{ kind: string; item_id: string; title: string; body: string; scope_id: string | null; scope_name: string | null; updated_at: Date; title_match: boolean }>`
    with title_hits as (
      select d.kind, d.item_id, d.updated_at, ts_rank(d.title_tsv, ${tsq}) as rank, true as title_match
      from search_document d
      where d.title_tsv @@ ${tsq} and ${where}
      order by d.updated_at desc limit ${WINDOW}),
    body_hits as (
      select d.kind, d.item_id, d.updated_at, ts_rank(d.tsv, ${tsq}) as rank, false as title_match
      from search_document d
      where d.tsv @@ ${tsq} and not (d.title_tsv @@ ${tsq}) and ${where}
      order by d.updated_at desc limit ${WINDOW}),
    page as (
      select h.* from (select * from title_hits union all select * from body_hits) h
      order by h.title_match desc, h.rank desc, h.updated_at desc, h.item_id
      limit ${SEARCH_PAGE + 1} offset ${(f.page - 1) * SEARCH_PAGE})
    select p.kind, p.item_id, d.title, left(d.body, 4000) as body, d.scope_id, sp.name as scope_name, p.updated_at, p.title_match
    from page p
    join search_document d on d.kind = p.kind and d.item_id = p.item_id
    left join kb_space sp on p.kind = 'kb.article' and sp.id = d.scope_id
    order by p.title_match desc, p.rank desc, p.updated_at desc, p.item_id`.execute(db);
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
