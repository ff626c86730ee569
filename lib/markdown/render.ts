import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Markdown → safe HTML. `marked` renders (raw HTML in the source passes through it), then
 * `sanitize-html` keeps only an allow-list: no script, no event handlers, no style, no
 * javascript:/data: URLs. The output is the only HTML the app injects from user content.
 */
const marked = new Marked({ gfm: true, breaks: true, async: false });

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'ul', 'ol', 'li',
    'strong', 'em', 'b', 'i', 'u', 's', 'del', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'input',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    th: ['align'],
    td: ['align'],
    // GFM task lists render disabled checkboxes.
    input: ['type', 'checked', 'disabled'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
  transformTags: {
    // Links within Plaza (a path on this site, e.g. another article) stay in the tab.
    a: (tagName, attribs) => (/^\/(?!\/)/.test(attribs.href ?? '') ? { tagName, attribs } : { tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } }),
    input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: 'disabled' } }),
  },
};
// rel/target are added by transformTags after filtering; allow them through.
options.allowedAttributes = { ...(options.allowedAttributes as Record<string, string[]>), a: ['href', 'title', 'rel', 'target'] };

/** Our own stored files, shown inline (lib/files decides per viewer who gets the bytes). */
const FILE_IMAGE = /^\/api\/files\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\?inline=1$/;

const withFileImages: sanitizeHtml.IOptions = {
  ...options,
  allowedTags: [...(options.allowedTags as string[]), 'img'],
  allowedAttributes: { ...(options.allowedAttributes as Record<string, string[]>), img: ['src', 'alt', 'title', 'loading'] },
  // Relative URLs only (no scheme at all): anything else is dropped by the filter below.
  allowedSchemesByTag: { img: [] },
  exclusiveFilter: (frame) => (frame.tag === 'input' && frame.attribs.type !== 'checkbox') || (frame.tag === 'img' && !FILE_IMAGE.test(frame.attribs.src ?? '')),
  transformTags: { ...options.transformTags, img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } }) },
};

/**
 * `fileImages`: images whose source is one of our stored files (`/api/files/<id>?inline=1`, as
 * the knowledge base's import and editor write them) are kept; every other image is dropped.
 */
export function renderMarkdown(source: string, opts: { fileImages?: boolean } = {}): string {
  const html = marked.parse(source ?? '') as string;
  return sanitizeHtml(html, opts.fileImages ? withFileImages : options);
}

/** Plain text for mail bodies and summaries: markdown rendered, then every tag stripped. */
export function markdownToText(source: string): string {
  const html = marked.parse(source ?? '') as string;
  return sanitizeHtml(html.replace(/<\/(p|h\d|li|tr|blockquote|pre)>/g, '$&\n').replace(/<br\s*\/?>/g, '\n'), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
