import { sql, type Kysely } from 'kysely';

/**
 * Issue 14: responses to collaboration and feedback requests, and announcements in both languages.
 *
 * - announcement_response_form: what the author asks (one per announcement; free text always,
 *   optionally a date, a number, a choice from options, a file) and until when answers are taken.
 *   Its own reminder clock (the same one-an-hour rule as "remind those who haven't read").
 * - announcement_response: one answer per person and item, changed in place until the deadline;
 *   the person's unit / partner organisation at the time, so scopes (heads, partners) are one index.
 * - announcement.title_en / body_md_en: the English version (title / body_md stay the Chinese or
 *   only version). announcement_template.title_zh / title_en: a template may carry titles too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('announcement')
    .addColumn('title_en', 'text', (c) => c.check(sql`char_length(title_en) <= 120`))
    .addColumn('body_md_en', 'text')
    .execute();
  // The search index holds both versions: the English title and body go into `extra` (found by
  // English words; the result shows the reader's version, lib/search).
  await sql`
    create or replace function plaza_index_announcement() returns trigger language plpgsql as $fn$
    begin
      if tg_op = 'DELETE' then
        delete from search_document where kind = 'announcement' and item_id = old.id;
        return old;
      end if;
      if new.status = 'published' then
        insert into search_document (kind, item_id, title, body, extra, scope_id, updated_at)
        values ('announcement', new.id, new.title, new.body_md, left(coalesce(new.title_en, '') || ' ' || coalesce(new.body_md_en, ''), 4000), null,
          coalesce(new.published_at, new.updated_at))
        on conflict (kind, item_id) do update set title = excluded.title, body = excluded.body, extra = excluded.extra, updated_at = excluded.updated_at;
      else
        delete from search_document where kind = 'announcement' and item_id = new.id;
      end if;
      return new;
    end $fn$`.execute(db);
  await sql`drop trigger announcement_search_index on announcement`.execute(db);
  await sql`
    create trigger announcement_search_index after insert or delete or update of title, body_md, title_en, body_md_en, status, published_at on announcement
    for each row execute function plaza_index_announcement()`.execute(db);
  await db.schema
    .alterTable('announcement_template')
    .addColumn('title_zh', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(title_zh) <= 120`))
    .addColumn('title_en', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(title_en) <= 120`))
    .execute();

  // The announcement log names the responses reminder as its own event.
  await sql`alter table announcement_event drop constraint announcement_event_kind_check`.execute(db);
  await sql`alter table announcement_event add constraint announcement_event_kind_check check (kind in (
    'published','submitted','approved','rejected','edited','withdrawn','reminder',
    'escalation_reminder','escalation_heads','target_met','renotified','response_reminder'))`.execute(db);

  await db.schema
    .createTable('announcement_response_form')
    .addColumn('announcement_id', 'uuid', (c) => c.primaryKey().references('announcement.id').onDelete('cascade'))
    .addColumn('prompt', 'text', (c) => c.notNull().check(sql`char_length(prompt) between 1 and 500`))
    .addColumn('ask_date', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('ask_number', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('options', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`).check(sql`cardinality(options) <= 20`))
    .addColumn('ask_file', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('deadline', 'timestamptz')
    .addColumn('last_reminded_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('announcement_response')
    .addColumn('announcement_id', 'uuid', (c) => c.notNull().references('announcement.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id'))
    .addColumn('unit_id', 'uuid', (c) => c.references('org_unit.id').onDelete('set null'))
    .addColumn('partner_org_id', 'uuid', (c) => c.references('partner_org.id').onDelete('set null'))
    .addColumn('text_value', 'text', (c) => c.check(sql`char_length(text_value) <= 2000`))
    .addColumn('date_value', 'date')
    .addColumn('number_value', 'numeric')
    .addColumn('choice', 'text', (c) => c.check(sql`char_length(choice) <= 100`))
    .addColumn('file_id', 'uuid', (c) => c.references('stored_file.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('announcement_response_pk', ['announcement_id', 'person_id'])
    .execute();
  await db.schema.createIndex('announcement_response_person_idx').on('announcement_response').columns(['person_id', 'announcement_id']).execute();
  await db.schema.createIndex('announcement_response_file_idx').on('announcement_response').column('file_id').where(sql.ref('file_id'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from announcement_event where kind = 'response_reminder'`.execute(db);
  await sql`alter table announcement_event drop constraint announcement_event_kind_check`.execute(db);
  await sql`alter table announcement_event add constraint announcement_event_kind_check check (kind in (
    'published','submitted','approved','rejected','edited','withdrawn','reminder',
    'escalation_reminder','escalation_heads','target_met','renotified'))`.execute(db);
  await db.schema.dropTable('announcement_response').execute();
  await db.schema.dropTable('announcement_response_form').execute();
  await db.schema.alterTable('announcement_template').dropColumn('title_zh').dropColumn('title_en').execute();
  await sql`drop trigger announcement_search_index on announcement`.execute(db);
  await sql`
    create or replace function plaza_index_announcement() returns trigger language plpgsql as $fn$
    begin
      if tg_op = 'DELETE' then
        delete from search_document where kind = 'announcement' and item_id = old.id;
        return old;
      end if;
      if new.status = 'published' then
        insert into search_document (kind, item_id, title, body, scope_id, updated_at)
        values ('announcement', new.id, new.title, new.body_md, null, coalesce(new.published_at, new.updated_at))
        on conflict (kind, item_id) do update set title = excluded.title, body = excluded.body, updated_at = excluded.updated_at;
      else
        delete from search_document where kind = 'announcement' and item_id = new.id;
      end if;
      return new;
    end $fn$`.execute(db);
  await sql`
    create trigger announcement_search_index after insert or delete or update of title, body_md, status, published_at on announcement
    for each row execute function plaza_index_announcement()`.execute(db);
  await db.schema.alterTable('announcement').dropColumn('title_en').dropColumn('body_md_en').execute();
}
