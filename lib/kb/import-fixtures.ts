/**
 * Real ZIP archives and Word documents for the import's tests, built with yazl (a dev
 * dependency), plus the hostile ones: a name in GB18030 without the UTF-8 flag, a path leaving
 * the archive, a symbolic link, a zip bomb. scripts/kb-import-fixtures.ts writes the e2e ones to
 * lib/kb/fixtures/. Test code only.
 */
import yazl from 'yazl';
import iconv from 'iconv-lite';

export type ZipEntry = { name: string; data?: Buffer | string; dir?: boolean; mode?: number; store?: boolean };

/** A ZIP of the entries as given (names as UTF-8 with the flag, yazl's way). */
export async function buildZip(entries: ZipEntry[]): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const e of entries) {
    if (e.dir) z.addEmptyDirectory(e.name, { mtime: new Date('2026-01-01T00:00:00Z') });
    else z.addBuffer(Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? '', 'utf8'), e.name, { mtime: new Date('2026-01-01T00:00:00Z'), mode: e.mode, compress: !e.store });
  }
  z.end();
  const parts: Buffer[] = [];
  for await (const c of z.outputStream as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts);
}

/**
 * Replaces an entry name's bytes in a built ZIP (local header and central directory) with
 * `raw`, of the same length, and clears the UTF-8 flag: how Windows' own compressor writes
 * Chinese names (GBK), or a hostile `../` path that yazl would refuse to write.
 */
export function patchName(zip: Buffer, placeholder: string, raw: Buffer): Buffer {
  const from = Buffer.from(placeholder, 'utf8');
  if (from.length !== raw.length) throw new Error(`placeholder ${placeholder} must be ${raw.length} bytes`);
  const out = Buffer.from(zip);
  for (let p = out.indexOf(from); p >= 0; p = out.indexOf(from, p + 1)) raw.copy(out, p);
  // General purpose flags: local headers (PK\3\4, +6) and central directory (PK\1\2, +8).
  for (let p = 0; p < out.length - 4; p++) {
    if (out[p] === 0x50 && out[p + 1] === 0x4b && out[p + 2] === 0x03 && out[p + 3] === 0x04) out.writeUInt16LE(out.readUInt16LE(p + 6) & ~0x800, p + 6);
    if (out[p] === 0x50 && out[p + 1] === 0x4b && out[p + 2] === 0x01 && out[p + 3] === 0x02) out.writeUInt16LE(out.readUInt16LE(p + 8) & ~0x800, p + 8);
  }
  return out;
}

export const gbk = (s: string) => iconv.encode(s, 'gb18030');

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export type DocxBlock =
  | { heading: string }
  | { text: string }
  | { link: string; href: string }
  | { image: Buffer; alt: string; type?: 'png' | 'jpeg' }
  | { table: string[][] };

/** A Word document (the parts Word itself needs to open it): headings, paragraphs, links, a table, images. */
export async function buildDocx(blocks: DocxBlock[]): Promise<Buffer> {
  const rels: string[] = [];
  const media: ZipEntry[] = [];
  const body = blocks.map((b) => {
    if ('heading' in b) return `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>${esc(b.heading)}</w:t></w:r></w:p>`;
    if ('text' in b) return `<w:p><w:r><w:t xml:space="preserve">${esc(b.text)}</w:t></w:r></w:p>`;
    if ('link' in b) {
      const id = `rIdLink${rels.length + 1}`;
      rels.push(`<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="${esc(b.href)}" TargetMode="External"/>`);
      return `<w:p><w:hyperlink r:id="${id}"><w:r><w:t>${esc(b.link)}</w:t></w:r></w:hyperlink></w:p>`;
    }
    if ('image' in b) {
      const n = media.length + 1;
      const ext = b.type === 'jpeg' ? 'jpeg' : 'png';
      const id = `rIdImg${n}`;
      media.push({ name: `word/media/image${n}.${ext}`, data: b.image });
      rels.push(`<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image${n}.${ext}"/>`);
      return `<w:p><w:r><w:drawing><wp:inline><wp:extent cx="952500" cy="952500"/><wp:docPr id="${n}" name="Picture ${n}" descr="${esc(b.alt)}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="${n}" name="image${n}.${ext}" descr="${esc(b.alt)}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="${id}"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`;
    }
    const rows = b.table.map((row) => `<w:tr>${row.map((c) => `<w:tc><w:p><w:r><w:t>${esc(c)}</w:t></w:r></w:p></w:tc>`).join('')}</w:tr>`).join('');
    return `<w:tbl><w:tblPr/>${rows}</w:tbl>`;
  }).join('');
  return buildZip([
    { name: '[Content_Types].xml', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>` },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>` },
    { name: 'word/document.xml', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}<w:sectPr/></w:body></w:document>` },
    { name: 'word/styles.xml', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>` },
    { name: 'word/_rels/document.xml.rels', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>${rels.join('')}</Relationships>` },
    ...media,
  ]);
}
