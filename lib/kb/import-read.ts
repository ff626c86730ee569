import 'server-only';
import path from 'node:path';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import type { MessageKey, MessageParams } from '@/lib/i18n/catalog';

/**
 * Reading what a person hands the import (lib/kb/import.ts): a ZIP's entries, checked before one
 * byte is inflated, and Word documents. Nothing here touches the database. Limits are constants
 * so that the messages can name them; a refusal of the whole archive is an ImportRefusal (the
 * form names the file and the rule), a problem with one entry is a skip in the report.
 */

const MB = 1024 * 1024;
export const IMPORT_LIMITS = {
  /** Entries in one ZIP (files and folders). */
  maxEntries: 2000,
  /** What one ZIP may unpack to, all entries together (a zip bomb is refused before inflating). */
  maxUnpackedBytes: 100 * MB,
  /** One unpacked entry (an image, a Word document). */
  maxEntryBytes: 20 * MB,
  /** One Markdown file. */
  maxMarkdownBytes: 1 * MB,
  /** A DOCX is a ZIP too: its parts together. */
  maxDocxUnpackedBytes: 100 * MB,
  maxDocxEntries: 2000,
  /** Folder depth below the import's target. */
  maxDepth: 12,
} as const;

export type Reason = { key: MessageKey; params?: MessageParams };

/** The whole upload is refused (nothing imported): a hostile or broken archive. */
export class ImportRefusal extends Error {
  constructor(readonly reason: Reason) {
    super(reason.key);
  }
}

export type ZipItem =
  | { kind: 'dir'; path: string }
  | { kind: 'file'; path: string; bytes: Buffer }
  | { kind: 'skipped'; path: string; reason: Reason };

/** Entries nobody wants in a knowledge base: macOS resource forks, Finder and Explorer litter. */
const LITTER = /(^|\/)(__MACOSX|\.DS_Store|Thumbs\.db|desktop\.ini)(\/|$)/i;

/**
 * An entry's name as the person saw it on their computer. The ZIP spec says CP437 unless bit 11
 * (UTF-8) is set; in practice Windows' built-in compressor and WinRAR in a Chinese locale write
 * GBK without the flag, macOS and 7-Zip write UTF-8 (sometimes without it), Info-ZIP adds a
 * Unicode Path extra field. So: the extra field, else the flag, else strict UTF-8 when the bytes
 * are valid UTF-8, else GB18030 (a superset of GBK). CP437 is never right for our users.
 */
export function decodeEntryName(raw: Buffer, flags: number, extraFields: { id: number; data: Buffer }[]): { name: string; encoding: 'utf-8' | 'gb18030' } {
  if (extraFields.some((f) => f.id === 0x7075) || (flags & 0x800) !== 0) {
    return { name: yauzl.getFileNameLowLevel(flags, raw, extraFields, false), encoding: 'utf-8' };
  }
  try {
    return { name: new TextDecoder('utf-8', { fatal: true }).decode(raw).replace(/\\/g, '/'), encoding: 'utf-8' };
  } catch {
    return { name: iconv.decode(raw, 'gb18030').replace(/\\/g, '/'), encoding: 'gb18030' };
  }
}

/** A path inside the archive, or why it would leave it (absolute, a drive, `..`). */
export function checkEntryPath(name: string): { ok: true; path: string } | { ok: false } {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\u0000')) return { ok: false };
  const parts = name.split('/');
  if (parts.some((p) => p === '..')) return { ok: false };
  const clean = parts.filter((p) => p !== '' && p !== '.').join('/');
  return { ok: true, path: clean.normalize('NFC') };
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

async function readAll(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    n += chunk.byteLength;
    // yauzl already stops at the declared size (validateEntrySizes); this is belt and braces.
    if (n > limit) throw new ImportRefusal({ key: 'kb.import.errors.zipBomb', params: { max: IMPORT_LIMITS.maxUnpackedBytes / MB } });
    parts.push(chunk);
  }
  return Buffer.concat(parts, n);
}

/**
 * Every entry of a ZIP, its bytes read only for the kinds the import uses (`wanted`). Refuses the
 * whole archive, before inflating anything, when it is not a ZIP, has too many entries, declares
 * more unpacked bytes than allowed, or names a path outside itself. Symbolic links, encrypted
 * entries and oversized entries are skipped with their reason.
 */
export async function readZip(bytes: Buffer, wanted: (path: string) => 'markdown' | 'binary' | null, limits: { maxEntries: number; maxUnpackedBytes: number } = IMPORT_LIMITS): Promise<{ items: ZipItem[]; gb18030Names: boolean }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  } catch {
    throw new ImportRefusal({ key: 'kb.import.errors.notZip' });
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw new ImportRefusal({ key: 'kb.import.errors.tooManyEntries', params: { max: limits.maxEntries } });
    const entries: { entry: yauzl.Entry; path: string; dir: boolean }[] = [];
    let declared = 0;
    let gb18030Names = false;
    const seen = new Set<string>();
    try {
      for await (const entry of zip.eachEntry()) {
        const raw = entry.fileNameRaw ?? (entry.fileName as unknown as Buffer);
        const { name, encoding } = decodeEntryName(Buffer.from(raw), entry.generalPurposeBitFlag, entry.extraFields);
        if (encoding === 'gb18030') gb18030Names = true;
        const checked = checkEntryPath(name);
        if (!checked.ok) throw new ImportRefusal({ key: 'kb.import.errors.pathTraversal', params: { entry: name.slice(0, 120) } });
        declared += entry.uncompressedSize;
        if (declared > limits.maxUnpackedBytes) throw new ImportRefusal({ key: 'kb.import.errors.zipBomb', params: { max: limits.maxUnpackedBytes / MB } });
        if (!checked.path || LITTER.test(checked.path)) continue;
        if (seen.has(checked.path.toLowerCase())) continue;
        seen.add(checked.path.toLowerCase());
        entries.push({ entry, path: checked.path, dir: name.endsWith('/') });
      }
    } catch (e) {
      if (e instanceof ImportRefusal) throw e;
      throw new ImportRefusal({ key: 'kb.import.errors.notZip' });
    }
    const items: ZipItem[] = [];
    for (const { entry, path: p, dir } of entries) {
      if (dir) { items.push({ kind: 'dir', path: p }); continue; }
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (mode === S_IFLNK) { items.push({ kind: 'skipped', path: p, reason: { key: 'kb.import.reasons.symlink' } }); continue; }
      const want = wanted(p);
      if (!want) { items.push({ kind: 'skipped', path: p, reason: { key: 'kb.import.reasons.unsupported' } }); continue; }
      if (entry.isEncrypted()) { items.push({ kind: 'skipped', path: p, reason: { key: 'kb.import.reasons.encrypted' } }); continue; }
      const max = want === 'markdown' ? IMPORT_LIMITS.maxMarkdownBytes : IMPORT_LIMITS.maxEntryBytes;
      if (entry.uncompressedSize > max) { items.push({ kind: 'skipped', path: p, reason: { key: 'kb.import.reasons.tooLarge', params: { max: Math.round(max / MB) } } }); continue; }
      if (entry.uncompressedSize === 0) { items.push({ kind: 'skipped', path: p, reason: { key: 'errors.files.fileEmpty', params: { name: path.posix.basename(p) } } }); continue; }
      try {
        const stream = await zip.openReadStreamPromise(entry);
        items.push({ kind: 'file', path: p, bytes: await readAll(stream, max) });
      } catch (e) {
        if (e instanceof ImportRefusal) throw e;
        // A size that lies (more bytes than declared), an unknown compression method, a bad CRC.
        items.push({ kind: 'skipped', path: p, reason: { key: 'kb.import.reasons.unreadable' } });
      }
    }
    return { items, gb18030Names };
  } finally {
    zip.close();
  }
}

/**
 * Text of a Markdown file: UTF-8 (a BOM is dropped), else GB18030 (Notepad on a Chinese Windows
 * saves "ANSI" = GBK). Binary content (NUL bytes, or neither decodes) is not text: null.
 */
export function decodeMarkdown(bytes: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } | null {
  if (bytes.includes(0)) return null;
  const b = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'utf-8' };
  } catch {
    const text = iconv.decode(b, 'gb18030');
    // iconv replaces what is not GB18030 with U+FFFD: then it was neither.
    if (text.includes('\uFFFD')) return null;
    return { text, encoding: 'gb18030' };
  }
}

/** Before a DOCX goes to the converter (which unpacks it whole in memory): its parts' count and declared sizes. */
export async function checkDocxArchive(bytes: Buffer): Promise<Reason | null> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  } catch {
    return { key: 'kb.import.reasons.docxUnreadable' };
  }
  try {
    if (zip.entryCount > IMPORT_LIMITS.maxDocxEntries) return { key: 'kb.import.reasons.docxBomb', params: { max: IMPORT_LIMITS.maxDocxUnpackedBytes / MB } };
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      total += entry.uncompressedSize;
      if (total > IMPORT_LIMITS.maxDocxUnpackedBytes) return { key: 'kb.import.reasons.docxBomb', params: { max: IMPORT_LIMITS.maxDocxUnpackedBytes / MB } };
    }
    return null;
  } catch {
    return { key: 'kb.import.reasons.docxUnreadable' };
  } finally {
    zip.close();
  }
}
