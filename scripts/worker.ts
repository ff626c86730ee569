import { validateEnvOrExit } from '../lib/env';
import { lowerWorkerPriority } from '../lib/jobs/priority';
import { startWorker } from '../lib/jobs/worker';
import { describeStartFailure } from './start-errors';

/** `npm run worker`: a background worker on its own; run as many as you like against one database. */
async function main() {
  validateEnvOrExit('worker'); // a bad setting: one line naming the variable, before any work
  const nice = lowerWorkerPriority(); // background work yields to the web app
  const worker = await startWorker();
  console.log(`[worker] started (nice ${nice})`);
  const stop = async () => {
    await worker.stop().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`[worker] failed to start: ${describeStartFailure(e)}`);
  process.exit(1);
});
