import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// The mail outbox at scale, and no live sign-in tokens at rest (docs/decisions/1100-outbox-and-quick-start.md):
// - Rendered bodies are kept PLAZA_OUTBOX_RETENTION_DAYS, then emptied (html/text null,
//   bodies_purged_at set) by a daily job; the partial index finds the rows still holding a body.
// - The viewer pages by keyset (created_at, id), also per recipient.
// - mail_outbox_live_link: with the outbox transport only (nothing is delivered, the outbox is the
//   delivery), the working sign-in link of a partner sign-in mail, until it expires or is used.
//   The stored mail itself has the token redacted. Sign-in mails stored before this migration
//   lose their bodies now (their links were live tokens).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mail_outbox alter column html drop not null, alter column text drop not null, add column bodies_purged_at timestamptz`.execute(db);
  await sql`alter table mail_outbox add constraint mail_outbox_purged_bodies check (bodies_purged_at is null or (html is null and text is null))`.execute(db);
  await sql`update mail_outbox set html = null, text = null, bodies_purged_at = now() where template = 'partner-sign-in'`.execute(db);

  await sql`drop index if exists mail_outbox_created_idx`.execute(db);
  await sql`drop index if exists mail_outbox_to_idx`.execute(db);
  await sql`create index mail_outbox_keyset_idx on mail_outbox (created_at, id)`.execute(db);
  await sql`create index mail_outbox_to_keyset_idx on mail_outbox (lower(to_email), created_at, id)`.execute(db);
  await sql`create index mail_outbox_bodies_idx on mail_outbox (created_at) where bodies_purged_at is null`.execute(db);

  await sql`create table mail_outbox_live_link (
    mail_id uuid primary key references mail_outbox(id) on delete cascade,
    to_email text not null,
    url text not null,
    expires_at timestamptz not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index mail_outbox_live_link_email_idx on mail_outbox_live_link (lower(to_email))`.execute(db);
  await sql`create index mail_outbox_live_link_expires_idx on mail_outbox_live_link (expires_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists mail_outbox_live_link`.execute(db);
  await sql`drop index if exists mail_outbox_bodies_idx`.execute(db);
  await sql`drop index if exists mail_outbox_to_keyset_idx`.execute(db);
  await sql`drop index if exists mail_outbox_keyset_idx`.execute(db);
  await sql`create index mail_outbox_created_idx on mail_outbox (created_at)`.execute(db);
  await sql`create index mail_outbox_to_idx on mail_outbox (lower(to_email), created_at desc)`.execute(db);
  await sql`alter table mail_outbox drop constraint mail_outbox_purged_bodies`.execute(db);
  await sql`update mail_outbox set html = coalesce(html, ''), text = coalesce(text, '')`.execute(db);
  await sql`alter table mail_outbox drop column bodies_purged_at, alter column html set not null, alter column text set not null`.execute(db);
}
