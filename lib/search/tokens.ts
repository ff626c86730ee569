/**
 * The search tokenizer, the same rule as the database function plaza_search_tokens() (migration
 * 2026_11_29_110000): Latin letters and digits form words (lower-cased); a run of CJK characters
 * becomes overlapping bigrams plus its last character (设备故障 → 设备 备故 故障 障). Queries are
 * built from the same runs, so a two-character word (故障) is one token, a longer one a phrase of
 * bigrams, a single character a prefix, the last Latin word typed a prefix and earlier ones exact words.
 */
const RUN = /([a-z0-9]+|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+)/g;
const LATIN = /^[a-z0-9]/;

export function searchRuns(text: string): string[] {
  return (text ?? '').toLowerCase().match(RUN) ?? [];
}

export function isLatinRun(run: string): boolean {
  return LATIN.test(run);
}

/** The tokens stored for a text (mirrors plaza_search_tokens). */
export function searchTokens(text: string): string[] {
  const out: string[] = [];
  for (const run of searchRuns(text)) {
    const chars = Array.from(run);
    if (isLatinRun(run) || chars.length === 1) out.push(run);
    else {
      for (let i = 0; i < chars.length - 1; i++) out.push(chars[i] + chars[i + 1]);
      out.push(chars[chars.length - 1]);
    }
  }
  return out;
}

const MAX_RUNS = 8;

/**
 * A tsquery (for to_tsquery('simple', …)) matching documents that contain every run of the query
 * (searched in the title's own tsvector and in the whole document's). Null when the query has
 * nothing searchable. Tokens are [a-z0-9] or CJK only, so nothing needs quoting.
 */
export function buildTsQuery(query: string): { all: string; runs: string[]; exact: string | null } | null {
  const typed = searchRuns(query);
  const runs = [...new Set(typed)].slice(0, MAX_RUNS);
  if (runs.length === 0) return null;
  // As you type: only the last word typed may be unfinished, so only it is a prefix; earlier Latin
  // words are complete and match exactly (a prefix's GIN partial match reads every lexeme it
  // starts, ≈ 150 ms for two prefixes at 1,000,000 documents, decision 2200).
  const last = typed[typed.length - 1];
  const part = (run: string) => {
    const chars = Array.from(run);
    if (isLatinRun(run)) return run === last ? `${run}:*` : run;
    if (chars.length === 1) return `${run}:*`;
    const grams: string[] = [];
    for (let i = 0; i < chars.length - 1; i++) grams.push(`${chars[i]}${chars[i + 1]}`);
    return grams.length === 1 ? grams[0] : `(${grams.join(' <-> ')})`;
  };
  const parts = runs.map(part);
  // The whole words alone, when the query also has a prefix: an index can read them without the
  // prefix's partial match (which is slow for a common prefix), and the prefix tested on the rows.
  const whole = parts.filter((x) => !x.endsWith(':*'));
  const exact = whole.length > 0 && whole.length < parts.length ? whole.join(' & ') : null;
  return { all: parts.join(' & '), runs, exact };
}

/**
 * The bigrams of each phrase of a query (runs of three or more CJK characters), for estimating its
 * frequency: a phrase is no more frequent than its rarest bigram.
 */
export function phraseGrams(runs: string[]): string[][] {
  return runs
    .filter((run) => !isLatinRun(run) && Array.from(run).length > 2)
    .map((run) => {
      const chars = Array.from(run);
      return chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
    });
}
