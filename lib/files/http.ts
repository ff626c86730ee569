/**
 * Response headers for a download. The file is always an attachment (never rendered inline in our
 * origin), its type is the one detected at upload, browsers may not sniff another, and should a
 * browser render it anyway, the sandbox CSP gives it no scripts, no same-origin and no fetches.
 */
export function contentDisposition(filename: string, inline = false): string {
  // RFC 6266 / 5987: an ASCII fallback for old clients, then the exact UTF-8 name.
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_') || 'file';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Raster images (PNG, JPEG, GIF, WebP: never SVG, which is refused at upload) may be shown inline, for previews. */
export const isPreviewableImage = (contentType: string) => /^image\/(png|jpeg|gif|webp)$/.test(contentType);

/** PDFs (content-checked at upload) may be previewed inline too, in a sandboxed frame of our own pages. */
export const isPreviewablePdf = (contentType: string) => contentType === 'application/pdf';

/** What an item's page may preview inline: raster images (as <img>) and PDFs (in <iframe sandbox>). Never SVG or HTML. */
export const previewKindOf = (contentType: string): 'image' | 'pdf' | null =>
  isPreviewableImage(contentType) ? 'image' : isPreviewablePdf(contentType) ? 'pdf' : null;

/**
 * `inline`: a preview (`?inline=1`) of a raster image (shown in an <img>) or a PDF (shown in an
 * <iframe sandbox> of our own pages: the only framing allowed, by `frame-ancestors 'self'`);
 * anything else is always an attachment. The sandbox CSP (no scripts, no same-origin, no
 * fetches) and nosniff hold either way.
 */
export function downloadHeaders(f: { filename: string; contentType: string; size: number; sha256: string }, opts: { inline?: boolean } = {}): Record<string, string> {
  const kind = opts.inline ? previewKindOf(f.contentType) : null;
  const inline = kind !== null;
  return {
    'content-type': f.contentType,
    'content-length': String(f.size),
    'content-disposition': contentDisposition(f.filename, inline),
    'x-content-type-options': 'nosniff',
    'content-security-policy': kind === 'pdf' ? "sandbox; default-src 'none'; frame-ancestors 'self'" : "sandbox; default-src 'none'",
    // Only the person's own browser may keep it; it asks again (cheaply, by ETag) each time, so a
    // person taken out of the audience stops getting it.
    'cache-control': 'private, no-cache',
    etag: `"${f.sha256}"`,
    'cross-origin-resource-policy': 'same-origin',
  };
}
