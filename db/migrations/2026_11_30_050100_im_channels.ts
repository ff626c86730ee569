import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// IM group robots (docs/decisions/0800): the channel registry (沟通渠道登记表: name, internal or
// external, purpose, owner, contact, rules) with the provider's incoming-webhook URL and signing
// secret, and the posts sent to them (one row per channel and item, retried, failures kept).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table im_channel (
    id uuid primary key default gen_random_uuid(),
    name text not null check (length(name) between 1 and 100),
    provider text not null check (provider in ('dingtalk', 'wecom', 'feishu', 'lark', 'slack')),
    webhook_url text not null check (length(webhook_url) <= 500),
    secret text check (length(secret) <= 200),
    unit_id uuid references org_unit(id) on delete set null,
    scope text not null default 'internal' check (scope in ('internal', 'external')),
    purpose text not null default '' check (length(purpose) <= 500),
    owner_id uuid references person(id) on delete set null,
    contact text not null default '' check (length(contact) <= 100),
    rules text not null default '' check (length(rules) <= 1000),
    active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index im_channel_unit_idx on im_channel (unit_id) where active`.execute(db);
  await sql`create index im_channel_list_idx on im_channel (name, id)`.execute(db);
  await sql`create table im_post (
    id uuid primary key default gen_random_uuid(),
    channel_id uuid not null references im_channel(id) on delete cascade,
    idempotency_key text not null,
    title text not null,
    body text not null,
    link text,
    status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts int not null default 0,
    error text,
    next_attempt_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    sent_at timestamptz,
    unique (channel_id, idempotency_key)
  )`.execute(db);
  await sql`create index im_post_due_idx on im_post (next_attempt_at) where status = 'pending'`.execute(db);
  await sql`create index im_post_channel_sent_idx on im_post (channel_id, sent_at) where status = 'sent'`.execute(db);
  await sql`create index im_post_list_idx on im_post (created_at, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists im_post`.execute(db);
  await sql`drop table if exists im_channel`.execute(db);
}
