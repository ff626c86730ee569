import 'server-only';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { env } from '@/lib/env';
import type { DB } from './types';

export type Database = Kysely<DB>;

// int8 (bigint/count) as JS numbers: our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

const globalForDb = globalThis as unknown as { plazaDb?: Database };

export function createDb(connectionString: string, max = 10): Database {
  return new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max }) }),
  });
}

/** The process-wide database handle. */
export function db(): Database {
  globalForDb.plazaDb ??= createDb(env().DATABASE_URL, env().DATABASE_POOL_MAX);
  return globalForDb.plazaDb;
}
