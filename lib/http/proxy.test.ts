import { NextRequest } from 'next/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetEnvForTests } from '@/lib/env';
import { proxy } from '@/proxy';

/** proxy.ts as Next calls it: security headers, X-Forwarded-For, body limits, the sign-in redirect. */
const KEYS = ['AUTH_URL', 'PLAZA_TRUSTED_PROXIES', 'PLAZA_TRUST_PROXY'] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
function configure(vars: Record<string, string | undefined>) {
  Object.assign(process.env, vars);
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  resetEnvForTests();
}
const req = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  new NextRequest(new URL(path, 'http://localhost:3000'), { method: init.method ?? 'GET', headers: init.headers });
const forwardedTo = (res: Response) => (res.headers.get('x-middleware-override-headers') ?? '').split(',').map((s) => s.trim());

beforeEach(() => configure({ AUTH_URL: 'http://localhost:3000', PLAZA_TRUSTED_PROXIES: undefined, PLAZA_TRUST_PROXY: undefined }));
afterEach(() => configure(saved));

describe('proxy.ts', () => {
  it('pages get a fresh nonce policy on the response and on the request Next renders; no HSTS over http', () => {
    const a = proxy(req('/sign-in'));
    const b = proxy(req('/sign-in'));
    const csp = a.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).not.toBe(b.headers.get('content-security-policy'));
    expect(a.headers.get('x-middleware-request-content-security-policy')).toBe(csp);
    expect(a.headers.get('strict-transport-security')).toBeNull();
    // API routes answer for themselves (file downloads carry their own sandbox policy).
    expect(proxy(req('/api/health')).headers.get('content-security-policy')).toBeNull();
  });

  it('over https: HSTS, and the policy upgrades stray http requests', () => {
    configure({ AUTH_URL: 'https://plaza.example.com' });
    const res = proxy(req('/sign-in'));
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    expect(proxy(req('/api/health')).headers.get('strict-transport-security')).not.toBeNull();
  });

  it('without a trusted proxy, drops the client’s X-Forwarded-For (Next then fills in the socket address); behind one, keeps it', () => {
    const spoofed = { 'x-forwarded-for': '10.6.6.6' };
    expect(forwardedTo(proxy(req('/sign-in', { headers: spoofed })))).not.toContain('x-forwarded-for');
    expect(forwardedTo(proxy(req('/api/auth/session', { headers: spoofed })))).not.toContain('x-forwarded-for');
    configure({ PLAZA_TRUSTED_PROXIES: '1' });
    expect(forwardedTo(proxy(req('/sign-in', { headers: spoofed })))).toContain('x-forwarded-for');
  });

  it('refuses large or unannounced bodies before anything reads them; a session cookie raises the limit to what the proxy buffers', () => {
    const post = (headers: Record<string, string>) => proxy(req('/partner/sign-in', { method: 'POST', headers: { 'next-action': 'abc', ...headers } }));
    expect(post({ 'content-length': String(24 * 1024 * 1024) }).status).toBe(413);
    expect(post({ 'content-length': String(100 * 1024) }).status).toBe(413);
    expect(post({ 'transfer-encoding': 'chunked' }).status).toBe(411);
    expect(post({ 'content-length': '300' }).status).toBe(200);
    expect(post({ 'content-length': String(100 * 1024), cookie: 'authjs.session-token=t' }).status).toBe(200);
    expect(post({ 'content-length': String(2 * 1024 * 1024), cookie: 'authjs.session-token=t' }).status).toBe(413);
  });

  it('sends anonymous visitors of app pages to the right sign-in page', () => {
    expect(proxy(req('/announcements')).headers.get('location')).toBe('http://localhost:3000/sign-in');
    expect(proxy(req('/partner/team')).headers.get('location')).toBe('http://localhost:3000/partner/sign-in');
    expect(proxy(req('/announcements', { headers: { cookie: 'authjs.session-token=t' } })).headers.get('location')).toBeNull();
  });
});
