import { pinyin } from 'pinyin-pro';

/**
 * Pinyin keys of a person's name (docs/decisions/1500-people-directory-and-pinyin.md), stored in
 * person.name_sort / name_pinyin / name_initials whenever a name is written (create, import,
 * invite, rename) so directory order and search stay on indexes:
 * - sort:     syllables apart, "liu yang" — orders 李雪 (li xue) before 林安 (lin an) as a dictionary does;
 * - full:     "liuyang" — prefix search for "liuyang", "liu yang", "liuy";
 * - initials: "ly" — prefix search for "ly".
 * Surnames read as surnames (单 → shan, 曾 → zeng); ü is written v (吕 → lv), as people type it.
 * Latin words keep their letters (lower case); other characters are dropped from the keys.
 */
export type PinyinKeys = { sort: string; full: string; initials: string };

export function pinyinKeys(name: string): PinyinKeys {
  const parts = pinyin(name.normalize('NFKC'), { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive', v: true });
  const words: string[] = [];
  for (const part of parts) {
    for (const w of part.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
      const ascii = w.replace(/[^a-z0-9]/g, '');
      if (ascii) words.push(ascii);
    }
  }
  return { sort: words.join(' ').slice(0, 300), full: words.join('').slice(0, 300), initials: words.map((w) => w[0]).join('').slice(0, 100) };
}

/** The column values for an insert or update of `person.name`. */
export function pinyinColumns(name: string): { name_sort: string; name_pinyin: string; name_initials: string } {
  const k = pinyinKeys(name);
  return { name_sort: k.sort, name_pinyin: k.full, name_initials: k.initials };
}

/**
 * A search query as pinyin: letters only once spaces and apostrophes are gone ("liu yang",
 * "xi'an" → "liuyang", "xian"), or null when it cannot be pinyin.
 */
export function pinyinQuery(q: string): string | null {
  const s = q.toLowerCase().replace(/[\s']+/g, '');
  return /^[a-z]{1,60}$/.test(s) ? s : null;
}
