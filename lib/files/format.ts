import { contentTypeOf, type FileKind } from './detect';

/** "1.2 MB", "820 KB", "12 B" in the reader's number format. Safe in client code. */
export function formatBytes(n: number, locale: string): string {
  const nf = (d: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: d });
  if (n < 1024) return `${nf(0).format(n)} B`;
  if (n < 1024 * 1024) return `${nf(0).format(Math.max(1, Math.round(n / 1024)))} KB`;
  return `${nf(1).format(n / (1024 * 1024))} MB`;
}

const kindByContentType = new Map(Object.entries(contentTypeOf).map(([k, v]) => [v, k as FileKind]));

/** A short, language-neutral label for a stored file's type: PDF, DOCX, TXT, … */
export function typeLabelOf(contentType: string): string {
  return (kindByContentType.get(contentType) ?? 'file').toUpperCase();
}
