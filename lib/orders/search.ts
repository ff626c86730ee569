import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import { indexDocument } from '@/lib/search/index';
import type { SearchSource } from '@/lib/search/types';
import { headsOwnerSql, ownsSql } from './access';

/** The kind of purchase orders in the shared search index (lib/search). */
export const ORDER_SEARCH_KIND = 'purchase_order' as const;

/**
 * Writes one order into the search index, inside the transaction that changed it: its number and
 * supplier (both names) as the title; its lines' item codes and descriptions as the text. Never
 * prices or the internal note (a supplier's member may search). `scope_id` is the supplier, which
 * the visibility rule below reads.
 */
export async function indexOrder(db: Kysely<DB> | Transaction<DB>, orderId: string): Promise<void> {
  const o = await db
    .selectFrom('purchase_order as o')
    .innerJoin('partner_org as org', 'org.id', 'o.partner_org_id')
    .select(['o.id', 'o.order_number', 'o.partner_org_id', 'o.updated_at', 'org.name', 'org.name_en'])
    .where('o.id', '=', orderId)
    .executeTakeFirst();
  if (!o) return;
  const lines = await db
    .selectFrom('purchase_order_line')
    .select(['line_no', 'item_code', 'description'])
    .where('order_id', '=', orderId)
    .where('status', '<>', 'cancelled')
    .orderBy('line_no')
    .execute();
  await indexDocument(db, {
    kind: ORDER_SEARCH_KIND,
    itemId: o.id,
    title: orderSearchTitle(o.order_number, o.name, o.name_en),
    body: lines.map((l) => `${l.line_no} ${l.item_code} ${l.description}`.trim()).join('\n'),
    scopeId: o.partner_org_id,
    updatedAt: o.updated_at,
  });
}

/** `PO-1 · 恒通精密零件 (Hengtong Precision Parts)`: the same in the index and its backfill. */
export const orderSearchTitle = (number: string, name: string, nameEn: string | null) => `${number} · ${name}${nameEn && nameEn !== name ? ` (${nameEn})` : ''}`;

/**
 * Who finds an order in search: the rule of lib/orders (loadOrderAccess) as SQL over the index row
 * `d` (d.scope_id = the supplier). Admins every order; other employees the orders of suppliers they
 * own (named or through their unit) or whose owners lie in a tree they head, and orders they are
 * the buyer of; a supplier's member their own organisation's orders once sent (never drafts, never
 * another organisation's); deactivated people nothing. Results open /orders/<id>, which sends the
 * supplier on to their portal page.
 */
export const orderSearchSource: SearchSource = {
  kind: ORDER_SEARCH_KIND,
  visibleTo: (v: Viewer) => {
    if (v.status !== 'active') return null;
    if (v.kind === 'partner') {
      if (!v.partnerOrgId) return null;
      return sql<boolean>`(d.scope_id = ${v.partnerOrgId}::uuid and exists (
        select 1 from purchase_order o join partner_org p on p.id = o.partner_org_id
        where o.id = d.item_id and o.status <> 'draft' and p.type = 'supplier' and p.status = 'active'))`;
    }
    if (v.roles.includes('admin')) return sql<boolean>`true`;
    return sql<boolean>`(exists (select 1 from supplier_owner so where so.partner_org_id = d.scope_id and (${ownsSql(v)} or ${headsOwnerSql(v)}))
      or exists (select 1 from purchase_order o where o.id = d.item_id and o.buyer_id = ${v.id}::uuid))`;
  },
  url: (id) => `/orders/${id}`,
};
