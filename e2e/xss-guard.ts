import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

/**
 * The stored-XSS corpus (e2e/xss/payloads.txt, source and licence in e2e/xss/README.md) and the
 * watch that fails when any of it runs in Chromium. Shared by e2e/xss.spec.ts (pages) and
 * emails/xss-corpus.test.ts (mail templates).
 *
 * Three nets, any one of which fails the test:
 * 1. execution: alert/confirm/prompt/print are replaced before any page script runs by a sentinel
 *    that records the call (the payloads call alert), and every dialog is recorded too;
 * 2. CSP: every `securitypolicyviolation` — Plaza's pages have none of their own (e2e/security
 *    spec), so one means injected markup reached the DOM and only the second line held;
 * 3. the DOM: any `on*` attribute, any javascript:/vbscript:/data:text/html URL, any script
 *    without the page's nonce, any iframe/object/embed/base/link[rel=import]/meta refresh.
 */
export function loadPayloads(): string[] {
  const text = readFileSync(path.join(process.cwd(), 'e2e', 'xss', 'payloads.txt'), 'utf8');
  return text.split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0);
}

/** Runs in the page before its own scripts: the sentinel and the CSP listener. */
export const SENTINEL_SCRIPT = `(() => {
  const w = window;
  w.__xssHits = [];
  const hit = (what) => (...args) => { w.__xssHits.push(what + '(' + args.map(String).join(',').slice(0, 80) + ')'); };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    try { Object.defineProperty(w, name, { value: hit(name), writable: false, configurable: false }); } catch (e) {}
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    w.__xssHits.push('csp:' + e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '').slice(0, 80));
  }, true);
})();`;

/** Evaluated in the page: what the DOM holds that no sanitised page should. */
export function domFindings(): string[] {
  const found: string[] = [];
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcdoc', 'to', 'from', 'values'];
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    for (const a of Array.from(el.attributes)) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on')) found.push(`<${tag} ${n}=${a.value.slice(0, 60)}>`);
      if (urlAttrs.includes(n) && /^\s*(javascript|vbscript|data\s*:\s*text\/html)/i.test(a.value.replace(/[\u0000-\u001f]/g, ''))) found.push(`<${tag} ${n}=${a.value.slice(0, 60)}>`);
      if (n === 'srcdoc') found.push(`<${tag} srcdoc>`);
    }
    if (tag === 'script' && !(el as HTMLScriptElement).nonce) found.push(`<script> without nonce: ${(el.textContent ?? '').slice(0, 60)}`);
    if (['iframe', 'object', 'embed', 'base', 'applet', 'frame', 'frameset'].includes(tag)) found.push(`<${tag}>`);
    if (tag === 'link' && /import/i.test(el.getAttribute('rel') ?? '')) found.push('<link rel=import>');
    if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') ?? '')) found.push('<meta refresh>');
  }
  return found;
}

/** Arms a page: sentinel before any script, dialogs recorded (and dismissed). Returns the list of hits. */
export async function armPage(page: Page): Promise<string[]> {
  const hits: string[] = [];
  page.on('dialog', (d) => {
    hits.push(`dialog ${d.type()}: ${d.message().slice(0, 80)}`);
    void d.dismiss().catch(() => {});
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text())) hits.push(`console: ${m.text().slice(0, 160)}`);
  });
  await page.addInitScript(SENTINEL_SCRIPT);
  return hits;
}

/** After a page has rendered: everything the three nets caught there. */
export async function findingsOn(page: Page, hits: string[]): Promise<string[]> {
  // Give timers, autofocus and load handlers their chance.
  await page.waitForTimeout(150);
  const inPage = await page.evaluate(() => (window as unknown as { __xssHits?: string[] }).__xssHits ?? []);
  const dom = await page.evaluate(domFindings);
  return [...hits.splice(0), ...inPage, ...dom].map((f) => `${page.url()}: ${f}`);
}
