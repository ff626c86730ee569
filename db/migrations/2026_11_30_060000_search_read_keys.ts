import { sql, type Kysely } from 'kysely';

/**
 * Search permission filtering by an indexed array overlap (decision 0600): each index row carries
 * `read_keys`, the ids of the audiences whose members may read the item (a knowledge article: its
 * effective view and edit audiences; an announcement: its audience). A search filters with
 * `read_keys && <the viewer's audience ids>` (GIN), instead of a per-row join to the item's
 * folder and space. Items whose readers are not only audiences (space owners, receipts of an
 * announcement) keep an extra condition in their SearchSource.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table search_document add column read_keys uuid[] not null default '{}'`.execute(db);
  await sql`
    update search_document d set read_keys = k.keys
    from (select a.id, array_remove(array[coalesce(f.eff_view_audience_id, s.view_audience_id), coalesce(f.eff_edit_audience_id, s.edit_audience_id)], null) as keys
          from kb_article a join kb_space s on s.id = a.space_id left join kb_folder f on f.id = a.folder_id) k
    where d.kind = 'kb.article' and d.item_id = k.id`.execute(db);
  await sql`
    update search_document d set read_keys = array[a.audience_id]
    from announcement a where d.kind = 'announcement' and d.item_id = a.id`.execute(db);
  await sql`create index search_document_read_keys_idx on search_document using gin (read_keys)`.execute(db);
  await sql`
    create or replace function plaza_index_announcement() returns trigger language plpgsql as $fn$
    begin
      if tg_op = 'DELETE' then
        delete from search_document where kind = 'announcement' and item_id = old.id;
        return old;
      end if;
      if new.status = 'published' then
        insert into search_document (kind, item_id, title, body, scope_id, updated_at, read_keys)
        values ('announcement', new.id, new.title, new.body_md, null, coalesce(new.published_at, new.updated_at), array[new.audience_id])
        on conflict (kind, item_id) do update set title = excluded.title, body = excluded.body, updated_at = excluded.updated_at, read_keys = excluded.read_keys;
      else
        delete from search_document where kind = 'announcement' and item_id = new.id;
      end if;
      return new;
    end $fn$`.execute(db);
  await sql`drop trigger if exists announcement_search_index on announcement`.execute(db);
  await sql`
    create trigger announcement_search_index after insert or delete or update of title, body_md, status, published_at, audience_id on announcement
    for each row execute function plaza_index_announcement()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
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
  await sql`drop index if exists search_document_read_keys_idx`.execute(db);
  await sql`alter table search_document drop column if exists read_keys`.execute(db);
}
