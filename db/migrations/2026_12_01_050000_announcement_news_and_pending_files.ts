import { type Kysely, sql } from 'kysely';

// Issue 14, compose and news:
// - announcement.summary (optional, ≤ 300 characters) and cover_file_id (an image stored through
//   lib/files): shown on the homepage news and the announcements list.
// - announcement_pending_file: files chosen in the compose form while the rest of the form was
//   refused. They are stored at once (owned by the person) and listed here until the form is
//   saved (then they become attachments) or removed; nothing chosen is lost to a validation error.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table announcement
    add column summary text check (summary is null or char_length(summary) <= 300),
    add column cover_file_id uuid references stored_file(id) on delete restrict`.execute(db);
  await sql`create index announcement_cover_file_idx on announcement (cover_file_id) where cover_file_id is not null`.execute(db);
  await sql`create table announcement_pending_file (
    file_id uuid primary key references stored_file(id) on delete cascade,
    owner_id uuid not null references person(id) on delete cascade,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index announcement_pending_file_owner_idx on announcement_pending_file (owner_id, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table announcement_pending_file`.execute(db);
  await sql`alter table announcement drop column cover_file_id, drop column summary`.execute(db);
}
