import coreWebVitals from 'eslint-config-next/core-web-vitals';
import typescript from 'eslint-config-next/typescript';

const config = [
  ...coreWebVitals,
  ...typescript,
  {
    ignores: ['.next/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'db/types.ts'],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Kysely<any> in frozen migrations, registries of heterogeneous templates, JSON from tests.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Nothing outside lib/env.ts reads the environment (scripts/ and e2e/ set it up for children).
    files: ['app/**', 'lib/**', 'emails/**', 'db/**'],
    ignores: ['lib/env.ts', 'db/testing.ts', 'db/testing-server.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through lib/env.ts.' }],
    },
  },
  {
    // The local identity provider is started by scripts/ only; it must never be bundled into the app.
    files: ['app/**', 'lib/**', 'emails/**', 'proxy.ts'],
    ignores: ['lib/dev-idp/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/dev-idp/**', '@/lib/dev-idp/*'], message: 'The development identity provider is for scripts/ only.' }] }],
    },
  },
];

export default config;
