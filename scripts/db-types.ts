import { execFileSync } from 'node:child_process';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../db/migrate';

/**
 * `npm run db:types`: migrates a scratch database and regenerates db/types.ts from it.
 * Uses TYPES_DATABASE_URL, else the PostgreSQL at 127.0.0.1:5432. `--verify` only checks that
 * db/types.ts is up to date.
 *
 * Status and kind columns are text with a CHECK constraint `col in ('a','b')`: each becomes the
 * string union "a" | "b" in the generated types (kysely-codegen overrides), so code never casts
 * a status. A new area gets its unions by writing the same kind of CHECK in its migration.
 */
type Column = { table: string; column: string; values: string[]; nullable: boolean; hasDefault: boolean };

export async function enumLikeColumns(client: pg.Client): Promise<Column[]> {
  const { rows } = await client.query<{ table: string; def: string; attnotnull: boolean; atthasdef: boolean; column: string }>(`
    select c.conrelid::regclass::text as table, pg_get_constraintdef(c.oid) as def, a.attname as column,
           a.attnotnull, a.atthasdef
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'c' and cardinality(c.conkey) = 1 and c.connamespace = 'public'::regnamespace`);
  const out: Column[] = [];
  for (const r of rows) {
    // CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))
    const m = /^CHECK \(\((\w+) = ANY \(ARRAY\[(.*)\]\)\)\)$/.exec(r.def);
    if (!m || m[1] !== r.column) continue;
    const values = [...m[2].matchAll(/'((?:[^']|'')*)'::text/g)].map((x) => x[1].replace(/''/g, "'"));
    if (values.length === 0) continue;
    out.push({ table: r.table, column: r.column, values, nullable: !r.attnotnull, hasDefault: r.atthasdef });
  }
  return out.sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`));
}

function overrideOf(c: Column): string {
  const union = c.values.map((v) => JSON.stringify(v)).join(' | ') + (c.nullable ? ' | null' : '');
  return c.hasDefault ? `Generated<${union}>` : union;
}

async function main() {
  const verify = process.argv.includes('--verify');
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
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    const columns = await enumLikeColumns(client).finally(() => client.end());
    const overrides = { columns: Object.fromEntries(columns.map((c) => [`${c.table}.${c.column}`, overrideOf(c)])) };
    execFileSync('npx', ['kysely-codegen', '--dialect', 'postgres', '--url', url.toString(), '--out-file', 'db/types.ts',
      '--exclude-pattern', 'kysely_*', '--type-mapping', '{"int8":"number"}', '--overrides', JSON.stringify(overrides),
      ...(verify ? ['--verify'] : [])], { stdio: 'inherit' });
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
