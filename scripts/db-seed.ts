import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../db/types';
import { seedDemo } from '../db/seed/demo';

/** `npm run db:seed`: seeds the demo company into DATABASE_URL once (idempotent). */
async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set.');
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) });
  try {
    const r = await seedDemo(db);
    console.log(r.created ? `Seeded the demo company (${r.employees} employees, 3 partner organisations).` : 'Demo company already present: nothing to do.');
  } finally {
    await db.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
