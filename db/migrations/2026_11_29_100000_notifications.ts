import { sql, type Kysely } from 'kysely';

/**
 * Notifications: one event (what happened, once, by its dedupe key) addressed to many people (one
 * row each). Producers in every area write them through lib/notifications (notify); the
 * notification centre reads the rows; a job mails those who should get mail, once each.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notification_event')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('item_type', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) <= 500`))
    .addColumn('message_key', 'text', (c) => c.notNull())
    .addColumn('params', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('link', 'text', (c) => c.notNull().check(sql`link like '/%'`))
    .addColumn('urgent', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('actor_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('mail_template', 'text')
    .addColumn('mail_props', 'jsonb')
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('notification_event_item_idx').on('notification_event').columns(['item_type', 'item_id']).execute();

  await db.schema
    .createTable('notification')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('notification_event.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .addColumn('mailed_at', 'timestamptz')
    .addUniqueConstraint('notification_event_person_uq', ['event_id', 'person_id'])
    .execute();
  await db.schema.createIndex('notification_person_idx').on('notification').columns(['person_id', 'id desc']).execute();
  await sql`create index notification_unread_idx on notification (person_id) where read_at is null`.execute(db);
  await sql`create index notification_unmailed_idx on notification (event_id, id) where mailed_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification').execute();
  await db.schema.dropTable('notification_event').execute();
}
