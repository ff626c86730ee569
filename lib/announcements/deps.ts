import 'server-only';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { enqueue } from '@/lib/jobs/queue';
import type { JobData, JobName } from '@/lib/jobs/names';
import type { MailTransport } from '@/lib/mail/transport';

/**
 * What announcements need from the outside world, passed in so that tests can record the jobs a
 * change queues and run them (and retry them) by hand. Production uses pg-boss, inside the same
 * transaction as the change: a job exists only if its change committed.
 */
export type Enqueue = <N extends JobName>(trx: Kysely<DB> | Transaction<DB>, name: N, data: JobData<N>, opts?: { singletonKey?: string }) => Promise<void>;
export type Deps = { enqueue: Enqueue; transport?: MailTransport; now?: () => Date };

export const defaultDeps: Deps = {
  enqueue: async (trx, name, data, opts) => {
    await enqueue(name, data, { db: trx, ...opts });
  },
};
