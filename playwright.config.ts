import { defineConfig, devices } from '@playwright/test';

/** PLAZA_E2E_PORT moves the app (and the identity provider to the next port), e.g. to run two suites at once. */
export const E2E_PORT = Number(process.env.PLAZA_E2E_PORT ?? 3100);
const baseURL = `http://localhost:${E2E_PORT}`;

/**
 * End-to-end tests in Debian's Chromium against the real app: `scripts/e2e-server.ts` starts
 * Plaza exactly as `npm start` does (web + worker + local identity provider) on a fresh,
 * seeded database. Specs run one at a time because they share that database.
 */
export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    command: 'node --import tsx --import ./scripts/hooks/register.mjs scripts/e2e-server.ts',
    url: `${baseURL}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 600_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
