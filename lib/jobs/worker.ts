import 'server-only';
import os from 'node:os';
import { sql } from 'kysely';
import { db } from '@/db/client';
import { env } from '@/lib/env';
import { jobNames, type JobName } from './names';
import { jobHandlers, recordHeartbeat, schedules } from './handlers';
import { createBoss, ensureQueues } from './queue';

/** Starts a worker: works every queue, keeps the schedules, and beats a heartbeat for /api/health. */
export async function startWorker(): Promise<{ stop: () => Promise<void> }> {
  const workerId = `${os.hostname()}:${process.pid}`;
  const boss = createBoss(env().DATABASE_URL, 'worker');
  boss.on('error', (e) => console.error('[worker]', e));
  await boss.start();
  await ensureQueues(boss);
  for (const name of jobNames) {
    const handler = jobHandlers[name as JobName] as (data: unknown, ctx: { db: typeof database; workerId: string }) => Promise<void>;
    const database = db();
    await boss.work(name, { batchSize: 5, pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const job of jobs) await handler(job.data, { db: database, workerId });
    });
  }
  for (const s of schedules) await boss.schedule(s.name, s.cron, s.data ?? {});

  await recordHeartbeat(db(), workerId);
  const beat = setInterval(() => {
    recordHeartbeat(db(), workerId).catch((e) => console.error('[worker] heartbeat', e));
  }, 10_000);
  beat.unref();

  return {
    stop: async () => {
      clearInterval(beat);
      await boss.stop({ graceful: true, timeout: 10_000 });
      await sql`delete from worker_heartbeat where worker_id = ${workerId}`.execute(db());
    },
  };
}
