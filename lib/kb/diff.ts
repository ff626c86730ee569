import { diffLines, diffWords } from 'diff';

/** One piece of an inline comparison: unchanged, added or removed text. */
export type DiffPart = { text: string; op: 'same' | 'add' | 'del' };

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Inline comparison of two versions' Markdown with the `diff` library: by words (Chinese words
 * found by Intl.Segmenter), or by lines for very long texts or when word diffing takes too long.
 */
export function diffText(before: string, after: string): DiffPart[] {
  const toParts = (changes: { value: string; added: boolean; removed: boolean }[]) =>
    changes.map((c) => ({ text: c.value, op: c.added ? 'add' : c.removed ? 'del' : 'same' }) as DiffPart);
  if (before.length + after.length <= 60_000) {
    const words = diffWords(before, after, { intlSegmenter: segmenter, timeout: 1500 });
    if (words) return toParts(words);
  }
  return toParts(diffLines(before, after));
}

export function diffStats(parts: DiffPart[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const p of parts) {
    if (p.op === 'add') added += p.text.length;
    if (p.op === 'del') removed += p.text.length;
  }
  return { added, removed };
}
