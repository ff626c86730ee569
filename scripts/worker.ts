import { startWorker } from '../lib/jobs/worker';

/** `npm run worker`: a background worker on its own; run as many as you like against one database. */
async function main() {
  const worker = await startWorker();
  console.log('[worker] started');
  const stop = async () => {
    await worker.stop().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error('[worker] failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
