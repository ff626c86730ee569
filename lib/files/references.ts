import { sql } from 'kysely';

/**
 * Every column that refers to a stored file. A file is deleted only when none of them does (an
 * article's deletion must not remove a file still attached elsewhere). A table that starts
 * referring to stored_file adds its line here, and both stores (PostgreSQL and S3) follow.
 */
const FILE_REFERENCES: ReadonlyArray<readonly [table: string, column: string]> = [
  ['announcement_attachment', 'file_id'],
  ['announcement', 'cover_file_id'],
  ['announcement_response', 'file_id'],
  ['request_attachment', 'file_id'],
  ['task_attachment', 'file_id'],
  ['purchase_order_attachment', 'file_id'],
  ['kb_article_file', 'file_id'],
  ['meeting_file', 'file_id'],
];

/** `stored_file` rows that nothing refers to (for `deleteFrom('stored_file').where(…)`). */
export const fileUnreferencedSql = sql<boolean>`(${sql.join(
  FILE_REFERENCES.map(([table, column]) => sql`not exists (select 1 from ${sql.table(table)} r where r.${sql.ref(column)} = stored_file.id)`),
  sql` and `,
)})`;
