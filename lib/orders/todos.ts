import 'server-only';
import { sql } from 'kysely';
import { defineTodoSource } from '@/lib/workbench/source';
import type { TodoSource } from '@/lib/workbench/types';

type Row = { id: string; order_number: string; version?: number; proposed_lines?: number; total: number };

/**
 * What waits on a person in purchase orders. Supplier members who may confirm: their
 * organisation's orders waiting for an answer (change orders marked), oldest first
 * (purchase_order_waiting_idx). Buyers: orders whose supplier proposed changes, for suppliers
 * they buy from or orders they placed (purchase_order_proposed_idx). Counts are whole (a window
 * count), the items the first `limit`.
 */
export const orderTodoSource: TodoSource = defineTodoSource<Row>({
  key: 'orders',
  order: 65,
  query(db, viewer, { limit }) {
    if (viewer.status !== 'active') return null;
    if (viewer.kind === 'partner') {
      if (!viewer.partnerOrgId) return null;
      const org = viewer.partnerOrgId;
      // Who may confirm: a partner admin; anyone of the organisation unless it names its confirmers.
      const mayConfirm = viewer.roles.includes('partner_admin')
        ? sql<boolean>`true`
        : sql<boolean>`(not coalesce((select restrict_confirmers from supplier_setting where partner_org_id = ${org}), false)
            or exists (select 1 from supplier_confirmer where partner_org_id = ${org} and person_id = ${viewer.id}))`;
      return db
        .selectFrom('purchase_order')
        .select(['id', 'order_number', 'version', sql<number>`count(*) over ()`.as('total')])
        .where('partner_org_id', '=', org)
        .where('status', '=', 'sent')
        .where(mayConfirm)
        .orderBy('sent_at')
        .limit(limit);
    }
    return db
      .selectFrom('purchase_order as o')
      .select(['o.id', 'o.order_number', 'o.proposed_lines', sql<number>`count(*) over ()`.as('total')])
      .where('o.proposed_lines', '>', 0)
      .where((eb) => eb.or([
        eb('o.buyer_id', '=', viewer.id),
        eb('o.partner_org_id', 'in', eb.selectFrom('supplier_owner as so').select('so.partner_org_id').where('so.role', '=', 'buyer').where(sql<boolean>`(so.person_id = ${viewer.id}::uuid or so.unit_id = ${viewer.unitId}::uuid)`)),
      ]))
      .orderBy('o.updated_at', 'desc')
      .limit(limit);
  },
  group(rows, viewer) {
    if (rows.length === 0) return null;
    if (viewer.kind === 'partner') {
      return {
        key: 'orders', label: 'orders.todos.toConfirm', count: Number(rows[0].total), href: '/partner/orders',
        items: rows.map((r) => ({
          id: r.id, title: r.order_number, href: `/partner/orders/${r.id}`,
          note: (r.version ?? 1) > 1 ? { key: 'orders.partner.changeOrder' as const, params: { version: r.version! } } : undefined,
        })),
      };
    }
    return {
      key: 'orders', label: 'orders.todos.toReview', count: Number(rows[0].total), href: '/orders?status=proposed',
      items: rows.map((r) => ({ id: r.id, title: r.order_number, href: `/orders/${r.id}`, note: { key: 'orders.list.proposedLines' as const, params: { count: r.proposed_lines ?? 0 } } })),
    };
  },
});
