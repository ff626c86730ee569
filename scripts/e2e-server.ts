import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { findTestServer, withDatabase } from '../db/testing-server';

/**
 * Plaza for the end-to-end tests: a fresh database `plaza_e2e` (on the PostgreSQL at
 * 127.0.0.1:5432 when one answers, else an embedded one), then the same start path as
 * `npm start`, on port 3100 with the local identity provider on 3101.
 */
async function main() {
  const adminUrl = await findTestServer();
  const name = 'plaza_e2e';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);

  const dataDir = path.join(process.cwd(), '.data', 'e2e');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, 'database-url'), url);

  Object.assign(process.env, {
    DATABASE_URL: url,
    PLAZA_DATA_DIR: dataDir,
    PLAZA_SEED_DEMO: 'true',
    PLAZA_DEV_IDP: 'true',
    PLAZA_OUTBOX_VIEWER: 'true',
    PORT: '3100',
    IDP_PORT: '3101',
    AUTH_URL: 'http://localhost:3100',
  });
  await import('./start');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
