import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// Security hardening (docs/decisions/0300-security-hardening.md):
// - auth_session keeps only the SHA-256 of each session token (hex), never the token itself, and
//   when the session was last used (idle timeout). Existing sessions stay valid: their tokens are
//   hashed in place.
// - rate_limit, the counters of rate-limiter-flexible's RateLimiterPostgres, is created here
//   instead of by the library at run time.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table auth_session rename column session_token to token_hash`.execute(db);
  await sql`update auth_session set token_hash = encode(sha256(convert_to(token_hash, 'UTF8')), 'hex')`.execute(db);
  await sql`alter table auth_session add constraint auth_session_token_hash_hex check (token_hash ~ '^[0-9a-f]{64}$')`.execute(db);
  await sql`alter table auth_session add column last_seen_at timestamptz not null default now()`.execute(db);
  await sql`alter table auth_session rename constraint auth_session_pkey to auth_session_token_hash_pkey`.execute(db);

  // The layout rate-limiter-flexible expects (key, points, expire in epoch ms).
  await sql`create table if not exists rate_limit (key varchar(255) primary key, points integer not null default 0, expire bigint)`.execute(db);
  await sql`create index if not exists rate_limit_expire_idx on rate_limit (expire)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists rate_limit`.execute(db);
  // Hashes cannot be turned back into tokens: every session ends.
  await sql`delete from auth_session`.execute(db);
  await sql`alter table auth_session rename constraint auth_session_token_hash_pkey to auth_session_pkey`.execute(db);
  await sql`alter table auth_session drop column last_seen_at`.execute(db);
  await sql`alter table auth_session drop constraint auth_session_token_hash_hex`.execute(db);
  await sql`alter table auth_session rename column token_hash to session_token`.execute(db);
}
