import { sql, type Kysely } from 'kysely';

/**
 * Customer requests in Plaza's one search (issue 13, lib/requests/search.ts): search_document
 * accepts kind 'request'. A request's document is its subject, description and PUBLIC replies
 * (internal notes are never written into the index). Who may read it is carried by the row:
 * scope_id = the customer organisation (its partner admins read all of it), read_keys = the
 * handling unit, the assignee, the requester, and the organisation id when the requester shared
 * it with the organisation (lib/requests/search.ts explains the keys; the SearchSource filters).
 * Requests filed before this migration are indexed here (Markdown as typed; the next change to a
 * request writes it again through lib/requests).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table search_document drop constraint search_document_kind_check`.execute(db);
  await sql`alter table search_document add constraint search_document_kind_check check (kind in ('kb.article','announcement','meeting.minutes','purchase_order','request'))`.execute(db);
  await sql`
    insert into search_document (kind, item_id, title, body, scope_id, updated_at, read_keys)
    select 'request', r.id, '#' || r.number || ' ' || r.subject,
      left(r.description_md || coalesce((select string_agg(m.body_md, E'\n\n' order by m.created_at, m.id) from request_message m
        where m.request_id = r.id and m.visibility = 'public' and m.event is null), ''), 200000),
      r.partner_org_id, r.updated_at,
      array_remove(array[r.unit_id, r.assignee_id, r.requester_id, case when r.shared_with_org then r.partner_org_id end], null)
    from request r
    on conflict (kind, item_id) do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from search_document where kind = 'request'`.execute(db);
  await sql`alter table search_document drop constraint search_document_kind_check`.execute(db);
  await sql`alter table search_document add constraint search_document_kind_check check (kind in ('kb.article','announcement','meeting.minutes','purchase_order'))`.execute(db);
}
