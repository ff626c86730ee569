import 'server-only';
import { headers } from 'next/headers';
import { env } from '@/lib/env';

export type RequestMeta = { ip: string | null; userAgent: string | null };

/** The client's address and user agent for audit entries and rate limits. */
export async function requestMeta(): Promise<RequestMeta> {
  try {
    const h = await headers();
    return metaFromHeaders(h);
  } catch {
    return { ip: null, userAgent: null }; // outside a request (jobs, scripts)
  }
}

export function metaFromHeaders(h: Headers): RequestMeta {
  // Only trust forwarding headers behind a known proxy; otherwise anyone could pick their address.
  // Without one, all clients share one address bucket ('direct'): stricter, never spoofable.
  const trusted = env().PLAZA_TRUST_PROXY;
  const ip = (trusted && (h.get('x-forwarded-for')?.split(',')[0]?.trim() || h.get('x-real-ip'))) || 'direct';
  return { ip, userAgent: h.get('user-agent')?.slice(0, 400) ?? null };
}
