/**
 * Runs once when a Next.js server starts, before it serves a request (Next 16 `register()`):
 * the configuration is validated here, so a bad setting stops the web server at start with one
 * line naming the variable instead of surfacing on the first request. Skipped while `next build`
 * prerenders (no runtime secrets there) and on the edge runtime (Plaza uses none).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { validateEnvOrExit } = await import('./lib/env');
  validateEnvOrExit('web');
}
