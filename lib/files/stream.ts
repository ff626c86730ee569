import 'server-only';
import { createHash } from 'node:crypto';
import { env } from '@/lib/env';
import { contentTypeOf, kindOfExtension, matches, sniffStreamed } from './detect';
import { extensionOf, sanitizeFilename } from './filename';
import type { FileWriter, StreamedFileInfo } from './storage';
import type { UploadRefusal } from './validate';

/** First bytes kept for the type check (magic numbers, an OLE directory, the start of a text). */
const HEAD_BYTES = 1024 * 1024;
/** Last bytes kept: a ZIP's (DOCX, XLSX, PPTX) central directory must lie inside them. */
const TAIL_BYTES = 4 * 1024 * 1024;

const MB = 1024 * 1024;

/** Largest streamed document (PLAZA_MAX_DOCUMENT_MB, 100 MB unless configured). */
export function maxDocumentBytes(): number {
  return env().PLAZA_MAX_DOCUMENT_MB * MB;
}

export type StreamResult = { ok: true; info: StreamedFileInfo } | { ok: false; refusal: UploadRefusal };

/**
 * Takes one upload as a stream into `writer`, checking it on the way with the rules of
 * lib/files/validate.ts: a safe name, an allowed extension, not empty, at most `maxBytes` (reading
 * stops at the first byte over), content of the kind the extension promises (magic numbers from
 * the head, a ZIP's directory from the tail, text decoded as strict UTF-8 as it streams). Only a
 * bounded head and tail are held, never the file. A refusal leaves bytes in the writer: callers
 * run this inside the transaction that a refusal rolls back.
 */
export async function receiveStream(rawName: string, source: ReadableStream<Uint8Array>, writer: FileWriter, maxBytes: number): Promise<StreamResult> {
  const filename = sanitizeFilename(rawName);
  const refuse = (error: UploadRefusal['error'], extra: Record<string, string | number> = {}): StreamResult =>
    ({ ok: false, refusal: { error, filename, params: { name: filename, ...extra } } });
  const ext = extensionOf(filename);
  const kind = kindOfExtension[ext];
  const reader = source.getReader();
  const stop = async (r: StreamResult) => { await reader.cancel().catch(() => {}); return r; };
  if (!kind) return stop(refuse('fileTypeNotAllowed'));
  const text = kind === 'txt' || kind === 'csv' || kind === 'md';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const hash = createHash('sha256');
  const head = new Uint8Array(HEAD_BYTES);
  let headLen = 0;
  let tail: Uint8Array[] = [];
  let tailLen = 0;
  let size = 0;
  let notUtf8 = false;
  let nul = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!value || value.byteLength === 0) continue;
    size += value.byteLength;
    if (size > maxBytes) return stop(refuse('fileTooLarge', { max: Math.floor(maxBytes / MB) }));
    hash.update(value);
    if (headLen < HEAD_BYTES) {
      const take = Math.min(HEAD_BYTES - headLen, value.byteLength);
      head.set(value.subarray(0, take), headLen);
      headLen += take;
    }
    tail.push(Uint8Array.from(value));
    tailLen += value.byteLength;
    while (tail.length > 1 && tailLen - tail[0].byteLength >= TAIL_BYTES) tailLen -= tail.shift()!.byteLength;
    if (text && !notUtf8) {
      try {
        if (decoder.decode(value, { stream: true }).includes('\u0000')) nul = true;
      } catch {
        notUtf8 = true;
      }
    }
    await writer.write(value);
  }
  if (size === 0) return refuse('fileEmpty');
  if (text) {
    try { decoder.decode(); } catch { notUtf8 = true; }
    if (notUtf8 || nul) return refuse('fileNotUtf8');
  }
  const joinedTail = Buffer.concat(tail, tailLen);
  tail = [];
  const sniffed = sniffStreamed(head.subarray(0, headLen), joinedTail, size);
  if (!matches(kind, sniffed)) {
    if (text && sniffed === 'unknown') return refuse('fileNotUtf8');
    return refuse('fileTypeMismatch', { type: ext.toUpperCase() });
  }
  return { ok: true, info: { filename, contentType: contentTypeOf[kind], size, sha256: hash.digest('hex') } };
}
