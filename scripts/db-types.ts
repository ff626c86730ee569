import { execFileSync } from 'node:child_process';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../db/migrate';

/**
 * `npm run db:types`: migrates a scratch database and regenerates db/types.ts from it.
 * Uses TYPES_DATABASE_URL, else the PostgreSQL at 127.0.0.1:5432.
 */
async function main() {
  const base = process.env.TYPES_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `plaza_types_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }) });
  try {
    await migrateToLatest(db);
    await db.destroy();
    execFileSync('npx', ['kysely-codegen', '--dialect', 'postgres', '--url', url.toString(), '--out-file', 'db/types.ts',
      '--exclude-pattern', 'kysely_*', '--type-mapping', '{"int8":"number"}'], { stdio: 'inherit' });
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
