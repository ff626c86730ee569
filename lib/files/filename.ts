import { MAX_FILENAME_BYTES } from './limits';

// Control characters, format characters (bidi overrides and isolates such as U+202E, zero-width
// joiners, BOM, soft hyphen), lone surrogates, line and paragraph separators.
const invisible = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;
// Reserved on Windows, or quoting trouble in headers and shells.
const reserved = /[<>:"|?*\\/]/g;
const windowsDevice = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character. */
function cutToBytes(s: string, maxBytes: number): string {
  let out = '';
  for (const ch of s) {
    if (utf8Length(out + ch) > maxBytes) break;
    out += ch;
  }
  return out;
}

/**
 * A file name that is safe to store, show and send back in a header: the last path segment only
 * (a browser may send `C:\fakepath\x` or `../../x`), without control, bidi-override or
 * zero-width characters (`invoice\u202Efdp.exe` would show as `invoiceexe.pdf`), without
 * characters Windows refuses, without leading dots (hidden files), at most 180 bytes with the
 * extension kept. Chinese and other letters stay as they are. Never empty: `file` at worst.
 */
export function sanitizeFilename(raw: string): string {
  let name = String(raw ?? '').normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(/[\t\n\r\v\f]/g, ' ').replace(invisible, '').replace(reserved, '_');
  name = name.replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  const dot = name.lastIndexOf('.');
  let base = dot > 0 ? name.slice(0, dot) : name;
  let ext = dot > 0 ? name.slice(dot + 1) : '';
  if (utf8Length(ext) > 16) { base = name; ext = ''; } // not an extension: part of the name
  if (windowsDevice.test(base)) base = `_${base}`;
  if (!base) base = 'file';
  const suffix = ext ? `.${ext}` : '';
  base = cutToBytes(base, MAX_FILENAME_BYTES - utf8Length(suffix)).trim() || 'file';
  return `${base}${suffix}`;
}

/** The extension, lower case, without the dot ('' when there is none). */
export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
}
