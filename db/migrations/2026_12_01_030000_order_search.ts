import { sql, type Kysely } from 'kysely';

/**
 * Supplier orders in the shared search index (issue 12): search_document accepts
 * 'purchase_order' (lib/orders/search.ts writes it on every create, draft edit and change order),
 * and the orders that exist are indexed once here: number and supplier names as the title, line
 * numbers, item codes and descriptions as the text, the supplier as scope; never prices or the
 * internal note. Also an index on delay notices by time (the digest's "delay notices since your
 * last digest" section reads the newest ones). The kind is added to whatever the constraint allows now (other areas add theirs
 * in their own migrations).
 */
async function kinds(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'search_document_kind_check' and conrelid = 'search_document'::regclass`.execute(db);
  return rows[0] ? [...rows[0].def.matchAll(/'([^']+)'/g)].map((m) => m[1]) : [];
}

async function setKinds(db: Kysely<any>, list: string[]) {
  await sql`alter table search_document drop constraint if exists search_document_kind_check`.execute(db);
  await sql`alter table search_document add constraint search_document_kind_check check (kind in (${sql.join(list.map((k) => sql.lit(k)))}))`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  const now = await kinds(db);
  if (!now.includes('purchase_order')) await setKinds(db, [...now, 'purchase_order']);
  await sql`
    insert into search_document (kind, item_id, title, body, extra, scope_id, updated_at)
    select 'purchase_order', o.id,
      o.order_number || ' · ' || org.name || case when org.name_en is not null and org.name_en <> org.name then ' (' || org.name_en || ')' else '' end,
      coalesce((select string_agg(trim(l.line_no || ' ' || l.item_code || ' ' || l.description), E'\n' order by l.line_no)
                from purchase_order_line l where l.order_id = o.id and l.status <> 'cancelled'), ''),
      '', o.partner_org_id, o.updated_at
    from purchase_order o join partner_org org on org.id = o.partner_org_id
    on conflict (kind, item_id) do nothing`.execute(db);
  await sql`create index if not exists purchase_order_delay_created_idx on purchase_order_delay (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists purchase_order_delay_created_idx`.execute(db);
  await sql`delete from search_document where kind = 'purchase_order'`.execute(db);
  await setKinds(db, (await kinds(db)).filter((k) => k !== 'purchase_order'));
}
