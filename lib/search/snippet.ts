import { isLatinRun } from './tokens';

/** A piece of text, `hit` when it matched the query (shown highlighted; never HTML). */
export type Segment = { text: string; hit: boolean };

function escapeRe(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Markdown punctuation that would only distract in a snippet. */
function plain(md: string): string {
  return md
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`|~-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function matcher(runs: string[]): RegExp | null {
  if (runs.length === 0) return null;
  // Latin words match as prefixes at a word start; CJK runs anywhere.
  const alts = [...runs].sort((a, b) => b.length - a.length).map((r) => (isLatinRun(r) ? `(?<![a-z0-9])${escapeRe(r)}` : escapeRe(r)));
  return new RegExp(alts.join('|'), 'giu');
}

/** Splits `text` into plain and matched pieces. */
export function highlight(text: string, runs: string[]): Segment[] {
  const re = matcher(runs);
  if (!re || !text) return text ? [{ text, hit: false }] : [];
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) continue;
    const i = m.index ?? 0;
    if (i > last) out.push({ text: text.slice(last, i), hit: false });
    out.push({ text: m[0], hit: true });
    last = i + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false });
  return out;
}

/** A window of the body around the first match (or its start), highlighted. */
export function snippet(body: string, runs: string[], width = 160): Segment[] {
  const text = plain(body);
  const re = matcher(runs);
  const m = re ? re.exec(text) : null;
  const at = m?.index ?? 0;
  const start = Math.max(0, at - Math.floor(width / 3));
  const piece = (start > 0 ? '…' : '') + text.slice(start, start + width) + (start + width < text.length ? '…' : '');
  return highlight(piece, runs);
}
