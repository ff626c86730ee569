import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  await db.schema
    .createTable('org_unit')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('parent_id', 'uuid', (c) => c.references('org_unit.id').onDelete('restrict'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('org_unit_parent_idx').on('org_unit').column('parent_id').execute();
  // Siblings may not share a name: the CSV import addresses units by their path of names.
  await sql`create unique index org_unit_sibling_name_uq on org_unit (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))`.execute(db);

  // Closure table: every (ancestor, descendant) pair including (self, self, 0).
  // Subtree and ancestor queries are one indexed lookup at any depth.
  await db.schema
    .createTable('org_unit_closure')
    .addColumn('ancestor_id', 'uuid', (c) => c.notNull().references('org_unit.id').onDelete('cascade'))
    .addColumn('descendant_id', 'uuid', (c) => c.notNull().references('org_unit.id').onDelete('cascade'))
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_unit_closure_pk', ['ancestor_id', 'descendant_id'])
    .execute();
  await db.schema.createIndex('org_unit_closure_desc_idx').on('org_unit_closure').columns(['descendant_id', 'ancestor_id']).execute();

  await db.schema
    .createTable('partner_org')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('supplier','distributor','customer','other')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active','suspended')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index partner_org_name_uq on partner_org (lower(name))`.execute(db);

  await db.schema
    .createTable('person')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('employee','partner')`))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_verified_at', 'timestamptz')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active','deactivated')`))
    .addColumn('unit_id', 'uuid', (c) => c.references('org_unit.id').onDelete('restrict'))
    .addColumn('partner_org_id', 'uuid', (c) => c.references('partner_org.id').onDelete('restrict'))
    .addColumn('position', 'text')
    .addColumn('level', 'text')
    .addColumn('locale', 'text', (c) => c.check(sql`locale in ('zh-CN','en')`))
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('Asia/Shanghai'))
    // How the record came to be: only 'admin', 'import' and 'seed' records may be claimed
    // by a first SSO sign-in through a verified e-mail address.
    .addColumn('origin', 'text', (c) => c.notNull().check(sql`origin in ('admin','import','seed','self','invite')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deactivated_at', 'timestamptz')
    .addColumn('last_seen_at', 'timestamptz')
    .addCheckConstraint('person_kind_membership', sql`(kind = 'employee' and partner_org_id is null) or (kind = 'partner' and partner_org_id is not null and unit_id is null)`)
    .execute();
  await sql`create unique index person_email_uq on person (lower(email))`.execute(db);
  await db.schema.createIndex('person_unit_idx').on('person').columns(['unit_id', 'status']).execute();
  await db.schema.createIndex('person_partner_idx').on('person').columns(['partner_org_id', 'status']).execute();
  await sql`create index person_search_trgm on person using gin ((lower(name || ' ' || coalesce(name_en, '') || ' ' || email || ' ' || coalesce(position, ''))) gin_trgm_ops)`.execute(db);

  await db.schema
    .createTable('person_role')
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin','comms_officer','partner_admin')`))
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('person_role_pk', ['person_id', 'role'])
    .execute();
  await db.schema.createIndex('person_role_role_idx').on('person_role').columns(['role', 'person_id']).execute();

  await db.schema
    .createTable('unit_head')
    .addColumn('unit_id', 'uuid', (c) => c.notNull().references('org_unit.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('unit_head_pk', ['unit_id', 'person_id'])
    .execute();
  await db.schema.createIndex('unit_head_person_idx').on('unit_head').columns(['person_id', 'unit_id']).execute();

  // Auth.js tables, served by our own adapter (lib/auth/adapter.ts) over `person`.
  await db.schema
    .createTable('auth_account')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text')
    .addColumn('provider_account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('auth_account_provider_uq', ['provider', 'provider_account_id'])
    .execute();
  await db.schema.createIndex('auth_account_person_idx').on('auth_account').column('person_id').execute();

  await db.schema
    .createTable('auth_session')
    .addColumn('session_token', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('expires', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('auth_session_person_idx').on('auth_session').column('person_id').execute();

  await db.schema
    .createTable('auth_verification_token')
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('expires', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('auth_verification_token_pk', ['identifier', 'token'])
    .execute();

  // Audiences: a set of rules; a person is in the audience if any rule matches.
  await db.schema
    .createTable('audience')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('audience_rule')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('audience_id', 'uuid', (c) => c.notNull().references('audience.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('everyone','unit','role','person','partner_org')`))
    .addColumn('unit_id', 'uuid', (c) => c.references('org_unit.id').onDelete('cascade'))
    .addColumn('include_sub_units', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('role', 'text', (c) => c.check(sql`role in ('admin','comms_officer','unit_head','partner_admin')`))
    .addColumn('person_id', 'uuid', (c) => c.references('person.id').onDelete('cascade'))
    .addColumn('partner_org_id', 'uuid', (c) => c.references('partner_org.id').onDelete('cascade'))
    .addCheckConstraint('audience_rule_shape', sql`
      (kind = 'everyone' and unit_id is null and role is null and person_id is null and partner_org_id is null)
      or (kind = 'unit' and unit_id is not null)
      or (kind = 'role' and role is not null)
      or (kind = 'person' and person_id is not null)
      or (kind = 'partner_org' and partner_org_id is not null)`)
    .execute();
  await db.schema.createIndex('audience_rule_audience_idx').on('audience_rule').column('audience_id').execute();
  await db.schema.createIndex('audience_rule_unit_idx').on('audience_rule').columns(['unit_id', 'audience_id']).where('unit_id', 'is not', null).execute();
  await db.schema.createIndex('audience_rule_person_idx').on('audience_rule').columns(['person_id', 'audience_id']).where('person_id', 'is not', null).execute();
  await db.schema.createIndex('audience_rule_partner_idx').on('audience_rule').columns(['partner_org_id', 'audience_id']).where('partner_org_id', 'is not', null).execute();
  await db.schema.createIndex('audience_rule_kind_idx').on('audience_rule').columns(['kind', 'role', 'audience_id']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_id', 'uuid')
    .addColumn('actor_label', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('target_label', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'at']).execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'at']).execute();
  // The audit log is append-only: the database itself refuses updates and deletes.
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end $$`.execute(db);
  await sql`create trigger audit_log_no_update before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()`.execute(db);

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('to_email', 'text', (c) => c.notNull())
    .addColumn('to_person_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','sent','failed')`))
    .addColumn('provider_message_id', 'text')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('mail_outbox_created_idx').on('mail_outbox').column('created_at').execute();
  await sql`create index mail_outbox_to_idx on mail_outbox (lower(to_email), created_at desc)`.execute(db);

  await db.schema
    .createTable('app_setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('worker_heartbeat')
    .addColumn('worker_id', 'text', (c) => c.primaryKey())
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['worker_heartbeat', 'app_setting', 'mail_outbox', 'audit_log', 'audience_rule', 'audience',
    'auth_verification_token', 'auth_session', 'auth_account', 'unit_head', 'person_role', 'person',
    'partner_org', 'org_unit_closure', 'org_unit']) {
    await db.schema.dropTable(t).ifExists().cascade().execute();
  }
  await sql`drop function if exists audit_log_append_only()`.execute(db);
}
