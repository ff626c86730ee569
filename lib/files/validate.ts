import { createHash } from 'node:crypto';
import { contentTypeOf, kindOfExtension, matches, sniff, type FileKind } from './detect';
import { extensionOf, sanitizeFilename } from './filename';
import { MAX_FILE_BYTES, MAX_FILES_PER_ITEM, MAX_UPLOAD_BYTES_PER_REQUEST } from './limits';

/** Why an upload was refused: the message is errors.files.<error> with `params`. */
export type UploadError = 'fileEmpty' | 'fileTooLarge' | 'fileTypeNotAllowed' | 'fileTypeMismatch' | 'fileNotUtf8' | 'tooManyFiles' | 'uploadTooLarge';

export type Upload = { name: string; bytes: Uint8Array };

/** A file that passed: the name to keep, what it really is, and its checksum. */
export type ValidUpload = { filename: string; kind: FileKind; contentType: string; size: number; sha256: string; bytes: Uint8Array };

export type UploadRefusal = { error: UploadError; filename?: string; params: Record<string, string | number> };

export type CheckResult = { ok: true; file: ValidUpload } | { ok: false; refusal: UploadRefusal };

const MB = 1024 * 1024;

/** One file: its name is sanitised, then its content must be of an allowed kind AND match its extension. */
export function checkUpload(u: Upload): CheckResult {
  const filename = sanitizeFilename(u.name);
  const refuse = (error: UploadError, extra: Record<string, string | number> = {}): CheckResult =>
    ({ ok: false, refusal: { error, filename, params: { name: filename, ...extra } } });
  const ext = extensionOf(filename);
  const kind = kindOfExtension[ext];
  if (!kind) return refuse('fileTypeNotAllowed');
  if (u.bytes.byteLength === 0) return refuse('fileEmpty');
  if (u.bytes.byteLength > MAX_FILE_BYTES) return refuse('fileTooLarge', { max: MAX_FILE_BYTES / MB });
  const sniffed = sniff(u.bytes);
  if (!matches(kind, sniffed)) {
    if ((kind === 'txt' || kind === 'csv' || kind === 'md') && sniffed === 'unknown') return refuse('fileNotUtf8');
    return refuse('fileTypeMismatch', { type: ext.toUpperCase() });
  }
  return {
    ok: true,
    file: {
      filename,
      kind,
      contentType: contentTypeOf[kind],
      size: u.bytes.byteLength,
      sha256: createHash('sha256').update(u.bytes).digest('hex'),
      bytes: u.bytes,
    },
  };
}

/**
 * A batch for one item that already holds `existing` files: the count and request-size limits,
 * then every file. The first refusal wins (the person fixes one thing at a time, by name).
 */
export function checkUploads(uploads: Upload[], existing = 0): { ok: true; files: ValidUpload[] } | { ok: false; refusal: UploadRefusal } {
  if (existing + uploads.length > MAX_FILES_PER_ITEM) return { ok: false, refusal: { error: 'tooManyFiles', params: { max: MAX_FILES_PER_ITEM } } };
  const total = uploads.reduce((n, u) => n + u.bytes.byteLength, 0);
  const tooBig = uploads.find((u) => u.bytes.byteLength > MAX_FILE_BYTES);
  if (tooBig) return checkUpload(tooBig) as { ok: false; refusal: UploadRefusal };
  if (total > MAX_UPLOAD_BYTES_PER_REQUEST) return { ok: false, refusal: { error: 'uploadTooLarge', params: { max: MAX_UPLOAD_BYTES_PER_REQUEST / MB } } };
  const files: ValidUpload[] = [];
  for (const u of uploads) {
    const r = checkUpload(u);
    if (!r.ok) return r;
    files.push(r.file);
  }
  return { ok: true, files };
}
