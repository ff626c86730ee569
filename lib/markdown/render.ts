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
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } }),
    input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: 'disabled' } }),
  },
};
// rel/target are added by transformTags after filtering; allow them through.
options.allowedAttributes = { ...(options.allowedAttributes as Record<string, string[]>), a: ['href', 'title', 'rel', 'target'] };

export function renderMarkdown(source: string): string {
  const html = marked.parse(source ?? '') as string;
  return sanitizeHtml(html, options);
}

/** Plain text for mail bodies and summaries: markdown rendered, then every tag stripped. */
export function markdownToText(source: string): string {
  const html = marked.parse(source ?? '') as string;
  return sanitizeHtml(html.replace(/<\/(p|h\d|li|tr|blockquote|pre)>/g, '$&\n').replace(/<br\s*\/?>/g, '\n'), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
