import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// Uploaded files (lib/files) and their first user, announcement attachments. The bytes live in
// PostgreSQL (docs/decisions/0200-file-storage.md): every web process sees the same files and a
// file commits or rolls back with the item it is attached to. Other features (knowledge base,
// meetings, tasks) add their own link table pointing at stored_file.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stored_file')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('restrict'))
    // Sanitised (no path, no control or bidi characters) by lib/files before it gets here.
    .addColumn('filename', 'text', (c) => c.notNull().check(sql`char_length(filename) between 1 and 255`))
    // Detected from the content, never the browser's claim.
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull().check(sql`size > 0`))
    .addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addCheckConstraint('stored_file_size_matches', sql`size = octet_length(content)`)
    .execute();
  // The allowed types are compressed already (PDF, images, OOXML, ZIP) or small (text): skip
  // TOAST's compression attempt and store the bytes out of line as they are.
  await sql`alter table stored_file alter column content set storage external`.execute(db);
  await db.schema.createIndex('stored_file_owner_idx').on('stored_file').columns(['owner_id', 'created_at']).execute();

  await db.schema
    .createTable('announcement_attachment')
    .addColumn('announcement_id', 'uuid', (c) => c.notNull().references('announcement.id').onDelete('cascade'))
    .addColumn('file_id', 'uuid', (c) => c.notNull().references('stored_file.id').onDelete('restrict'))
    .addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 0`))
    .addPrimaryKeyConstraint('announcement_attachment_pk', ['announcement_id', 'file_id'])
    .execute();
  // Download authorisation goes from the file to the items it is attached to.
  await db.schema.createIndex('announcement_attachment_file_idx').on('announcement_attachment').column('file_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('announcement_attachment').execute();
  await db.schema.dropTable('stored_file').execute();
}
