/**
 * What a file really is, from its bytes. The browser's MIME type and the extension are claims a
 * hostile uploader controls; the magic numbers and structure below are what programs that open
 * the file will act on. Pure: no I/O, usable anywhere.
 */

export const fileKinds = ['pdf', 'png', 'jpeg', 'gif', 'webp', 'docx', 'xlsx', 'pptx', 'doc', 'xls', 'txt', 'csv', 'md', 'zip'] as const;
export type FileKind = (typeof fileKinds)[number];

/** The Content-Type a file of each kind is served with. */
export const contentTypeOf: Record<FileKind, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  zip: 'application/zip',
};

/** Allowed extensions and the kind each promises. */
export const kindOfExtension: Record<string, FileKind> = {
  pdf: 'pdf', png: 'png', jpg: 'jpeg', jpeg: 'jpeg', gif: 'gif', webp: 'webp',
  docx: 'docx', xlsx: 'xlsx', pptx: 'pptx', doc: 'doc', xls: 'xls',
  txt: 'txt', text: 'txt', log: 'txt', csv: 'csv', md: 'md', markdown: 'md', zip: 'zip',
};

/** What the bytes are: a binary kind, UTF-8 text, markup posing as text, or unknown. */
export type Sniffed = 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'docx' | 'xlsx' | 'pptx' | 'doc' | 'xls' | 'zip' | 'text' | 'markup' | 'unknown';

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const u16 = (b: Uint8Array, p: number) => b[p] | (b[p + 1] << 8);
const u32 = (b: Uint8Array, p: number) => (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16)) + b[p + 3] * 0x1000000;

/** Entry names of a ZIP archive, from its central directory; null when it is not a readable ZIP. */
export function zipEntryNames(b: Uint8Array, max = 10_000, base = 0): string[] | null {
  // `base`: where `b` starts in the file when it is only the file's tail (a streamed upload).
  if (base === 0 && !startsWith(b, [0x50, 0x4b, 0x03, 0x04]) && !startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return null;
  // End of central directory: 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  let eocd = -1;
  for (let p = b.length - 22; p >= Math.max(0, b.length - 22 - 0xffff); p--) {
    if (b[p] === 0x50 && b[p + 1] === 0x4b && b[p + 2] === 0x05 && b[p + 3] === 0x06) { eocd = p; break; }
  }
  if (eocd < 0) return null;
  const count = u16(b, eocd + 10);
  let p = u32(b, eocd + 16) - base;
  if (p < 0) return null;
  const names: string[] = [];
  const decoder = new TextDecoder('utf-8');
  for (let i = 0; i < count && i < max; i++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50) return null;
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    if (p + 46 + nameLen > b.length) return null;
    names.push(decoder.decode(b.subarray(p + 46, p + 46 + nameLen)));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

function sniffZip(b: Uint8Array, tail?: { bytes: Uint8Array; base: number }): Sniffed {
  const names = tail ? zipEntryNames(tail.bytes, 10_000, tail.base) : zipEntryNames(b);
  if (!names) return 'unknown';
  if (names.includes('[Content_Types].xml')) {
    if (names.some((n) => n.startsWith('word/'))) return 'docx';
    if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
    if (names.some((n) => n.startsWith('ppt/'))) return 'pptx';
  }
  return 'zip';
}

/**
 * Compound File Binary (old Office): the directory entries name the streams. Entries are 128
 * bytes and every sector starts at a multiple of 512 after the header, so each entry sits at a
 * multiple of 128: scan those for a stream called WordDocument (Word) or Workbook/Book (Excel).
 */
function sniffOle(b: Uint8Array): Sniffed {
  const shift = u16(b, 30);
  if (shift !== 9 && shift !== 12) return 'unknown';
  const decoder = new TextDecoder('utf-16le');
  let word = false;
  let excel = false;
  for (let p = 512; p + 128 <= b.length; p += 128) {
    const nameLen = u16(b, p + 64);
    const type = b[p + 66];
    if (type !== 2 || nameLen < 4 || nameLen > 64 || nameLen % 2 !== 0) continue;
    const name = decoder.decode(b.subarray(p, p + nameLen - 2));
    if (name === 'WordDocument') word = true;
    if (name === 'Workbook' || name === 'Book') excel = true;
  }
  if (word && !excel) return 'doc';
  if (excel && !word) return 'xls';
  return 'unknown';
}

const markupStart = /^<(!doctype\s+html|html|head|body|script|svg|\?xml|iframe|object|embed|meta|style|link|a\s|img\s|div|form)\b/i;

/**
 * What a streamed file is, from its first bytes (`head`), its last bytes (`tail`, which must hold
 * a ZIP's central directory) and its size. Text is not decided here (lib/files/stream.ts decodes
 * it as it streams): a head that reads as text returns 'text' or 'markup'.
 */
export function sniffStreamed(head: Uint8Array, tail: Uint8Array, size: number): Sniffed {
  if (size <= head.byteLength) return sniff(head);
  if (startsWith(head, [0x50, 0x4b])) return sniffZip(head, { bytes: tail, base: size - tail.byteLength });
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return sniffOle(head);
  const s = sniff(head);
  if (s !== 'unknown') return s;
  // The head may end inside a multi-byte character: judge text by a prefix that ends cleanly.
  return sniffTextPrefix(head);
}

function sniffTextPrefix(b: Uint8Array): Sniffed {
  for (let cut = b.byteLength; cut > b.byteLength - 4 && cut > 0; cut--) {
    const r = sniffText(b.subarray(0, cut));
    if (r !== 'unknown') return r;
  }
  return 'unknown';
}

function sniffText(b: Uint8Array): Sniffed {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return 'unknown';
  }
  if (text.includes('\u0000')) return 'unknown';
  // A page or an SVG posing as text would run as a document in some viewers: refused.
  if (markupStart.test(text.replace(/^\uFEFF/, '').trimStart())) return 'markup';
  return 'text';
}

export function sniff(b: Uint8Array): Sniffed {
  if (startsWith(b, ascii('%PDF-'))) return 'pdf';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return 'gif';
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(b, [0x50, 0x4b])) return sniffZip(b);
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return sniffOle(b);
  return sniffText(b);
}

const textKinds = new Set<FileKind>(['txt', 'csv', 'md']);

/**
 * Whether content that sniffs as `sniffed` may carry the extension's kind. A mismatch is refused:
 * an HTML page named .pdf, a PNG named .pdf, a spreadsheet named .docx.
 */
export function matches(kind: FileKind, sniffed: Sniffed): boolean {
  if (textKinds.has(kind)) return sniffed === 'text';
  if (kind === 'zip') return sniffed === 'zip' || sniffed === 'docx' || sniffed === 'xlsx' || sniffed === 'pptx';
  return sniffed === kind;
}
