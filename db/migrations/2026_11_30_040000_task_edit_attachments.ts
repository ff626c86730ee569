import { sql, type Kysely } from 'kysely';

/**
 * Tasks, second pass (issue 10):
 * - task_event learns 'reassigned' (owner changed: the history keeps from/to) and 'attachment'.
 * - task_attachment links stored files (lib/files) to a task, optionally to the progress update
 *   they came with; downloads are checked by lib/tasks/files.ts (same rule as the task page).
 * - search_document accepts 'meeting.minutes' (published minutes: notes and decisions, lib/search).
 * (The unit board needed no new index: task_unit_idx feeds it; the query was reshaped instead.)
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table search_document drop constraint search_document_kind_check`.execute(db);
  await sql`alter table search_document add constraint search_document_kind_check check (kind in ('kb.article','announcement','meeting.minutes'))`.execute(db);
  await sql`alter table task_event drop constraint task_event_kind_check`.execute(db);
  await sql`alter table task_event add constraint task_event_kind_check check (kind in (
    'created','status','returned','progress','comment','extension_requested','extension_approved','extension_declined','edited','reassigned','attachment'))`.execute(db);
  await sql`
    create table task_attachment (
      task_id uuid not null references task(id) on delete cascade,
      file_id uuid not null references stored_file(id),
      event_id bigint references task_event(id) on delete set null,
      added_by uuid references person(id) on delete set null,
      added_at timestamptz not null default now(),
      primary key (task_id, file_id)
    )`.execute(db);
  await sql`create index task_attachment_file_idx on task_attachment (file_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from search_document where kind = 'meeting.minutes'`.execute(db);
  await sql`alter table search_document drop constraint search_document_kind_check`.execute(db);
  await sql`alter table search_document add constraint search_document_kind_check check (kind in ('kb.article','announcement'))`.execute(db);
  await sql`drop table if exists task_attachment`.execute(db);
  await sql`alter table task_event drop constraint task_event_kind_check`.execute(db);
  await sql`alter table task_event add constraint task_event_kind_check check (kind in (
    'created','status','returned','progress','comment','extension_requested','extension_approved','extension_declined','edited'))`.execute(db);
}
