import 'server-only';
import path from 'node:path';
import { gfm } from '@joplin/turndown-plugin-gfm';
import mammoth from 'mammoth';
import TurndownService from 'turndown';

/**
 * Word → Markdown, and the links of imported Markdown. DOCX goes through mammoth (semantic HTML
 * from the document's styles: headings, lists, tables, links, images) and then turndown (HTML →
 * Markdown, GFM tables). The result is Markdown like any other article: rendered through the one
 * sanitiser, so nothing in a document can run.
 */

export type DocxImage = { index: number; contentType: string; bytes: Buffer };

/** The placeholder an embedded image gets until it is stored (then `/api/files/<id>?inline=1`). */
export const imagePlaceholder = (i: number) => `plaza-import-image-${i}`;

const SAFE_HREF = /^(https?:|mailto:|tel:|#)/i;

function turndown(): TurndownService {
  const td = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });
  td.use(gfm);
  // A link whose target is not http(s)/mailto/tel (javascript:, file:, a local path) keeps its text only.
  td.addRule('unsafeLinks', {
    filter: (node) => node.nodeName === 'A' && !SAFE_HREF.test(node.getAttribute('href') ?? '') && !(node.getAttribute('href') ?? '').startsWith('plaza-import-'),
    replacement: (content) => content,
  });
  // Only our own placeholders survive as images (mammoth gives every embedded image one).
  td.addRule('images', {
    filter: 'img',
    replacement: (_content, node) => {
      const el = node as unknown as { getAttribute(n: string): string | null };
      const src = el.getAttribute('src') ?? '';
      if (!src.startsWith('plaza-import-image-')) return '';
      const alt = (el.getAttribute('alt') ?? '').replace(/[[\]\n]/g, ' ').trim();
      return `![${alt}](${src})`;
    },
  });
  return td;
}

/**
 * A Word document as Markdown and its embedded images (in order; the Markdown names them by
 * placeholder). Linked (external) images and files are never fetched.
 */
export async function docxToMarkdown(bytes: Buffer): Promise<{ markdown: string; images: DocxImage[]; warnings: number }> {
  const images: DocxImage[] = [];
  const result = await mammoth.convertToHtml({ buffer: bytes }, {
    externalFileAccess: false,
    convertImage: mammoth.images.imgElement(async (image) => {
      const index = images.length;
      images.push({ index, contentType: image.contentType, bytes: await image.readAsBuffer() });
      return { src: imagePlaceholder(index) };
    }),
  });
  // Word tables rarely mark a header row; Markdown tables need one: the first row becomes it.
  const html = result.value.replace(/<table>\s*<tr>([\s\S]*?)<\/tr>/g, (_m, row: string) =>
    `<table><thead><tr>${row.replace(/<td(\s[^>]*)?>/g, '<th>').replace(/<\/td>/g, '</th>')}</tr></thead>`);
  const markdown = turndown().turndown(html).replace(/\n{3,}/g, '\n\n').trim();
  return { markdown, images, warnings: result.messages.filter((m) => m.type === 'warning' || m.type === 'error').length };
}

/** A link's target inside the archive, relative to the Markdown file's folder; null when it is not one. */
export function resolveLocal(fromFile: string, target: string): { path: string; hash: string } | null {
  let t = target.trim();
  if (t.startsWith('<') && t.endsWith('>')) t = t.slice(1, -1);
  if (!t || t.startsWith('#') || t.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(t)) return null;
  const hashAt = t.indexOf('#');
  const hash = hashAt >= 0 ? t.slice(hashAt) : '';
  t = hashAt >= 0 ? t.slice(0, hashAt) : t;
  const q = t.indexOf('?');
  if (q >= 0) t = t.slice(0, q);
  try { t = decodeURIComponent(t); } catch { /* keep as written */ }
  t = t.replace(/\\/g, '/');
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), t));
  if (joined.startsWith('..') || joined.startsWith('/')) return null;
  return { path: joined.normalize('NFC'), hash };
}

const INLINE = /(!?)\[((?:[^[\]\n]|\[[^\]\n]*\])*)\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)((?:\s+(?:"[^"\n]*"|'[^'\n]*'))?)\s*\)/g;
const REFDEF = /^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)(.*)$/gm;

/**
 * Rewrites every link and image of a Markdown text (outside fenced code) through `map`: given
 * the target as written and whether it is an image, it returns the new target, or null to leave
 * the link as written.
 */
export function rewriteLinks(md: string, map: (target: string, image: boolean) => string | null): string {
  const parts = md.split(/(^(?:```|~~~)[^\n]*\n[\s\S]*?^(?:```|~~~)[ \t]*$)/m);
  return parts.map((part, i) => {
    if (i % 2 === 1) return part; // fenced code
    return part
      .replace(INLINE, (all, bang: string, text: string, target: string, title: string) => {
        const next = map(target, bang === '!');
        return next === null ? all : `${bang}[${text}](${next}${title})`;
      })
      .replace(REFDEF, (all, head: string, target: string, rest: string) => {
        const next = map(target, false);
        return next === null ? all : `${head}${next}${rest}`;
      });
  }).join('');
}
