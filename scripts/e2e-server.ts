import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { findTestServer, withDatabase } from '../db/testing-server';

/**
 * Plaza for the end-to-end tests: a fresh database `plaza_e2e` (on the PostgreSQL at
 * 127.0.0.1:5432 when one answers, else an embedded one), then the same start path as
 * `npm start` (outbox for admins only: not the quick-start demo), on port 3100 (PLAZA_E2E_PORT) with the local identity provider on the next port.
 */
async function main() {
  const adminUrl = await findTestServer();
  const port = Number(process.env.PLAZA_E2E_PORT ?? 3100);
  const name = port === 3100 ? 'plaza_e2e' : `plaza_e2e_${port}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);

  const dataDir = path.join(process.cwd(), '.data', port === 3100 ? 'e2e' : `e2e-${port}`);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, 'database-url'), url);

  Object.assign(process.env, {
    DATABASE_URL: url,
    PLAZA_DATA_DIR: dataDir,
    PLAZA_SEED_DEMO: 'true',
    PLAZA_DEV_IDP: 'true',
    PORT: String(port),
    IDP_PORT: String(port + 1),
    AUTH_URL: `http://localhost:${port}`,
  });
  await import('./start');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
