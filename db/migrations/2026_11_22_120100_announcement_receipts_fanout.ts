import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// Fan-out speed at 50,000 recipients (scripts/bench-announcements.ts, docs/decisions/0100):
// - A full (person_id, read_at) index on every receipt is touched at ~50,000 random places by a
//   company-wide publish; at 13 M receipts that alone took ≈ 1.1 s. Only the *unread* receipts
//   need finding by person (the rest are found through the audience), so the index becomes
//   partial and small.
// - Foreign-key triggers cost ≈ 0.5 s per 50,000 rows. Receipts are written only by the fan-out
//   (from person rows, in the announcement's own transaction) and by a person reading; neither
//   announcements nor people are ever deleted (they are withdrawn / deactivated), so the
//   constraints guard nothing the code can break.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists announcement_recipient_person_idx`.execute(db);
  await sql`create index announcement_recipient_unread_idx on announcement_recipient (person_id) where read_at is null`.execute(db);
  await sql`alter table announcement_recipient drop constraint if exists announcement_recipient_announcement_id_fkey`.execute(db);
  await sql`alter table announcement_recipient drop constraint if exists announcement_recipient_person_id_fkey`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists announcement_recipient_unread_idx`.execute(db);
  await sql`create index announcement_recipient_person_idx on announcement_recipient (person_id, read_at) include (acked_version)`.execute(db);
  await sql`alter table announcement_recipient add constraint announcement_recipient_announcement_id_fkey foreign key (announcement_id) references announcement (id) on delete cascade`.execute(db);
  await sql`alter table announcement_recipient add constraint announcement_recipient_person_id_fkey foreign key (person_id) references person (id) on delete cascade`.execute(db);
}
