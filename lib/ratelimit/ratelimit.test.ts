import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { consumeAll, RATE_LIMIT_TABLE, RateLimit, rateLimitKey } from './index';

describe('PostgreSQL rate limits', () => {
  let t: TestDb;
  let poolA: pg.Pool;
  let poolB: pg.Pool;
  beforeAll(async () => {
    t = await createTestDb();
    // Two pools stand for two web processes sharing the counters.
    poolA = new pg.Pool({ connectionString: t.url, max: 2 });
    poolB = new pg.Pool({ connectionString: t.url, max: 2 });
  });
  afterAll(async () => {
    await poolA.end();
    await poolB.end();
    await t.drop();
  });

  it('its table comes from the migrations (db/migrations), not from the first request', async () => {
    const { rows } = await poolA.query(`select to_regclass('public.${RATE_LIMIT_TABLE}')::text as t, (select count(*)::int from ${RATE_LIMIT_TABLE}) as n`);
    expect(rows[0]).toEqual({ t: RATE_LIMIT_TABLE, n: 0 });
  });

  it('allows `points` per window across processes, then refuses with a retry time', async () => {
    const rule = { keyPrefix: 'test_a', points: 3, durationSec: 60 };
    const [a, b] = await Promise.all([RateLimit.create(poolA, rule), RateLimit.create(poolB, rule)]);
    expect(await a.consume('x@example.com')).toMatchObject({ allowed: true, remaining: 2 });
    expect(await b.consume('X@example.com ')).toMatchObject({ allowed: true, remaining: 1 });
    expect(await a.consume('x@example.com')).toMatchObject({ allowed: true, remaining: 0 });
    const refused = await b.consume('x@example.com');
    expect(refused).toMatchObject({ allowed: false, firstRefusal: true });
    if (!refused.allowed) expect(refused.retryAfterSec).toBeGreaterThan(0);
    expect(await a.consume('x@example.com')).toMatchObject({ allowed: false, firstRefusal: false });
    // Other keys are unaffected; the table holds hashes, not addresses.
    expect(await a.consume('y@example.com')).toMatchObject({ allowed: true });
    const { rows } = await poolA.query(`select key from ${RATE_LIMIT_TABLE}`);
    expect(rows.map((r) => r.key)).toContain(`test_a:${rateLimitKey('x@example.com')}`);
    expect(JSON.stringify(rows)).not.toContain('example.com');
    await a.reset('x@example.com');
    expect(await b.consume('x@example.com')).toMatchObject({ allowed: true });
  });

  it('starts a new window after the duration', async () => {
    const r = await RateLimit.create(poolA, { keyPrefix: 'test_b', points: 1, durationSec: 1 });
    expect((await r.consume('k')).allowed).toBe(true);
    expect((await r.consume('k')).allowed).toBe(false);
    await new Promise((res) => setTimeout(res, 1100));
    expect((await r.consume('k')).allowed).toBe(true);
  });

  it('consumeAll stops at the first limit that refuses and says which', async () => {
    const ip = await RateLimit.create(poolA, { keyPrefix: 'test_ip', points: 1, durationSec: 60 });
    const mail = await RateLimit.create(poolA, { keyPrefix: 'test_mail', points: 5, durationSec: 60 });
    expect(await consumeAll([{ limit: ip, key: '10.0.0.1' }, { limit: mail, key: 'm' }])).toMatchObject({ allowed: true });
    const r = await consumeAll([{ limit: ip, key: '10.0.0.1' }, { limit: mail, key: 'm' }]);
    expect(r).toMatchObject({ allowed: false, rule: { keyPrefix: 'test_ip' } });
    // The mail limit was not charged for the refused request.
    expect(await mail.consume('m')).toMatchObject({ allowed: true, remaining: 3 });
  });
});
