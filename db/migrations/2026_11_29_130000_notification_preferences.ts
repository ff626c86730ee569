import { sql, type Kysely } from 'kysely';

/**
 * Notification preferences and e-mail digests.
 * - notification_preference: one row per person who changed anything; null columns fall back to
 *   the company default for their kind of person, then to the built-in default.
 * - notification_default: the company defaults an admin sets, one row per audience (employee, partner).
 * - notification_digest: one row per person and period (a day or an ISO week), written in the same
 *   transaction as the mail's outbox row: the digest job never builds a period twice, and a killed
 *   run resumes by delivering the rows still pending (same batch key → the provider dedupes).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const prefColumns = <T extends { addColumn: (...a: any[]) => T }>(t: T, nullable: boolean): T => {
    const nn = (c: any) => (nullable ? c : c.notNull());
    return t
      .addColumn('digest_frequency', 'text', (c: any) => nn(c).check(sql`digest_frequency in ('daily','weekly','off')`))
      .addColumn('digest_hour', 'smallint', (c: any) => nn(c).check(sql`digest_hour between 0 and 23`))
      .addColumn('digest_weekday', 'smallint', (c: any) => nn(c).check(sql`digest_weekday between 1 and 7`))
      .addColumn('skip_weekends', 'boolean', (c: any) => nn(c))
      .addColumn('sections', sql`text[]`)
      .addColumn('kind_modes', 'jsonb', (c: any) => c.notNull().defaultTo(sql`'{}'::jsonb`).check(sql`jsonb_typeof(kind_modes) = 'object'`))
      .addColumn('updated_at', 'timestamptz', (c: any) => c.notNull().defaultTo(sql`now()`));
  };

  await prefColumns(
    db.schema.createTable('notification_preference').addColumn('person_id', 'uuid', (c) => c.primaryKey().references('person.id').onDelete('cascade')),
    true,
  ).execute();

  await prefColumns(
    db.schema.createTable('notification_default').addColumn('audience', 'text', (c) => c.primaryKey().check(sql`audience in ('employee','partner')`)),
    false,
  )
    .addColumn('updated_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('notification_digest')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull().check(sql`frequency in ('daily','weekly')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('empty','pending','sent','failed')`))
    .addColumn('items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('batch_key', 'text')
    .addColumn('outbox_id', 'uuid', (c) => c.references('mail_outbox.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addUniqueConstraint('notification_digest_person_period_uq', ['person_id', 'period'])
    .execute();
  await sql`create index notification_digest_person_idx on notification_digest (person_id, created_at desc)`.execute(db);
  await sql`create index notification_digest_pending_idx on notification_digest (batch_key) where status = 'pending'`.execute(db);
  // The notification centre filters by kind.
  await sql`create index notification_event_kind_idx on notification_event (kind, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists notification_event_kind_idx`.execute(db);
  await db.schema.dropTable('notification_digest').execute();
  await db.schema.dropTable('notification_default').execute();
  await db.schema.dropTable('notification_preference').execute();
}
