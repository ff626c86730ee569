import { sql, type Kysely } from 'kysely';

/**
 * Knowledge base (issue 9) and the shared search index (lib/search).
 *
 * Spaces hold nested folders (closure table) and Markdown articles. A space has a view audience
 * and an optional edit audience (lib/audience); a folder has its own or inherits its parent's. The
 * effective audiences are kept on each folder (eff_*), recomputed for a space's folders whenever an
 * audience or the tree changes, so every list and search filters with indexed lookups.
 *
 * Every save of an article is a row in kb_article_version (author, time, summary). Required
 * reading is acknowledged per version (kb_ack).
 *
 * search_document is Plaza's one search index. Chinese has no parser on this server: the
 * plaza_search_tokens() function splits runs of CJK characters into overlapping bigrams (plus the
 * run's last character, so one-character prefixes find it) and keeps Latin/digit words; a
 * generated tsvector over it (title weight A, body B, extra C) has a GIN index. Announcements are
 * indexed by a trigger on their table (the one place announcements touch search).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function plaza_search_tokens(t text) returns text
    language sql immutable parallel safe as $fn$
      select coalesce(string_agg(tok, ' ' order by ord, sub), '')
      from (
        select m.ord, g.sub,
          case when m.run ~ '^[a-z0-9]' or char_length(m.run) = 1 or g.sub = char_length(m.run) then
                 case when m.run ~ '^[a-z0-9]' then m.run else substr(m.run, g.sub, 1) end
               else substr(m.run, g.sub, 2) end as tok
        from (select r[1] as run, ord
              from regexp_matches(lower(coalesce(t, '')), '([a-z0-9]+|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+)', 'g')
                   with ordinality as x(r, ord)) m
        cross join lateral generate_series(1, case when m.run ~ '^[a-z0-9]' then 1 else char_length(m.run) end) as g(sub)
      ) s
    $fn$`.execute(db);

  await sql`
    create table search_document (
      kind text not null check (kind in ('kb.article','announcement')),
      item_id uuid not null,
      title text not null,
      body text not null default '',
      extra text not null default '',
      scope_id uuid,
      updated_at timestamptz not null,
      tsv tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, plaza_search_tokens(title)), 'A') ||
        setweight(to_tsvector('simple'::regconfig, plaza_search_tokens(left(body, 60000))), 'B') ||
        setweight(to_tsvector('simple'::regconfig, plaza_search_tokens(left(extra, 4000))), 'C')
      ) stored,
      title_tsv tsvector generated always as (to_tsvector('simple'::regconfig, plaza_search_tokens(title))) stored,
      primary key (kind, item_id)
    )`.execute(db);
  await sql`create index search_document_tsv_idx on search_document using gin (tsv)`.execute(db);
  await sql`create index search_document_title_tsv_idx on search_document using gin (title_tsv)`.execute(db);
  await sql`create index search_document_updated_idx on search_document (updated_at desc)`.execute(db);
  await sql`create index search_document_scope_idx on search_document (scope_id, updated_at desc)`.execute(db);
  await sql`create index search_document_title_trgm_idx on search_document using gin (title gin_trgm_ops)`.execute(db);

  await db.schema
    .createTable('kb_space')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 80`))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(description) <= 500`))
    .addColumn('view_audience_id', 'uuid', (c) => c.notNull().references('audience.id').onDelete('restrict'))
    .addColumn('edit_audience_id', 'uuid', (c) => c.references('audience.id').onDelete('restrict'))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('person.id').onDelete('restrict'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active','archived')`))
    .execute();
  await db.schema.createIndex('kb_space_view_idx').on('kb_space').column('view_audience_id').execute();
  await db.schema.createIndex('kb_space_edit_idx').on('kb_space').column('edit_audience_id').execute();

  await db.schema
    .createTable('kb_space_owner')
    .addColumn('space_id', 'uuid', (c) => c.notNull().references('kb_space.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('kb_space_owner_pk', ['space_id', 'person_id'])
    .execute();
  await db.schema.createIndex('kb_space_owner_person_idx').on('kb_space_owner').columns(['person_id', 'space_id']).execute();

  await db.schema
    .createTable('kb_folder')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('space_id', 'uuid', (c) => c.notNull().references('kb_space.id').onDelete('cascade'))
    .addColumn('parent_id', 'uuid', (c) => c.references('kb_folder.id').onDelete('restrict'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 80`))
    .addColumn('view_audience_id', 'uuid', (c) => c.references('audience.id').onDelete('restrict'))
    .addColumn('edit_audience_id', 'uuid', (c) => c.references('audience.id').onDelete('restrict'))
    .addColumn('eff_view_audience_id', 'uuid', (c) => c.notNull().references('audience.id').onDelete('restrict'))
    .addColumn('eff_edit_audience_id', 'uuid', (c) => c.references('audience.id').onDelete('restrict'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('kb_folder_not_own_parent', sql`parent_id is null or parent_id <> id`)
    .execute();
  await db.schema.createIndex('kb_folder_space_idx').on('kb_folder').columns(['space_id', 'parent_id']).execute();
  await db.schema.createIndex('kb_folder_parent_idx').on('kb_folder').column('parent_id').execute();
  await db.schema.createIndex('kb_folder_eff_view_idx').on('kb_folder').column('eff_view_audience_id').execute();
  await db.schema.createIndex('kb_folder_eff_edit_idx').on('kb_folder').column('eff_edit_audience_id').execute();

  await db.schema
    .createTable('kb_folder_closure')
    .addColumn('ancestor_id', 'uuid', (c) => c.notNull().references('kb_folder.id').onDelete('cascade'))
    .addColumn('descendant_id', 'uuid', (c) => c.notNull().references('kb_folder.id').onDelete('cascade'))
    .addColumn('depth', 'integer', (c) => c.notNull().check(sql`depth >= 0`))
    .addPrimaryKeyConstraint('kb_folder_closure_pk', ['ancestor_id', 'descendant_id'])
    .execute();
  await db.schema.createIndex('kb_folder_closure_desc_idx').on('kb_folder_closure').columns(['descendant_id', 'depth']).execute();

  await db.schema
    .createTable('kb_article')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('space_id', 'uuid', (c) => c.notNull().references('kb_space.id').onDelete('cascade'))
    .addColumn('folder_id', 'uuid', (c) => c.references('kb_folder.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
    .addColumn('body_md', 'text', (c) => c.notNull().check(sql`char_length(body_md) <= 200000`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('person.id').onDelete('restrict'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'uuid', (c) => c.notNull().references('person.id').onDelete('restrict'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('kb_article_space_updated_idx').on('kb_article').columns(['space_id', 'updated_at desc']).execute();
  await db.schema.createIndex('kb_article_folder_idx').on('kb_article').columns(['folder_id', 'title']).execute();

  await db.schema
    .createTable('kb_article_version')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('article_id', 'uuid', (c) => c.notNull().references('kb_article.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('restrict'))
    .addColumn('summary', 'text', (c) => c.check(sql`char_length(summary) <= 300`))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('edit').check(sql`kind in ('create','edit','restore','move')`))
    .addColumn('restored_from', 'integer')
    .addColumn('material', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('kb_article_version_uq', ['article_id', 'version'])
    .execute();

  await db.schema
    .createTable('kb_required_reading')
    .addColumn('article_id', 'uuid', (c) => c.primaryKey().references('kb_article.id').onDelete('cascade'))
    .addColumn('audience_id', 'uuid', (c) => c.notNull().references('audience.id').onDelete('restrict'))
    .addColumn('renewal_days', 'integer', (c) => c.check(sql`renewal_days is null or renewal_days between 1 and 3650`))
    /** The version everyone must have acknowledged (raised by a material edit). */
    .addColumn('required_version', 'integer', (c) => c.notNull())
    .addColumn('marked_by', 'uuid', (c) => c.notNull().references('person.id').onDelete('restrict'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('kb_required_reading_audience_idx').on('kb_required_reading').column('audience_id').execute();

  await db.schema
    .createTable('kb_ack')
    .addColumn('article_id', 'uuid', (c) => c.notNull().references('kb_article.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('acked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('kb_ack_pk', ['article_id', 'person_id'])
    .execute();
  await db.schema.createIndex('kb_ack_person_idx').on('kb_ack').columns(['person_id', 'article_id']).execute();

  await db.schema
    .createTable('kb_article_file')
    .addColumn('article_id', 'uuid', (c) => c.notNull().references('kb_article.id').onDelete('cascade'))
    .addColumn('file_id', 'uuid', (c) => c.notNull().references('stored_file.id').onDelete('restrict'))
    .addColumn('added_by', 'uuid', (c) => c.notNull().references('person.id').onDelete('restrict'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('kb_article_file_pk', ['article_id', 'file_id'])
    .execute();
  await db.schema.createIndex('kb_article_file_file_idx').on('kb_article_file').column('file_id').execute();

  // Announcements enter the search index here, so that no announcement code changes: published
  // items are indexed (title and Markdown source), anything else leaves the index.
  await sql`
    create function plaza_index_announcement() returns trigger language plpgsql as $fn$
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
  await sql`
    insert into search_document (kind, item_id, title, body, updated_at)
    select 'announcement', id, title, body_md, coalesce(published_at, updated_at) from announcement where status = 'published'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists announcement_search_index on announcement`.execute(db);
  await sql`drop function if exists plaza_index_announcement()`.execute(db);
  for (const t of ['kb_article_file', 'kb_ack', 'kb_required_reading', 'kb_article_version', 'kb_article', 'kb_folder_closure', 'kb_folder', 'kb_space_owner', 'kb_space', 'search_document']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop function if exists plaza_search_tokens(text)`.execute(db);
}
