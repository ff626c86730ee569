import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { resetEnvForTests } from '@/lib/env';

/** The queue against a real database: transactional enqueue, and idempotent mail jobs under retry. */
describe('jobs', () => {
  let t: TestDb;
  let mod: typeof import('./queue');
  let handlers: typeof import('./handlers');
  let boss: PgBoss;

  beforeAll(async () => {
    t = await createTestDb();
    process.env.DATABASE_URL = t.url;
    resetEnvForTests();
    mod = await import('./queue');
    handlers = await import('./handlers');
    boss = mod.createBoss(t.url, 'worker');
    await boss.start();
    await mod.ensureQueues(boss);
  });
  afterAll(async () => {
    await boss.stop({ graceful: false, wait: true });
    const g = globalThis as unknown as { plazaBoss?: Promise<PgBoss> };
    if (g.plazaBoss) await (await g.plazaBoss).stop({ graceful: false, wait: true });
    await t.drop();
  });

  const mailJob = (key: string): import('./names').MailJob => ({
    to: { email: 'someone@example.com', locale: 'en' },
    template: 'notice' as const,
    props: { heading: 'Hi', paragraphs: ['x'] },
    idempotencyKey: key,
  });

  it('enqueues inside a transaction: rolled back means no job', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await mod.enqueue('mail.send', mailJob('rolled-back'), { db: trx });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await t.db.transaction().execute(async (trx) => {
      await mod.enqueue('mail.send', mailJob('committed'), { db: trx });
    });
    const jobs = await boss.fetch('mail.send', { batchSize: 10 });
    expect(jobs.map((j: { data: unknown }) => (j.data as { idempotencyKey: string }).idempotencyKey)).toEqual(['committed']);
  });

  it('a retried mail job sends nothing twice', async () => {
    const ctx = { db: t.db, workerId: 'test' };
    await handlers.jobHandlers['mail.send'](mailJob('retry-me') as never, ctx);
    await handlers.jobHandlers['mail.send'](mailJob('retry-me') as never, ctx);
    const rows = await t.db.selectFrom('mail_outbox').select(['status']).where('idempotency_key', '=', 'retry-me').execute();
    expect(rows).toEqual([{ status: 'sent' }]);
  });

  it('records worker heartbeats', async () => {
    await handlers.recordHeartbeat(t.db, 'w1');
    await handlers.recordHeartbeat(t.db, 'w1');
    const rows = await t.db.selectFrom('worker_heartbeat').selectAll().execute();
    expect(rows.map((r) => r.worker_id)).toEqual(['w1']);
  });
});
