import { describe, expect, it } from 'vitest';
import { ANONYMOUS_BODY_LIMIT, bodyLimitStatus, PROXIED_BODY_LIMIT } from './body-limit';
import { newNonce, pageContentSecurityPolicy } from './security-headers';

describe('page Content-Security-Policy', () => {
  it('scripts only by nonce and strict-dynamic; no plugins, no base, no framing, forms to ourselves', () => {
    const csp = pageContentSecurityPolicy({ nonce: 'abc123', formActionOrigins: ['https://sso.example.com'] });
    const d = Object.fromEntries(csp.split('; ').map((x) => [x.split(' ')[0], x.split(' ').slice(1).join(' ')]));
    expect(d['script-src']).toBe("'nonce-abc123' 'strict-dynamic'");
    expect(d['object-src']).toBe("'none'");
    expect(d['base-uri']).toBe("'none'");
    expect(d['frame-ancestors']).toBe("'none'");
    expect(d['form-action']).toBe("'self' https://sso.example.com");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(pageContentSecurityPolicy({ nonce: 'n', dev: true, https: true })).toMatch(/'unsafe-eval'.*upgrade-insecure-requests$/);
  });

  it('a fresh nonce each time', () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(newNonce()).not.toBe(a);
  });
});

describe('body limits', () => {
  const h = (init: Record<string, string>) => new Headers(init);
  it('refuses by declared length before anything is read', () => {
    expect(bodyLimitStatus(h({ 'content-length': '512' }), ANONYMOUS_BODY_LIMIT)).toBeNull();
    expect(bodyLimitStatus(h({ 'content-length': String(24 * 1024 * 1024) }), ANONYMOUS_BODY_LIMIT)).toBe(413);
    expect(bodyLimitStatus(h({ 'content-length': String(PROXIED_BODY_LIMIT + 1) }), PROXIED_BODY_LIMIT)).toBe(413);
    // A streamed body of unknown length is not taken on trust; no body at all is fine.
    expect(bodyLimitStatus(h({ 'transfer-encoding': 'chunked' }), ANONYMOUS_BODY_LIMIT)).toBe(411);
    expect(bodyLimitStatus(h({ 'content-length': '1e9' }), ANONYMOUS_BODY_LIMIT)).toBe(411);
    expect(bodyLimitStatus(h({}), ANONYMOUS_BODY_LIMIT)).toBeNull();
  });
});
