import { describe, expect, it } from 'vitest';
import { sniff, zipEntryNames } from './detect';
import { extensionOf, sanitizeFilename } from './filename';
import { contentDisposition, downloadHeaders } from './http';
import { MAX_FILE_BYTES, MAX_FILES_PER_ITEM } from './limits';
import { docxBytes, gifBytes, htmlBytes, jpegBytes, oleBytes, pdfBytes, pngBytes, pptxBytes, webpBytes, xlsxBytes, zipBytes } from './test-files';
import { checkUpload, checkUploads } from './validate';

const ok = (name: string, bytes: Uint8Array) => {
  const r = checkUpload({ name, bytes });
  if (!r.ok) throw new Error(`${name} refused: ${r.refusal.error}`);
  return r.file;
};
const refusal = (name: string, bytes: Uint8Array) => {
  const r = checkUpload({ name, bytes });
  if (r.ok) throw new Error(`${name} accepted as ${r.file.kind}`);
  return r.refusal;
};
const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('checkUpload: the allowlist, checked by content', () => {
  it.each([
    ['report.pdf', pdfBytes(), 'application/pdf'],
    ['photo.PNG', pngBytes(), 'image/png'],
    ['photo.jpg', jpegBytes(), 'image/jpeg'],
    ['photo.jpeg', jpegBytes(), 'image/jpeg'],
    ['anim.gif', gifBytes(), 'image/gif'],
    ['pic.webp', webpBytes(), 'image/webp'],
    ['plan.docx', docxBytes(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['sheet.xlsx', xlsxBytes(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['deck.pptx', pptxBytes(), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['old.doc', oleBytes('WordDocument'), 'application/msword'],
    ['old.xls', oleBytes('Workbook'), 'application/vnd.ms-excel'],
    ['notes.txt', utf8('设备故障：请检修。\n'), 'text/plain; charset=utf-8'],
    ['list.csv', utf8('\uFEFF姓名,部门\n刘洋,装配一组\n'), 'text/csv; charset=utf-8'],
    ['readme.md', utf8('# 标题\n\n正文'), 'text/markdown; charset=utf-8'],
    ['bundle.zip', zipBytes({ 'a.txt': 'hello' }), 'application/zip'],
    ['docs.zip', docxBytes(), 'application/zip'],
  ])('accepts %s as %s', (name, bytes, type) => {
    const f = ok(name, bytes);
    expect(f.contentType).toBe(type);
    expect(f.size).toBe(bytes.length);
    expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an HTML page renamed .pdf', () => {
    expect(refusal('invoice.pdf', htmlBytes())).toMatchObject({ error: 'fileTypeMismatch', params: { name: 'invoice.pdf', type: 'PDF' } });
  });
  it('refuses a PNG named .pdf, a PDF named .png, a spreadsheet named .docx', () => {
    expect(refusal('scan.pdf', pngBytes()).error).toBe('fileTypeMismatch');
    expect(refusal('scan.png', pdfBytes()).error).toBe('fileTypeMismatch');
    expect(refusal('plan.docx', xlsxBytes()).error).toBe('fileTypeMismatch');
    expect(refusal('plan.docx', zipBytes({ 'a.txt': 'x' })).error).toBe('fileTypeMismatch');
    expect(refusal('old.doc', oleBytes('Workbook')).error).toBe('fileTypeMismatch');
    expect(refusal('old.xls', oleBytes('PowerPoint Document')).error).toBe('fileTypeMismatch');
  });
  it('refuses binary content named as text, and markup posing as text', () => {
    expect(refusal('notes.txt', pdfBytes()).error).toBe('fileTypeMismatch');
    expect(refusal('notes.txt', htmlBytes()).error).toBe('fileTypeMismatch');
    expect(refusal('readme.md', utf8('  <svg onload="alert(1)"></svg>')).error).toBe('fileTypeMismatch');
    expect(refusal('notes.txt', utf8('a\u0000b')).error).toBe('fileNotUtf8');
    expect(refusal('gbk.csv', Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0x0a])).error).toBe('fileNotUtf8'); // 姓名 in GBK
  });
  it('refuses types outside the allowlist whatever their content, and names without an extension', () => {
    for (const name of ['page.html', 'page.htm', 'logo.svg', 'run.exe', 'script.js', 'Makefile', 'x.pdf.exe']) {
      expect(refusal(name, pdfBytes()).error).toBe('fileTypeNotAllowed');
    }
  });
  it('refuses oversize and empty files', () => {
    const big = Buffer.alloc(MAX_FILE_BYTES + 1);
    pdfBytes().copy(big);
    expect(refusal('big.pdf', big)).toMatchObject({ error: 'fileTooLarge', params: { max: 20 } });
    expect(ok('edge.pdf', big.subarray(0, MAX_FILE_BYTES)).size).toBe(MAX_FILE_BYTES);
    expect(refusal('empty.txt', Buffer.alloc(0)).error).toBe('fileEmpty');
  });
  it('ignores the declared type: only the name and the bytes are looked at', () => {
    // The browser's Content-Type never reaches the validator; the RTL-override trick does not hide an .exe.
    expect(refusal('invoice\u202Efdp.exe', pdfBytes()).error).toBe('fileTypeNotAllowed');
  });
});

describe('checkUploads: per-item limits', () => {
  const one = { name: 'a.pdf', bytes: pdfBytes() };
  it('allows up to 10 files per item, counting those already attached', () => {
    expect(checkUploads(Array(MAX_FILES_PER_ITEM).fill(one)).ok).toBe(true);
    expect(checkUploads(Array(MAX_FILES_PER_ITEM + 1).fill(one))).toMatchObject({ ok: false, refusal: { error: 'tooManyFiles', params: { max: 10 } } });
    expect(checkUploads([one, one], 9)).toMatchObject({ ok: false, refusal: { error: 'tooManyFiles' } });
  });
  it('refuses a batch over the per-request size, and reports the first bad file by name', () => {
    const half = Buffer.alloc(13 * 1024 * 1024); pdfBytes().copy(half);
    expect(checkUploads([{ name: 'a.pdf', bytes: half }, { name: 'b.pdf', bytes: half }])).toMatchObject({ ok: false, refusal: { error: 'uploadTooLarge' } });
    expect(checkUploads([one, { name: '假的.pdf', bytes: htmlBytes() }])).toMatchObject({ ok: false, refusal: { error: 'fileTypeMismatch', filename: '假的.pdf' } });
  });
});

describe('sanitizeFilename', () => {
  it.each([
    ['../../etc/passwd.txt', 'passwd.txt'],
    ['C:\\fakepath\\报告.pdf', '报告.pdf'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['a\u0000b\u0007c\u200B.txt', 'abc.txt'],
    ['\u2066evil\u2069.pdf', 'evil.pdf'],
    ['  .hidden.txt  ', 'hidden.txt'],
    ['a<b>c:"d"|e?*.txt', 'a_b_c__d__e__.txt'],
    ['设备 故障\t通知（第2版）.docx', '设备 故障 通知（第2版）.docx'],
    ['CON.txt', '_CON.txt'],
    ['', 'file'],
    ['...', 'file'],
    ['.pdf', 'pdf'],
  ])('%j → %j', (raw, clean) => {
    expect(sanitizeFilename(raw)).toBe(clean);
  });
  it('limits the length in bytes, keeps the extension and whole Chinese characters', () => {
    const s = sanitizeFilename(`${'通知'.repeat(200)}.pdf`);
    expect(Buffer.byteLength(s)).toBeLessThanOrEqual(180);
    expect(s.endsWith('通知.pdf') || s.endsWith('通.pdf')).toBe(true);
    expect(s).not.toContain('\uFFFD');
    expect(extensionOf(s)).toBe('pdf');
  });
  it('NFC-normalises', () => {
    expect(sanitizeFilename('cafe\u0301.txt')).toBe('caf\u00e9.txt');
  });
});

describe('sniff', () => {
  it('reads ZIP central directories and rejects truncated archives', () => {
    expect(zipEntryNames(docxBytes())).toContain('word/document.xml');
    const z = zipBytes({ 'a.txt': 'x' });
    expect(zipEntryNames(z.subarray(0, z.length - 10))).toBeNull();
    expect(sniff(z.subarray(0, z.length - 10))).toBe('unknown');
  });
});

describe('download headers', () => {
  it('quotes Chinese names per RFC 5987 with an ASCII fallback', () => {
    expect(contentDisposition('设备 通知(1).pdf')).toBe(`attachment; filename="__ __(1).pdf"; filename*=UTF-8''%E8%AE%BE%E5%A4%87%20%E9%80%9A%E7%9F%A5%281%29.pdf`);
    expect(contentDisposition('a"b\\c.txt')).toBe(`attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`);
  });
  it('never lets the browser render or sniff', () => {
    const h = downloadHeaders({ filename: 'x.pdf', contentType: 'application/pdf', size: 3, sha256: 'a'.repeat(64) });
    expect(h).toMatchObject({
      'content-type': 'application/pdf',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
    });
    expect(h['content-disposition']).toMatch(/^attachment;/);
    expect(h['cache-control']).toMatch(/^private/);
  });
  it('shows only raster images and PDFs inline, and only when asked', () => {
    const f = (contentType: string) => ({ filename: 'x', contentType, size: 3, sha256: 'a'.repeat(64) });
    expect(downloadHeaders(f('image/png'), { inline: true })['content-disposition']).toMatch(/^inline;/);
    expect(downloadHeaders(f('image/png'))['content-disposition']).toMatch(/^attachment;/);
    // A PDF preview: inline, sandboxed, not sniffed, framed only by our own pages.
    const pdf = downloadHeaders(f('application/pdf'), { inline: true });
    expect(pdf['content-disposition']).toMatch(/^inline;/);
    expect(pdf['content-security-policy']).toBe("sandbox; default-src 'none'; frame-ancestors 'self'");
    expect(pdf['x-content-type-options']).toBe('nosniff');
    expect(downloadHeaders(f('application/pdf'))['content-disposition']).toMatch(/^attachment;/);
    for (const t of ['image/svg+xml', 'text/html', 'text/plain; charset=utf-8', 'application/zip']) {
      const h = downloadHeaders(f(t), { inline: true });
      expect(h['content-disposition']).toMatch(/^attachment;/);
      expect(h['content-security-policy']).toBe("sandbox; default-src 'none'");
    }
  });
});
