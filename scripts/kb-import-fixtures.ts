import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { buildDocx, buildZip, gbk, patchName } from '../lib/kb/import-fixtures';

/**
 * Writes the import fixtures the e2e spec uploads (lib/kb/fixtures/): a ZIP of Markdown as a
 * company's shared drive has it (folders, links between files, an image, a folder name in
 * GB18030 as Windows writes it) and a Word document with a table and an embedded image.
 * `node --import tsx scripts/kb-import-fixtures.ts`; the files are committed.
 */

/** A solid-colour PNG with a darker band, w×h (real pixels, so the screenshots show it). */
function png(w: number, h: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      const dark = y > h / 3 && y < (2 * h) / 3;
      row[1 + x * 3] = dark ? rgb[0] / 2 : rgb[0]; row[2 + x * 3] = dark ? rgb[1] / 2 : rgb[1]; row[3 + x * 3] = dark ? rgb[2] / 2 : rgb[2];
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

async function main() {
  const dir = path.join(process.cwd(), 'lib', 'kb', 'fixtures');
  const zip = await buildZip([
    { name: 'Handbook/', dir: true },
    { name: 'Handbook/Onboarding.md', data: '# Onboarding 入职须知\n\nRead the [expense claims](../Finance/Expense%20claims.md) procedure first. 先阅读报销流程。\n\n![Badge 工牌](images/badge.png)\n\n| Step | 步骤 |\n| --- | --- |\n| 1 | 领取工牌 |\n' },
    { name: 'Handbook/images/badge.png', data: png(240, 120, [37, 99, 235]) },
    { name: 'Finance/Expense claims.md', data: '## Expense claims 报销流程\n\nERP 报销流程: back to [Onboarding](../Handbook/Onboarding.md).\n' },
    { name: 'SAFE/RULE.md', data: gbk('# 安全规定\n\n进入车间须佩戴安全帽。\n') },
    { name: 'Handbook/tools.exe', data: 'MZ not imported' },
  ]);
  // The folder and file name as a Chinese Windows writes them (GB18030, no UTF-8 flag).
  const windows = patchName(patchName(zip, 'SAFE', gbk('安全')), 'RULE', gbk('规定'));
  writeFileSync(path.join(dir, 'handbook.zip'), windows);
  const docx = await buildDocx([
    { heading: '设备点检规程 Equipment inspection' },
    { text: '每班开机前点检。Inspect before every shift.' },
    { table: [['项目 Item', '标准 Standard'], ['油位 Oil level', '刻度之间 Between marks']] },
    { image: png(200, 100, [22, 163, 74]), alt: '设备照片 Machine photo' },
  ]);
  writeFileSync(path.join(dir, 'inspection.docx'), docx);
  console.log('wrote', dir);
}

void main();
