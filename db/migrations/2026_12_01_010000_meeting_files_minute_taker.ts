import { sql, type Kysely } from 'kysely';

/**
 * Meetings, third pass (issue 10; docs/decisions/1600-meeting-files-minute-taker-units.md):
 * - meeting.minute_taker_id: one employee named by the organiser (or an admin) who may write,
 *   edit and publish the minutes.
 * - meeting_file: agenda documents (stored files of lib/files) attached to a meeting; downloads are
 *   checked by lib/meetings/files.ts (registered in lib/files' attachedTo).
 * - meeting_unit: the units invited as units (kept even when a unit has nobody active today), the
 *   "by unit" list's second half; filled from the attendees' via_unit_id.
 * - meeting_minutes_unit: the optional wider audience of the minutes (units whose trees are told
 *   when they are published, and may then read them).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table meeting add column minute_taker_id uuid references person(id) on delete set null`.execute(db);
  await sql`create index meeting_minute_taker_idx on meeting (minute_taker_id, starts_at) where minute_taker_id is not null`.execute(db);
  await sql`
    create table meeting_file (
      meeting_id uuid not null references meeting(id) on delete cascade,
      file_id uuid not null references stored_file(id),
      position integer not null default 0,
      added_by uuid references person(id) on delete set null,
      added_at timestamptz not null default now(),
      primary key (meeting_id, file_id)
    )`.execute(db);
  await sql`create index meeting_file_file_idx on meeting_file (file_id)`.execute(db);
  await sql`
    create table meeting_unit (
      meeting_id uuid not null references meeting(id) on delete cascade,
      unit_id uuid not null references org_unit(id) on delete cascade,
      primary key (meeting_id, unit_id)
    )`.execute(db);
  await sql`create index meeting_unit_unit_idx on meeting_unit (unit_id, meeting_id)`.execute(db);
  await sql`
    create table meeting_minutes_unit (
      meeting_id uuid not null references meeting(id) on delete cascade,
      unit_id uuid not null references org_unit(id) on delete cascade,
      primary key (meeting_id, unit_id)
    )`.execute(db);
  await sql`create index meeting_minutes_unit_unit_idx on meeting_minutes_unit (unit_id)`.execute(db);
  await sql`
    insert into meeting_unit (meeting_id, unit_id)
    select distinct meeting_id, via_unit_id from meeting_attendee where via_unit_id is not null
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists meeting_minutes_unit`.execute(db);
  await sql`drop table if exists meeting_unit`.execute(db);
  await sql`drop table if exists meeting_file`.execute(db);
  await sql`drop index if exists meeting_minute_taker_idx`.execute(db);
  await sql`alter table meeting drop column if exists minute_taker_id`.execute(db);
}
