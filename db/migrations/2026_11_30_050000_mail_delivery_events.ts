import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// Delivery events from the mail provider (Resend webhooks, docs/decisions/0800):
// - mail_outbox.delivery_status: what the provider said after accepting the mail; looked up by
//   the provider's message id;
// - mail_webhook_event: every verified event id once (a replayed or resent webhook changes nothing);
// - mail_suppression: addresses that hard-bounced or complained; digests skip them, admins see them;
// - announcement_recipient.mail_bounced_at: the announcement mail reached nobody (reach figures).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mail_outbox
    add column delivery_status text check (delivery_status in ('delivered', 'bounced', 'complained')),
    add column delivery_detail text,
    add column delivery_at timestamptz`.execute(db);
  await sql`create index mail_outbox_provider_id_idx on mail_outbox (provider_message_id) where provider_message_id is not null`.execute(db);
  await sql`create table mail_webhook_event (
    id text primary key,
    type text not null,
    received_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index mail_webhook_event_received_idx on mail_webhook_event (received_at)`.execute(db);
  await sql`create table mail_suppression (
    email text primary key check (email = lower(email)),
    reason text not null check (reason in ('bounced', 'complained')),
    detail text,
    outbox_id uuid references mail_outbox(id) on delete set null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index mail_suppression_keyset_idx on mail_suppression (created_at, email)`.execute(db);
  await sql`alter table announcement_recipient add column mail_bounced_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table announcement_recipient drop column mail_bounced_at`.execute(db);
  await sql`drop table if exists mail_suppression`.execute(db);
  await sql`drop table if exists mail_webhook_event`.execute(db);
  await sql`drop index if exists mail_outbox_provider_id_idx`.execute(db);
  await sql`alter table mail_outbox drop column delivery_status, drop column delivery_detail, drop column delivery_at`.execute(db);
}
