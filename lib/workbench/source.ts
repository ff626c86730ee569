import { sql, type Kysely, type OperationNodeSource } from 'kysely';
import type { DB } from '@/db/types';
import type { JsonRow, TodoSource, TodoSourceSpec } from './types';

/** A source's statement as one JSON array of its rows, in the statement's own order. */
export function rowsAsJson(q: OperationNodeSource) {
  return sql<unknown[]>`(select coalesce(json_agg(t), '[]'::json) from (${q as never}) t)`;
}

/** An area's to-do source: its one statement and how its rows become a group (see TodoSourceSpec). */
export function defineTodoSource<R>(spec: TodoSourceSpec<R>): TodoSource {
  return {
    ...spec,
    async load(db: Kysely<DB>, viewer, opts) {
      const q = spec.query(db, viewer, opts);
      if (!q) return null;
      const { rows } = await sql<{ rows: JsonRow<R>[] }>`select ${rowsAsJson(q)} as rows`.execute(db);
      return spec.group(rows[0].rows, viewer, opts);
    },
  };
}

/** A timestamp from a JSON row. */
export function asDate(x: string | null | undefined): Date | null {
  return x == null ? null : new Date(x);
}
