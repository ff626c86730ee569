import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMessages } from './messages';
import { pickMessages } from './client-messages';

/**
 * Issue 8: every page used to ship all seven catalogs (≈ 32 KB of zh-CN JSON in each page's RSC
 * payload) because the root layout's NextIntlClientProvider had no `messages`. These checks keep
 * it that way: the root ships only `errors.generic`, nothing else renders a provider with all
 * messages, and every scope handed to a client is one a client component actually translates.
 */
const root = path.resolve(__dirname, '../..');
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}
const files = [...sourceFiles(path.join(root, 'app')), ...sourceFiles(path.join(root, 'lib'))].map((f) => ({ file: path.relative(root, f), src: readFileSync(f, 'utf8') }));
/** Every scope of every <ClientMessages scopes={[…]}> in the app. */
const uses = files.flatMap(({ file, src }) =>
  [...src.matchAll(/<ClientMessages\s+scopes=\{\[([^\]]*)\]\}/g)].map((m) => ({ file, scopes: [...m[1].matchAll(/'([\w.]+)'/g)].map((x) => x[1]) })),
);
/** Namespaces the client components translate: useTranslations('a.b'). */
const clientNamespaces = files
  .filter(({ src }) => /^['"]use client['"]/m.test(src))
  .flatMap(({ file, src }) => [...src.matchAll(/useTranslations\(([^)]*)\)/g)].map((m) => ({ file, ns: m[1].replace(/['"\s]/g, '') })));

describe('messages shipped to the client', () => {
  it('the root layout ships only errors.generic (for app/error.tsx), and under 1 KB', async () => {
    const layout = readFileSync(path.join(root, 'app/layout.tsx'), 'utf8');
    expect(uses.filter((u) => u.file === 'app/layout.tsx').map((u) => u.scopes)).toEqual([['errors.generic']]);
    expect(layout).not.toMatch(/NextIntlClientProvider/);
    for (const locale of ['zh-CN', 'en'] as const) {
      const shipped = JSON.stringify(pickMessages(await loadMessages(locale), ['errors.generic']));
      expect(Buffer.byteLength(shipped)).toBeLessThan(1024);
    }
  });

  it('no component renders NextIntlClientProvider itself (it would ship every catalog without `messages`)', () => {
    const offenders = files.filter(({ file, src }) => file !== 'lib/i18n/client-messages.tsx' && /NextIntlClientProvider/.test(src)).map((f) => f.file);
    expect(offenders).toEqual([]);
  });

  it('a client component translates only namespaces it is given, and whole catalogs are never given', () => {
    expect(clientNamespaces.length).toBeGreaterThan(0);
    const given = uses.flatMap((u) => u.scopes);
    for (const { file, ns } of clientNamespaces) {
      expect([file, ns === '' ? 'useTranslations() without a namespace' : 'ok']).toEqual([file, 'ok']);
      expect([file, ns, given.some((s) => ns === s || ns.startsWith(`${s}.`))]).toEqual([file, ns, true]);
    }
    for (const u of uses) for (const s of u.scopes) expect([u.file, s, s.includes('.')]).toEqual([u.file, s, true]);
  });

  it('every shipped scope is translated by some client component (nothing shipped for nothing), each page under 16 KB', async () => {
    const all = await loadMessages('zh-CN');
    for (const u of uses) {
      for (const s of u.scopes) expect([u.file, s, clientNamespaces.some(({ ns }) => ns === s || ns.startsWith(`${s}.`) || s.startsWith(`${ns}.`))]).toEqual([u.file, s, true]);
      expect([u.file, Buffer.byteLength(JSON.stringify(pickMessages(all, u.scopes))) < 16 * 1024]).toEqual([u.file, true]);
    }
  });

  it('pickMessages keeps full keys and refuses unknown scopes', () => {
    const m = { a: { b: { c: 'x', d: 'y' }, e: 'z' }, f: 'w' };
    expect(pickMessages(m, ['a.b.c', 'f'])).toEqual({ a: { b: { c: 'x' } }, f: 'w' });
    expect(() => pickMessages(m, ['a.q'])).toThrow(/a\.q/);
  });
});
