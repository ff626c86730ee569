import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMessageKey } from './keys';

const root = path.resolve(__dirname, '../..');
const leaves = (o: unknown, pre = ''): string[] =>
  o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => leaves(v, pre ? `${pre}.${k}` : k)) : [pre];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('message catalogs', () => {
  it('zh-CN and en have the same keys in every area', () => {
    for (const area of readdirSync(path.join(root, 'messages'))) {
      const read = (l: string) => leaves(JSON.parse(readFileSync(path.join(root, 'messages', area, `${l}.json`), 'utf8'))).sort();
      expect([area, read('zh-CN')]).toEqual([area, read('en')]);
    }
  });

  it('every message named in a zod schema or an error in lib/ exists', () => {
    const missing: string[] = [];
    for (const file of sourceFiles(path.join(root, 'lib'))) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/(?:error|message|key):\s*'([a-zA-Z]+\.[\w.]+)'/g)) if (!isMessageKey(m[1])) missing.push(`${path.relative(root, file)}: ${m[1]}`);
      for (const m of src.matchAll(/(?:notFound|forbidden|invalid|conflict|rateLimited|AppError\('[A-Z_]+',)\s*\(?\s*'([a-zA-Z]+\.[\w.]+)'/g)) if (!isMessageKey(m[1])) missing.push(`${path.relative(root, file)}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
});
