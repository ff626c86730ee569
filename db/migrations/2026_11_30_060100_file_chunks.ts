import { sql, type Kysely } from 'kysely';

/**
 * Large documents (the knowledge base's files up to 100 MB) are stored as a sequence of 1 MiB
 * chunks, written while the upload streams in and read one at a time while a download streams
 * out, so no process holds a whole file (lib/files/storage.ts). Small files keep their bytes in
 * stored_file.content ('inline'). `storage` says which; 's3' is a file in the S3-compatible bucket.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table stored_file add column storage text not null default 'inline' check (storage in ('inline','chunks','s3'))`.execute(db);
  await sql`alter table stored_file alter column content drop not null`.execute(db);
  await sql`alter table stored_file drop constraint stored_file_size_matches`.execute(db);
  await sql`alter table stored_file add constraint stored_file_size_matches check (
    (storage = 'inline' and content is not null and size = octet_length(content)) or (storage <> 'inline' and content is null))`.execute(db);
  await sql`
    create table stored_file_chunk (
      file_id uuid not null references stored_file(id) on delete cascade deferrable initially deferred,
      seq integer not null check (seq >= 0),
      data bytea not null check (octet_length(data) between 1 and 1048576),
      primary key (file_id, seq)
    )`.execute(db);
  await sql`alter table stored_file_chunk alter column data set storage external`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists stored_file_chunk`.execute(db);
  await sql`delete from stored_file where storage <> 'inline'`.execute(db);
  await sql`alter table stored_file drop constraint stored_file_size_matches`.execute(db);
  await sql`alter table stored_file add constraint stored_file_size_matches check (size = octet_length(content))`.execute(db);
  await sql`alter table stored_file alter column content set not null`.execute(db);
  await sql`alter table stored_file drop column storage`.execute(db);
}
