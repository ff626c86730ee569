import { sql, type Kysely } from 'kysely';

/**
 * Customer requests, continued: saved replies (templates staff insert into a reply) belong to a
 * handling unit (its queue's shared replies, managed by the unit's heads and admins) or to one
 * person (personal replies); both languages, at least one written. Open requests get a partial
 * index on id for the job that recomputes due times when the calendar or a policy changes; the
 * change marks `request_setting.due_recompute_requested_at` in its own transaction and the job
 * (every minute) claims and clears it. Two more indexes keep the queue's "mine" and "all" in index order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table request_saved_reply alter column unit_id drop not null`.execute(db);
  await sql`alter table request_saved_reply add column owner_id uuid references person(id) on delete cascade`.execute(db);
  await sql`alter table request_saved_reply add column title_en text check (title_en is null or char_length(title_en) between 1 and 120)`.execute(db);
  await sql`alter table request_saved_reply add column updated_at timestamptz not null default now()`.execute(db);
  await sql`alter table request_saved_reply add constraint request_saved_reply_scope check ((unit_id is null) <> (owner_id is null))`.execute(db);
  await sql`alter table request_saved_reply add constraint request_saved_reply_body check (char_length(body_zh) + char_length(body_en) > 0)`.execute(db);
  await sql`create index request_saved_reply_owner_idx on request_saved_reply (owner_id, title) where owner_id is not null`.execute(db);
  await sql`create index request_open_idx on request (id) where status in ('new','open','waiting')`.execute(db);
  // The queue's "assigned to me" (every status) and admins' "all", in index order (bench:requests).
  await sql`create index request_assignee_all_idx on request (assignee_id, updated_at desc, id)`.execute(db);
  await sql`create index request_updated_idx on request (updated_at desc, id)`.execute(db);
  await sql`alter table request_setting add column due_recompute_requested_at timestamptz, add column due_recompute_started_at timestamptz, add column due_recomputed_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table request_setting drop column due_recompute_requested_at, drop column due_recompute_started_at, drop column due_recomputed_at`.execute(db);
  await sql`drop index if exists request_open_idx, request_assignee_all_idx, request_updated_idx`.execute(db);
  await sql`delete from request_saved_reply where unit_id is null`.execute(db);
  await sql`alter table request_saved_reply drop constraint request_saved_reply_scope, drop constraint request_saved_reply_body, drop column owner_id, drop column title_en, drop column updated_at`.execute(db);
  await sql`alter table request_saved_reply alter column unit_id set not null`.execute(db);
}
