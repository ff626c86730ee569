import { Marked, type Tokens } from 'marked';
import { renderMarkdown } from '@/lib/markdown/render';

export type OutlineEntry = { level: number; text: string; anchor: string };

const lexer = new Marked({ gfm: true });

/**
 * An article rendered (lib/markdown: sanitised) with anchors on its headings, and its outline.
 * The anchors are ours (h-1, h-2 …), added after sanitising: no user text reaches an attribute.
 */
export function renderArticle(md: string): { html: string; outline: OutlineEntry[] } {
  const outline: OutlineEntry[] = [];
  for (const t of lexer.lexer(md ?? '')) {
    if (t.type === 'heading') {
      const h = t as Tokens.Heading;
      outline.push({ level: h.depth, text: h.text.replace(/[*_`~[\]]|\(.*?\)/g, '').trim(), anchor: `h-${outline.length + 1}` });
    }
  }
  let n = 0;
  const html = renderMarkdown(md, { fileImages: true }).replace(/<h([1-6])>/g, (_m, level: string) => `<h${level} id="h-${++n}">`);
  return { html, outline: outline.slice(0, n) };
}
