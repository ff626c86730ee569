import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../types';

/**
 * Quick-start purchase orders: 恒通精密 / Hengtong's internal owners (buyer 林峰 Lin Feng and the
 * 采购部 Procurement unit; planners the 生产计划部 Production Planning unit) and two bilingual
 * orders — one waiting for the buyer's decision on a proposed date, one confirmed with a delay
 * notice. Idempotent (once per database, by the order numbers).
 */
export async function seedDemoOrders(trx: Transaction<DB> | Kysely<DB>): Promise<boolean> {
  const supplier = await trx.selectFrom('partner_org').select('id').where('name', 'like', '恒通%').where('type', '=', 'supplier').executeTakeFirst();
  const linFeng = await trx.selectFrom('person').select('id').where('email', '=', 'lin.feng@xinghai.example').executeTakeFirst();
  const zhouLi = await trx.selectFrom('person').select('id').where('email', '=', 'zhou.li@hengtong.example').executeTakeFirst();
  const proc = await trx.selectFrom('org_unit').select('id').where('name', '=', '采购部').executeTakeFirst();
  const planning = await trx.selectFrom('org_unit').select('id').where('name', '=', '生产计划部').executeTakeFirst();
  if (!supplier || !linFeng || !proc || !planning || !zhouLi) return false;
  const done = await trx.selectFrom('purchase_order').select('id').where('partner_org_id', '=', supplier.id).where('order_number', '=', 'PO-2026-1001').executeTakeFirst();
  if (done) return false;

  await trx.insertInto('supplier_owner').values([
    { partner_org_id: supplier.id, role: 'buyer', person_id: linFeng.id, unit_id: null },
    { partner_org_id: supplier.id, role: 'buyer', person_id: null, unit_id: proc.id },
    { partner_org_id: supplier.id, role: 'planner', person_id: null, unit_id: planning.id },
  ]).onConflict((oc) => oc.doNothing()).execute();
  await trx.insertInto('supplier_setting').values({ partner_org_id: supplier.id, lead_time_days: 7 }).onConflict((oc) => oc.column('partner_org_id').doNothing()).execute();

  const day = 86_400_000;
  const now = Date.now();
  const date = (d: number) => new Date(now + d * day).toISOString().slice(0, 10);
  const at = (d: number) => new Date(now + d * day);

  type L = { no: number; code: string; desc: string; qty: string; price: string; req: number; status: 'open' | 'confirmed' | 'proposed'; promised?: number; proposed?: number; reason?: string };
  const orders: { number: string; notes: string; sentAgo: number; lines: L[] }[] = [
    {
      number: 'PO-2026-1001', notes: '请按最新图纸 Rev.C 加工。/ Please machine to drawing Rev.C.', sentAgo: 3,
      lines: [
        { no: 10, code: 'HT-SH-2040', desc: '主轴套 Spindle sleeve', qty: '200', price: '36.50', req: 14, status: 'confirmed', promised: 14 },
        { no: 20, code: 'HT-FL-0815', desc: '法兰盘 Flange', qty: '120', price: '58.00', req: 10, status: 'proposed', promised: 15, proposed: 15, reason: '热处理炉检修，顺延5天 / Heat-treatment furnace maintenance: 5 days later' },
      ],
    },
    {
      number: 'PO-2026-1002', notes: '分两批交货可接受。/ Two deliveries are fine.', sentAgo: 10,
      lines: [
        { no: 10, code: 'HT-GR-3300', desc: '齿轮轴 Gear shaft', qty: '80', price: '142.00', req: 5, status: 'confirmed', promised: 9 },
        { no: 20, code: 'HT-BS-1210', desc: '轴承座 Bearing housing', qty: '60', price: '88.00', req: 18, status: 'confirmed', promised: 18 },
      ],
    },
  ];
  for (const o of orders) {
    const row = await trx.insertInto('purchase_order').values({
      partner_org_id: supplier.id, order_number: o.number, status: 'sent', order_date: date(-o.sentAgo), notes: o.notes, buyer_id: linFeng.id, created_by: linFeng.id,
      created_at: at(-o.sentAgo), updated_at: at(-o.sentAgo), sent_at: at(-o.sentAgo),
    }).returning('id').executeTakeFirstOrThrow();
    for (const l of o.lines) {
      const line = await trx.insertInto('purchase_order_line').values({
        order_id: row.id, partner_org_id: supplier.id, line_no: l.no, item_code: l.code, description: l.desc, quantity: l.qty, unit: 'pcs', unit_price: l.price,
        required_date: date(l.req), delivery_site: '苏州工厂 2号门 / Suzhou plant, gate 2', status: l.status, promised_date: l.promised !== undefined ? date(l.promised) : null,
        proposed_date: l.proposed !== undefined ? date(l.proposed) : null, reason: l.reason ?? null,
      }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('purchase_order_event').values({
        order_id: row.id, line_id: line.id, version: 1, kind: l.status === 'proposed' ? 'proposed' : 'confirmed', actor_id: zhouLi.id,
        changes: JSON.stringify(l.status === 'proposed' ? [{ field: 'date', old: date(l.req), new: date(l.proposed!) }] : [{ field: 'status', old: 'open', new: 'confirmed' }]),
        reason: l.reason ?? null, created_at: at(-o.sentAgo + 1),
      }).execute();
      if (o.number === 'PO-2026-1002' && l.no === 10) {
        await trx.insertInto('purchase_order_delay').values({ order_id: row.id, line_id: line.id, old_date: date(5), new_date: date(9), reason: '原材料（42CrMo 棒料）到货延迟 / Bar stock (42CrMo) arrived late', urgent: true, created_by: zhouLi.id, created_at: at(-1) }).execute();
        await trx.insertInto('purchase_order_event').values({ order_id: row.id, line_id: line.id, version: 1, kind: 'delay', actor_id: zhouLi.id, changes: JSON.stringify([{ field: 'promisedDate', old: date(5), new: date(9) }]), reason: '原材料（42CrMo 棒料）到货延迟 / Bar stock (42CrMo) arrived late', created_at: at(-1) }).execute();
      }
    }
    await trx.insertInto('purchase_order_event').values([
      { order_id: row.id, version: 1, kind: 'created', actor_id: linFeng.id, created_at: at(-o.sentAgo - 0.01) },
      { order_id: row.id, version: 1, kind: 'sent', actor_id: linFeng.id, created_at: at(-o.sentAgo) },
    ]).execute();
    // The counters and the status, as lib/orders refreshOrder computes them.
    await sql`
      update purchase_order o set line_count = c.total, open_lines = c.open, proposed_lines = c.proposed, late_lines = c.late, total_amount = c.amount,
        status = case when c.open > 0 then 'sent' when c.proposed > 0 then 'proposed' else 'confirmed' end
      from (select count(*)::int as total, count(*) filter (where status = 'open')::int as open, count(*) filter (where status = 'proposed')::int as proposed,
                   count(*) filter (where status in ('confirmed','proposed') and promised_date > required_date)::int as late, sum(quantity * unit_price) as amount
            from purchase_order_line where order_id = ${row.id}) c
      where o.id = ${row.id}`.execute(trx);
  }
  return true;
}
