import { sql, type Kysely } from 'kysely';

/**
 * Quick links: the workbench's launcher for the company's other systems (OA, HR, ERP, mail).
 * Communications officers and admins manage them; each shows to the people in its audience.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('quick_link')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 40`))
    .addColumn('name_en', 'text', (c) => c.check(sql`char_length(name_en) <= 40`))
    .addColumn('url', 'text', (c) => c.notNull().check(sql`url ~ '^https?://' and char_length(url) <= 2000`))
    .addColumn('icon', 'text', (c) => c.notNull().defaultTo('link').check(sql`icon in ('link','mail','hr','erp','oa','calendar','docs','chart','support','travel')`))
    .addColumn('audience_id', 'uuid', (c) => c.notNull().references('audience.id'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('quick_link_audience_idx').on('quick_link').column('audience_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('quick_link').execute();
}
