import { describe, expect, it } from 'vitest';
import { clientAddress, normalizeAddress, rateLimitAddress } from './client-address';
import { metaFromHeaders } from './request-meta';

describe('client address', () => {
  it('without a proxy: the connection address Next put into X-Forwarded-For, one per client', () => {
    expect(clientAddress('198.51.100.7', 0)).toBe('198.51.100.7');
    expect(clientAddress('::ffff:127.0.0.1', 0)).toBe('127.0.0.1');
    // Two clients are two addresses, not one shared bucket.
    const a = metaFromHeaders(new Headers({ 'x-forwarded-for': '198.51.100.7' }), 0);
    const b = metaFromHeaders(new Headers({ 'x-forwarded-for': '198.51.100.8' }), 0);
    expect(a.ip).not.toBe(b.ip);
    expect(a.ip).toBe('198.51.100.7');
  });

  it('behind n trusted proxies: the n-th entry from the right, never the client-written left-most', () => {
    // The client sent "X-Forwarded-For: 10.9.9.9"; nginx appended what it saw.
    expect(clientAddress('10.9.9.9, 203.0.113.5', 1)).toBe('203.0.113.5');
    expect(metaFromHeaders(new Headers({ 'x-forwarded-for': '1.1.1.1, 2.2.2.2, 203.0.113.5' }), 1).ip).toBe('203.0.113.5');
    // CDN → nginx → Plaza: the CDN appended the client, nginx appended the CDN.
    expect(clientAddress('6.6.6.6, 203.0.113.5, 192.0.2.10', 2)).toBe('203.0.113.5');
    // A chain shorter than the proxies configured was written entirely by them.
    expect(clientAddress('203.0.113.5', 2)).toBe('203.0.113.5');
  });

  it('normalises ports, brackets, mapped IPv4 and case; refuses what is not an address', () => {
    expect(normalizeAddress('203.0.113.5:4711')).toBe('203.0.113.5');
    expect(normalizeAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeAddress('unknown')).toBeNull();
    expect(normalizeAddress('<script>')).toBeNull();
    expect(clientAddress('', 0)).toBeNull();
    expect(clientAddress(null, 1)).toBeNull();
    expect(clientAddress('1.2.3.4, garbage', 1)).toBeNull();
  });

  it('rate-limits an IPv6 client by its /64', () => {
    expect(rateLimitAddress('203.0.113.5')).toBe('203.0.113.5');
    expect(rateLimitAddress('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(rateLimitAddress('2001:db8:1:2::99')).toBe('2001:db8:1:2::/64');
    expect(rateLimitAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateLimitAddress('::1')).toBe('0:0:0:0::/64');
  });
});
