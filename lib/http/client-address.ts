import { isIP } from 'node:net';

/**
 * The client's address from X-Forwarded-For, trusting exactly `trustedProxies` hops.
 *
 * Every proxy appends the address that connected to it, so the list reads
 * "<whatever the client claimed>, …, <client as seen by the outermost trusted proxy>, …,
 * <hop seen by the proxy next to Plaza>". Only the right-most `trustedProxies` entries were
 * written by machines we trust; the entry `trustedProxies` places from the right is the client.
 * Anything to its left was sent by the client and is ignored (the left-most entry is the one an
 * attacker picks).
 *
 * With no proxy (0), Next fills X-Forwarded-For from the connection's remote address when the
 * request carries none, and proxy.ts removes any the client sent before Next does so: the one
 * entry left is the socket's address. (Route handlers and actions have no other way to see it.)
 *
 * Returns null when there is no usable address.
 */
export function clientAddress(forwardedFor: string | null | undefined, trustedProxies: number): string | null {
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  // With no proxy, the right-most entry is the one Next wrote; with n proxies, n-th from the right.
  // A chain shorter than the proxies we expect was entirely written by them: take its start.
  const n = Math.max(1, trustedProxies);
  const pick = hops.length >= n ? hops[hops.length - n] : hops[0];
  return normalizeAddress(pick);
}

/** Strips ports, brackets and the IPv4-mapped IPv6 prefix; null unless it is an IP address. */
export function normalizeAddress(raw: string): string | null {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  a = a.replace(/%.*$/, ''); // IPv6 zone id
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(a)) a = a.slice(7);
  const kind = isIP(a);
  if (kind === 0) return null;
  return kind === 6 ? a.toLowerCase() : a;
}

/**
 * The key one client is rate-limited under: an IPv4 address, or the /64 network of an IPv6
 * address (one household or server usually holds a whole /64 and could rotate through it).
 */
export function rateLimitAddress(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => (g || '0').replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
