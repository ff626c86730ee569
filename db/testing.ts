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
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
