/**
 * Security headers of Plaza's pages, set per request by proxy.ts (Next 16's documented way of
 * adding a nonce-based Content-Security-Policy: the proxy puts the policy on the request, Next
 * reads the nonce from it and puts it on every script it renders, and the proxy sends the policy
 * with the response). Pure functions: tested beside this file.
 */
export type PageCspOptions = {
  nonce: string;
  /** `next dev`: React needs eval for its debugging aids. */
  dev?: boolean;
  /** Served over https: ask browsers to upgrade any stray http:// sub-resource. */
  https?: boolean;
  /** Origins a form may be submitted to besides our own (the OpenID provider, for the SSO button before hydration). */
  formActionOrigins?: string[];
};

export function pageContentSecurityPolicy(o: PageCspOptions): string {
  const directives = [
    "default-src 'self'",
    // Only scripts carrying this response's nonce, and what they load ('strict-dynamic'):
    // an injected <script>, inline handler or javascript: URL does not run.
    `script-src 'nonce-${o.nonce}' 'strict-dynamic'${o.dev ? " 'unsafe-eval'" : ''}`,
    // Inline style attributes (React style props, the mail previews in the outbox) stay allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    `form-action 'self'${(o.formActionOrigins ?? []).map((x) => ` ${x}`).join('')}`,
    ...(o.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** A fresh, unguessable nonce for one response. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}

/** HSTS for a Plaza served over https: a year, subdomains included (no preload: a choice for the operator). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';
