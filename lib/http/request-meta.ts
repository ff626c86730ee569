import 'server-only';
import { headers } from 'next/headers';
import { env } from '@/lib/env';
import { clientAddress } from './client-address';

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

/**
 * The address is the right-most untrusted hop of X-Forwarded-For (lib/http/client-address.ts):
 * PLAZA_TRUSTED_PROXIES says how many proxies in front of Plaza to believe; without any, it is
 * the connection's own address. Never the left-most entry, which the client writes itself.
 */
export function metaFromHeaders(h: Headers, trustedProxies: number = env().trustedProxies): RequestMeta {
  return { ip: clientAddress(h.get('x-forwarded-for'), trustedProxies), userAgent: h.get('user-agent')?.slice(0, 400) ?? null };
}
