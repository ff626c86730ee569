import { sql, type Kysely } from 'kysely';

/**
 * Integration tokens (docs/decisions/1300-spreadsheets-and-integration-api.md): an admin creates a
 * token per integration (an ERP, a script) with scopes from a typed list and an expiry; the secret
 * is shown once and only its SHA-256 is kept. A token acts as the admin who created it (lib
 * decides what that person may do, on every call); revocation is final. Calls are audit entries
 * (`integration.call`), so no call table here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table integration_token (
      id uuid primary key default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 100),
      -- the first characters of the token (plz_xxxxxxxx), shown in lists to tell tokens apart
      prefix text not null unique check (char_length(prefix) between 8 and 20),
      secret_hash text not null check (char_length(secret_hash) = 64),
      scopes text[] not null check (cardinality(scopes) between 1 and 10 and scopes <@ array['orders:read','orders:write']::text[]),
      acts_as uuid not null references person(id),
      expires_at timestamptz not null,
      created_by uuid references person(id) on delete set null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      revoked_by uuid references person(id) on delete set null,
      last_used_at timestamptz
    )`.execute(db);
  await sql`create index integration_token_list_idx on integration_token (created_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists integration_token`.execute(db);
}
