import 'server-only';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { DB } from '@/db/types';
import { env } from '@/lib/env';
import { jobNames, type JobData, type JobName } from './names';

/**
 * pg-boss in Plaza's own database (schema `pgboss`). The web process only sends; workers
 * (scripts/worker.ts) also work and schedule. Every handler must be idempotent: pg-boss retries.
 */
const globalForBoss = globalThis as unknown as { plazaBoss?: Promise<PgBoss> };

export const bossSchema = 'pgboss';

export function createBoss(connectionString: string, role: 'sender' | 'worker'): PgBoss {
  return new PgBoss({
    connectionString,
    schema: bossSchema,
    max: role === 'worker' ? 6 : 2,
    application_name: `plaza-${role}`,
    supervise: role === 'worker',
    schedule: role === 'worker',
    migrate: true,
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
  });
}

export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const name of jobNames) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name);
  }
}

async function senderBoss(): Promise<PgBoss> {
  globalForBoss.plazaBoss ??= (async () => {
    const boss = createBoss(env().DATABASE_URL, 'sender');
    boss.on('error', (e) => console.error('[jobs]', e));
    await boss.start();
    await ensureQueues(boss);
    return boss;
  })();
  return globalForBoss.plazaBoss;
}

/** Lets pg-boss write its job row inside a Kysely transaction: the job exists only if the transaction commits. */
function asBossDb(trx: Kysely<DB> | Transaction<DB>) {
  return {
    executeSql: async (text: string, values: unknown[]) => {
      const r = await trx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: r.rows as any[] };
    },
  };
}

export type EnqueueOptions = { db?: Kysely<DB> | Transaction<DB>; singletonKey?: string; startAfter?: Date | number; singletonSeconds?: number };

export async function enqueue<N extends JobName>(name: N, data: JobData<N>, options: EnqueueOptions = {}): Promise<string | null> {
  const boss = await senderBoss();
  const { db, ...rest } = options;
  return boss.send(name, data as object, { ...rest, ...(db ? { db: asBossDb(db) } : {}) });
}
