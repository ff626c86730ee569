import { isPreviewablePdf } from '@/lib/files/http';

/**
 * An inline preview of a PDF attachment: a closed <details> (nothing loads until it is opened,
 * and it works without JavaScript) holding an <iframe sandbox> of `/api/files/<id>?inline=1`,
 * which lib/files serves inline with `sandbox; default-src 'none'; frame-ancestors 'self'` and
 * nosniff: no scripts, no same-origin access, framed only by Plaza's own pages. Renders nothing
 * for other types (images are shown as <img>; SVG, HTML and the rest are never inline).
 */
export function PdfPreview({ file, label, testId = 'pdf-preview' }: { file: { id: string; filename: string; contentType: string }; label: string; testId?: string }) {
  if (!isPreviewablePdf(file.contentType)) return null;
  return (
    <details className="w-full" data-testid={testId}>
      <summary className="cursor-pointer text-xs text-brand-600 hover:underline">{label}</summary>
      <iframe src={`/api/files/${file.id}?inline=1`} sandbox="" title={file.filename} loading="lazy" referrerPolicy="no-referrer"
        className="mt-2 h-[28rem] w-full rounded border border-slate-200 bg-white" data-testid={`${testId}-frame`} />
    </details>
  );
}
