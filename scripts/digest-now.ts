import { db } from '../db/client';
import { runDigests } from '../lib/notifications/digest';

/**
 * Runs the digest job once, now (or at `--now <ISO time>`), against DATABASE_URL — what the
 * worker does every 15 minutes. For operators (after an outage) and the end-to-end spec, which
 * triggers a digest from its own process: it needs shell access and the database, so it opens
 * nothing a running installation does not already have.
 */
async function main() {
  const i = process.argv.indexOf('--now');
  const now = i > 0 ? new Date(process.argv[i + 1]) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error('--now must be an ISO time');
  const r = await runDigests(db(), { now });
  console.log(JSON.stringify(r));
  await db().destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
