import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Database } from './client';
import { withDatabase } from './testing-server';

export type TestDb = { db: Database; url: string; drop: () => Promise<void> };

/**
 * A fresh database cloned from the migrated template, for one test file:
 *   const t = await createTestDb(); … afterAll(() => t.drop());
 */
export async function createTestDb(): Promise<TestDb> {
  const adminUrl = process.env.PLAZA_TEST_PG_URL;
  const template = process.env.PLAZA_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('PLAZA_TEST_PG_URL is not set: run tests through vitest (test/global-setup.ts).');
  const name = `plaza_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, 4);
  return {
    db,
    url,
    drop: async () => {
      await db.destroy();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      try {
        // The pool's end() resolves once it has ASKED its connections to close; a forced drop
        // before the server has let them go kills them mid-goodbye, and pg reports that as an
        // unhandled error in the test run. Wait (up to 5 s) until they are gone, then drop.
        for (let i = 0; i < 100; i++) {
          const { rows } = await a.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
          if (rows[0].n === 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
