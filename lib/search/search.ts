import 'server-only';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { audiencesOfViewerSql } from '@/lib/audience/queries';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { parseInput } from '@/lib/forms/parse';
import { searchQuerySchema } from './schema';
import { snippet, highlight, type Segment } from './snippet';
import { searchSources } from './sources';
import { buildTsQuery, phraseGrams } from './tokens';
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
 * How one candidate set (title matches, or body-only matches) is read. Both give the same rows —
 * the newest WINDOW matches the viewer may read, ordered (updated_at desc, kind, item_id) — at
 * very different costs, which depend on how many documents contain the words (decision 2200):
 *  - `walk`: walk the updated_at index from the newest and test each row's tsvector (detoasting
 *    it, ≈ 4 KB) until WINDOW rows matched: cheap when the words are common, since it stops early;
 *  - `index`: the GIN index of the words first, then sort the matches by date: cheap when few
 *    documents match. `since` (a cut-off date) lets the index read only the newest documents when a
 *    mid-frequency word would still match thousands; if fewer than WINDOW matches are that new, the
 *    set is read again without it, so the result never depends on the cut-off.
 *    `keys`: for a viewer who may read few documents (a partner), the permission index (read_keys)
 *    and the cut-off — the date of the viewer's own N-th newest readable document — choose the
 *    rows, and the words are tested on them: a common word's postings (hundreds of thousands) are
 *    never read. Again read without a cut-off when fewer than WINDOW match.
 *    `exact` (with a cut-off, for a query of whole words and a prefix, `root cause`): the index of
 *    the whole words and the cut-off choose the rows, the prefix is tested on them — a GIN partial
 *    match of a common prefix costs ≈ 2 µs a posting.
 */
export type CandidatePlan = { kind: 'walk' } | { kind: 'index'; since?: Date | null; share?: number; keys?: boolean; exact?: boolean };
export type SearchPlan = { title: CandidatePlan; body: CandidatePlan };
/** What a search did, for the benchmark and tests: the estimates, the plan, how many statements. */
export type SearchPlanReport = { estimate: PlanEstimate | null; plan: SearchPlan; statements: number };
export type PlanEstimate = { titleMatches: number; bodyMatches: number; titleText: number; bodyText: number; scanned: number; total: number; readable: number; titleExact: number; bodyExact: number };

/**
 * One search over everything the viewer may read. The index matches in SQL (GIN over bigram/word
 * tokens); each kind's visibility rule (lib/search/sources.ts) filters in the same statement, so
 * nothing the viewer may not read is ever counted, ranked or returned. Title matches first, then
 * body matches; within each, rank then newest (among the newest WINDOW candidates of each).
 * `opts.plan` forces how the candidates are read (tests); by default it follows the words' frequency.
 */
export async function search(
  db: Kysely<DB>,
  viewer: Viewer | null,
  raw: unknown,
  opts: { sources?: SearchSource[]; plan?: SearchPlan; onPlan?: (r: SearchPlanReport) => void } = {},
): Promise<SearchResult> {
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
  const visibility = sql<boolean>`(${sql.join(visible.map((x) => sql`(d.kind = ${x.s.kind} and ${x.cond})`), sql` or `)})`;
  // Space and dates: conditions a walk can use too (the scope and updated_at indexes).
  const filters: RawBuilder<unknown>[] = [];
  if (f.space) filters.push(sql`d.scope_id = ${f.space}`);
  const tz = v.timezone;
  if (f.from) filters.push(sql`d.updated_at >= (${f.from}::date::timestamp at time zone ${tz})`);
  if (f.to) filters.push(sql`d.updated_at < ((${f.to}::date + 1)::timestamp at time zone ${tz})`);
  const tsq = sql`to_tsquery('simple', ${query.all})`;
  const exactTsq = query.exact ? sql`to_tsquery('simple', ${query.exact})` : null;
  const where = sql.join([visibility, ...filters], sql` and `);

  let estimate: PlanEstimate | null = null;
  let plan: SearchPlan;
  if (opts.plan) plan = opts.plan;
  else {
    const stats = await indexStats(db);
    estimate = await estimateMatches(db, tsq, exactTsq, where, filters, phraseGrams(query.runs), stats);
    // Up to a date, the newest documents say nothing about the newest matches: no cut-off then.
    const untilDate = !!f.to;
    plan = {
      title: choosePlan(estimate.titleMatches, estimate.titleText, estimate, stats, untilDate),
      body: choosePlan(estimate.bodyMatches, estimate.bodyText, estimate, stats, untilDate),
    };
    // A viewer who may read few documents: the permission index and their own newest documents
    // instead of a common word's postings, when that reads fewer rows (the dates of the viewer's
    // newest documents are read once a minute).
    const e = estimate;
    const need = (p: CandidatePlan, m: number, postings: number) => (p.kind === 'index' ? keysRows(m, e.readable, postings, e.total) : null);
    const wantTitle = need(plan.title, e.titleMatches, e.titleText);
    const wantBody = need(plan.body, e.bodyMatches, e.bodyText);
    if (wantTitle !== null || wantBody !== null) {
      const ranks = await viewerRanks(db, where);
      const byKeys = (p: CandidatePlan, want: number | null): CandidatePlan => {
        const since = want === null ? null : rankDate(ranks, want);
        return since ? { kind: 'index', since, keys: true } : p;
      };
      plan = { title: byKeys(plan.title, wantTitle), body: byKeys(plan.body, wantBody) };
    }
    if (exactTsq) {
      const e2 = estimate;
      const exact = (p: CandidatePlan, postings: number, whole: number): CandidatePlan =>
        p.kind === 'index' && p.since && !p.keys && exactRows(p.share ?? 1, whole, postings) ? { ...p, exact: true } : p;
      plan = { title: exact(plan.title, e2.titleText, e2.titleExact), body: exact(plan.body, e2.bodyText, e2.bodyExact) };
    }
  }
  let statements = 0;
  const bounds = opts.plan ? [] : (await indexStats(db)).bounds;
  for (;;) {
    statements++;
    // A bitmap of a common word's postings must fit work_mem, or it turns lossy and every row of
    // its pages is rechecked (detoasted): 32 MB holds a word found in every one of 1,000,000 documents.
    const { rows } = await db.transaction().execute(async (trx) => {
      await sql`set local work_mem = '32MB'`.execute(trx);
      return candidatesAndPage(trx, plan, tsq, exactTsq, where, visibility, filters, f.page);
    });
    // A cut-off set with fewer than WINDOW matches may have left out older ones: read it again with
    // a cut-off eight times as far back (matches may cluster in time, e.g. one partner's folder),
    // at last without one.
    const retry = (p: CandidatePlan, n: number): CandidatePlan => {
      if (p.kind !== 'index' || !p.since || n >= WINDOW) return p;
      if (p.keys) return { kind: 'index', since: null };
      const share = (p.share ?? 1) * 8;
      return { kind: 'index', since: cutoff(bounds, share), share };
    };
    const again: SearchPlan = { title: retry(plan.title, rows[0]?.n_title ?? 0), body: retry(plan.body, rows[0]?.n_body ?? 0) };
    if (again.title === plan.title && again.body === plan.body) {
      opts.onPlan?.({ estimate, plan, statements });
      return toResult(rows.filter((r) => r.item_id !== null), f.q, f.page, query.runs, sources, v);
    }
    plan = again;
  }
}

type PageRow = { kind: string; item_id: string; title: string; body: string; scope_id: string | null; scope_name: string | null; updated_at: Date; title_match: boolean };

/**
 * The candidates (each set read by its plan), ranked, and the page shown. One row per hit on the
 * page, plus each set's size (n_title, n_body: a cut-off set smaller than WINDOW is read again);
 * when the page is empty, one row of counts alone (item_id null).
 */
async function candidatesAndPage(db: Kysely<DB> | Transaction<DB>, plan: SearchPlan, tsq: RawBuilder<unknown>, exactTsq: RawBuilder<unknown> | null, where: RawBuilder<unknown>, visibility: RawBuilder<boolean>, filters: RawBuilder<unknown>[], page: number) {
  const set = (p: CandidatePlan, name: 'title' | 'body') => {
    const match = name === 'title' ? sql`d.title_tsv @@ ${tsq}` : sql`d.tsv @@ ${tsq} and not (d.title_tsv @@ ${tsq})`;
    const rank = name === 'title' ? sql`ts_rank(m.title_tsv, ${tsq})` : sql`ts_rank(m.tsv, ${tsq})`;
    if (p.kind === 'walk') {
      // The text and permission tests wrapped in IS TRUE: no index can answer them, so the planner
      // walks the updated_at (or scope) index in order and stops after WINDOW rows.
      const rest = filters.length ? sql` and ${sql.join(filters, sql` and `)}` : sql``;
      return sql`select m.kind, m.item_id, m.updated_at, ${rank} as rank from (
          select d.kind, d.item_id, d.updated_at, d.title_tsv, d.tsv from search_document d
          where (${match}) is true and (${visibility}) is true${rest}
          order by d.updated_at desc, d.kind, d.item_id limit ${WINDOW}) m`;
    }
    // The index of the words (and, with a cut-off, the updated_at range) first, then sorted: the
    // order is by an expression no index provides, so the planner cannot turn it into a walk. Ranked
    // after the sort — a body's tsvector is detoasted for the WINDOW kept rows only.
    const since = p.since ? sql` and d.updated_at >= ${p.since}` : sql``;
    // keys: the words' test wrapped in IS TRUE, so only the permission and updated_at indexes choose rows.
    const test = p.keys ? sql`(${match}) is true`
      : p.exact && exactTsq ? sql`${name === 'title' ? sql`d.title_tsv` : sql`d.tsv`} @@ ${exactTsq} and (${match}) is true` : match;
    return sql`select m.kind, m.item_id, m.updated_at, ${rank} as rank from (
        select d.kind, d.item_id, d.updated_at, d.title_tsv, d.tsv from search_document d
        where ${test} and ${where}${since}
        order by d.updated_at + interval '0 s' desc, d.kind, d.item_id limit ${WINDOW}) m`;
  };
  // Candidates carry only keys and rank inputs; titles and bodies (TOAST-stored, large) are read
  // for the one page shown, not for every candidate.
  return sql<PageRow & { n_title: number; n_body: number }>`
    with title_hits as materialized (select c.*, true as title_match from (${set(plan.title, 'title')}) c),
    body_hits as materialized (select c.*, false as title_match from (${set(plan.body, 'body')}) c),
    page as (
      select h.* from (select * from title_hits union all select * from body_hits) h
      order by h.title_match desc, h.rank desc, h.updated_at desc, h.item_id
      limit ${SEARCH_PAGE + 1} offset ${(page - 1) * SEARCH_PAGE}),
    counts as (select (select count(*) from title_hits)::int as n_title, (select count(*) from body_hits)::int as n_body)
    select p.kind, p.item_id, d.title, left(d.body, 4000) as body, d.scope_id, sp.name as scope_name, p.updated_at, p.title_match, c.n_title, c.n_body
    from counts c
    left join page p on true
    left join search_document d on d.kind = p.kind and d.item_id = p.item_id
    left join kb_space sp on p.kind = 'kb.article' and sp.id = d.scope_id
    order by p.title_match desc, p.rank desc, p.updated_at desc, p.item_id`.execute(db);
}

/**
 * The planner's own estimate of how many documents the viewer may read match the words (title,
 * body only), and how many a walk would pass over (the space/date filters alone). ANALYZE keeps
 * the tsvector column's most common lexemes and their frequencies, so this follows the words'
 * frequency; it costs one planning, no execution.
 *
 * Phrases (`a <-> b <-> c`, a Chinese word of three or more characters) are corrected: the planner
 * multiplies the bigrams' shares as if independent, and guesses min(0.5 %, f_min / 2) for a bigram
 * missing from ANALYZE's list (whose least frequent entry is f_min), while a phrase's bigrams come
 * together. A phrase's share is taken as its rarest bigram's, a missing one counting as f_min (an
 * upper bound: over-estimating costs at most a cut-off that is read again; under-estimating costs
 * thousands of rechecked rows).
 */
async function estimateMatches(db: Kysely<DB>, tsq: RawBuilder<unknown>, exactTsq: RawBuilder<unknown> | null, where: RawBuilder<unknown>, filters: RawBuilder<unknown>[], phrases: string[][], stats: IndexStats): Promise<PlanEstimate> {
  const scan = filters.length ? sql.join(filters, sql` and `) : sql`true`;
  const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: { Plans?: { 'Plan Rows': number }[] } }] }>`explain (format json)
    select 1 from search_document d where d.title_tsv @@ ${tsq} and ${where}
    union all select 1 from search_document d where d.tsv @@ ${tsq} and not (d.title_tsv @@ ${tsq}) and ${where}
    union all select 1 from search_document d where ${scan}
    union all select 1 from search_document d
    union all select 1 from search_document d where d.title_tsv @@ ${tsq}
    union all select 1 from search_document d where d.tsv @@ ${tsq}
    union all select 1 from search_document d where ${where}${exactTsq ? sql`
    union all select 1 from search_document d where d.title_tsv @@ ${exactTsq}
    union all select 1 from search_document d where d.tsv @@ ${exactTsq}` : sql``}`.execute(db);
  const parts = rows[0]['QUERY PLAN'][0].Plan.Plans ?? [];
  const at = (i: number) => parts[i]?.['Plan Rows'] ?? 0;
  const factor = phrases.reduce((f, grams) => f * phraseFactor(grams, stats), 1);
  const scanned = Math.max(at(2), 1);
  const total = Math.max(at(3), 1);
  return {
    titleMatches: Math.min(at(0) * factor, scanned), bodyMatches: Math.min(at(1) * factor, scanned),
    titleText: Math.min(at(4) * factor, total), bodyText: Math.min(at(5) * factor, total), scanned, total,
    readable: Math.max(at(6), 1), titleExact: Math.min(at(7), total), bodyExact: Math.min(at(8), total),
  };
}

/** How much more frequent a phrase is than the planner's product of its bigrams' shares (see estimateMatches). */
export function phraseFactor(grams: string[], stats: Pick<IndexStats, 'lexemes' | 'minFreq'>): number {
  if (stats.minFreq <= 0 || grams.length === 0) return 1;
  const planner = grams.map((g) => stats.lexemes.get(g) ?? Math.min(0.005, stats.minFreq / 2));
  const mine = Math.min(...grams.map((g) => stats.lexemes.get(g) ?? stats.minFreq));
  return mine / Math.max(planner.reduce((a, b) => a * b, 1), 1e-12);
}

type IndexStats = { bounds: Date[]; lexemes: Map<string, number>; minFreq: number; at: number };
const statsCache = new WeakMap<object, IndexStats>();

/**
 * What ANALYZE knows about the index (pg_stats): the updated_at histogram (for cut-off dates) and
 * the body tsvector's most common lexemes with their frequencies. Cached a minute per database handle.
 */
async function indexStats(db: Kysely<DB>): Promise<IndexStats> {
  const hit = statsCache.get(db);
  if (hit && Date.now() - hit.at < 60_000) return hit;
  const { rows } = await sql<{ bounds: Date[] | null; elems: string[] | null; freqs: number[] | null }>`
    select (select s.histogram_bounds::text::timestamptz[] from pg_stats s
            where s.schemaname = current_schema() and s.tablename = 'search_document' and s.attname = 'updated_at') as bounds,
           s.most_common_elems::text::text[] as elems, s.most_common_elem_freqs::float8[] as freqs
    from (select 1) one left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'search_document' and s.attname = 'tsv'`.execute(db);
  const elems = rows[0]?.elems ?? [];
  const freqs = rows[0]?.freqs ?? [];
  // most_common_elem_freqs: one per lexeme, then the least and the greatest of them.
  const out: IndexStats = {
    bounds: rows[0]?.bounds ?? [],
    lexemes: new Map(elems.map((e, i) => [e, Number(freqs[i])])),
    minFreq: freqs.length > elems.length ? Number(freqs[elems.length]) : 0,
    at: Date.now(),
  };
  statsCache.set(db, out);
  return out;
}

/**
 * Costs in "row visits": a walked row costs WALK_ROW (heap tuple plus its detoasted tsvector,
 * ≈ 4 KB); a row fetched through the index 1; each posting of the words in the GIN index
 * POSTING. A cut-off keeps about SAFETY × WINDOW matches (a retry costs the set again).
 */
const WALK_ROW = 4;
const POSTING = 0.01;
const SAFETY = 3;

/**
 * `matches`: documents the viewer may read that match; `postings`: documents that match the words
 * at all (the GIN index reads all their postings, whatever the viewer may read).
 */
export function choosePlan(matches: number, postings: number, e: Pick<PlanEstimate, 'scanned' | 'total'>, stats: Pick<IndexStats, 'bounds'>, untilDate: boolean): CandidatePlan {
  const m = Math.max(matches, 1);
  const walk = (WALK_ROW * WINDOW * e.scanned) / m;
  const gin = Math.max(postings, m) * POSTING;
  const index = m + gin;
  // With a cut-off: the newest `newest` documents hold ≈ SAFETY × WINDOW matches.
  const newest = (SAFETY * WINDOW * e.total) / m;
  const share = newest / e.total;
  const since = !untilDate && m > 2 * SAFETY * WINDOW ? cutoff(stats.bounds, share) : null;
  const windowed = since ? SAFETY * WINDOW + newest * POSTING + gin : Infinity;
  if (walk <= Math.min(index, windowed)) return { kind: 'walk' };
  return windowed < index ? { kind: 'index', since, share } : { kind: 'index', since: null };
}

/**
 * Reading by permission (plan `keys`): how many of the viewer's newest documents to read so that
 * ≈ SAFETY × WINDOW of them match, or null when that is not cheaper than the words' index. Each
 * row read is tested (WALK_ROW), plus the permission and date bitmaps; against the index, which
 * reads all the words' postings and fetches its matches within its cut-off.
 */
export function keysRows(matches: number, readable: number, postings: number, total: number): number | null {
  const m = Math.max(matches, 1);
  if (readable > KEYS_MAX_SHARE * total || m <= SAFETY * WINDOW) return null;
  const rows = Math.ceil((SAFETY * WINDOW * readable) / m);
  const keys = rows * WALK_ROW + readable * POSTING;
  const index = Math.max(postings, m) * KEYS_POSTING + SAFETY * WINDOW;
  return keys < index ? rows : null;
}
/**
 * Whole words and a prefix (plan `exact`): the rows of the cut-off holding the whole words are
 * tested (WALK_ROW each) instead of the GIN partial match, ≈ PREFIX_POSTING a posting of the query.
 */
export function exactRows(share: number, whole: number, postings: number): boolean {
  return share * whole * WALK_ROW < postings * PREFIX_POSTING;
}
const PREFIX_POSTING = 0.5;
/** Only viewers who may read at most this share of the index are read by permission. */
const KEYS_MAX_SHARE = 0.05;
/** A posting of the words as the index reads them for a viewer who may read few: its cut-off, from the global dates, often misses their documents and is read again. */
const KEYS_POSTING = 0.03;
/** The viewer's newest readable documents are dated at ranks 1, 2, 4, … up to this. */
const RANKS = 16384;

type Ranks = { dates: Map<number, Date>; at: number };
const ranksCache = new WeakMap<object, Map<string, Ranks>>();

/**
 * The update times of the viewer's 1st, 2nd, 4th, … newest readable documents (within the space
 * and date filters): the permission index first, then the newest RANKS by date. Cached a minute
 * per database handle and filter; a stale date only costs a set read again (the result never
 * depends on it).
 */
async function viewerRanks(db: Kysely<DB>, where: RawBuilder<unknown>): Promise<Map<number, Date>> {
  const c = where.compile(db);
  const key = JSON.stringify([c.sql, c.parameters]);
  let byWhere = ranksCache.get(db);
  if (!byWhere) ranksCache.set(db, (byWhere = new Map()));
  const hit = byWhere.get(key);
  if (hit && Date.now() - hit.at < 60_000) return hit.dates;
  const { rows } = await sql<{ rn: number; updated_at: Date }>`
    select r.rn::int as rn, r.updated_at from (
      select d.updated_at, row_number() over (order by d.updated_at desc) as rn from (
        select d.updated_at from search_document d where ${where}
        order by d.updated_at + interval '0 s' desc limit ${RANKS}) d) r
    where r.rn & (r.rn - 1) = 0`.execute(db);
  const dates = new Map(rows.map((r) => [Number(r.rn), r.updated_at]));
  if (byWhere.size > 1000) byWhere.clear();
  byWhere.set(key, { dates, at: Date.now() });
  return dates;
}

/** The date of the viewer's `rows`-th newest document (the next rank up), or null when they have fewer. */
export function rankDate(ranks: Map<number, Date>, rows: number): Date | null {
  let r = 1;
  while (r < rows) r *= 2;
  return ranks.get(r) ?? null;
}

/** The updated_at above which about `share` of the documents lie (from the histogram; null when it would not cut). */
export function cutoff(bounds: Date[], share: number): Date | null {
  const buckets = bounds.length - 1;
  if (buckets < 2 || share >= 0.5) return null;
  // Each bucket holds 1/buckets of the documents: from bound i upwards lie (buckets - i) of them.
  const i = buckets - Math.max(1, Math.ceil(buckets * share));
  return i <= 0 ? null : bounds[i];
}

function toResult(rows: PageRow[], q: string, page: number, runs: string[], sources: SearchSource[], v: Viewer): SearchResult {
  const urlOf = new Map(sources.map((s) => [s.kind, s.url]));
  return {
    q,
    page,
    hasNext: rows.length > SEARCH_PAGE,
    hits: rows.slice(0, SEARCH_PAGE).map((r) => ({
      kind: r.kind, id: r.item_id, url: urlOf.get(r.kind)?.(r.item_id, v) ?? '/', title: highlight(r.title, runs), snippet: snippet(r.body, runs),
      titleMatch: r.title_match, scopeId: r.scope_id, scopeName: r.scope_name, updatedAt: r.updated_at,
    })),
  };
}
