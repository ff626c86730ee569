import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import path from 'node:path';
import { migrateToLatest } from './migrate';
import { startEmbeddedPostgres, type EmbeddedDb } from './embedded';

/**
 * Finds a PostgreSQL for tests: PLAZA_TEST_PG_URL, else the server at 127.0.0.1:5432 when one
 * answers, else an embedded one under .data/test-pg. Then builds the migrated template database.
 */
/** One template per test run, so that several runs (developers, CI) can share one server. */
export const TEMPLATE_DB = `plaza_tpl_${process.pid}`;
let embedded: EmbeddedDb | undefined;

async function answers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

export async function findTestServer(): Promise<string> {
  if (process.env.PLAZA_TEST_PG_URL) return process.env.PLAZA_TEST_PG_URL;
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await answers(local)) return local;
  embedded = await startEmbeddedPostgres(path.join(process.cwd(), '.data', 'test-pg'), 54330, 'postgres');
  return embedded.url;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function prepareTemplateDatabase(): Promise<{ adminUrl: string; template: string }> {
  const adminUrl = await findTestServer();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: withDatabase(adminUrl, TEMPLATE_DB), max: 1 }) }) });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return { adminUrl, template: TEMPLATE_DB };
}

export async function dropTemplateDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

export async function stopTestServer(): Promise<void> {
  await embedded?.stop();
}
