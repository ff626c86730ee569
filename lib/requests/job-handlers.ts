import 'server-only';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import type { RequestJobPayloads } from './job-names';
import { runDueRecomputeIfRequested } from './recompute';
import { scanRequestSla } from './sla-scan';

type Ctx = { db: Kysely<DB> };

export const requestJobHandlers: { [N in keyof RequestJobPayloads]: (data: RequestJobPayloads[N], ctx: Ctx) => Promise<void> } = {
  'requests.sla-scan': async (_data, { db }) => void (await scanRequestSla(db)),
  'requests.recompute-due': async (_data, { db }) => void (await runDueRecomputeIfRequested(db)),
};

export const requestSchedules = [{ name: 'requests.sla-scan' as const, cron: '* * * * *' }, { name: 'requests.recompute-due' as const, cron: '* * * * *' }];
