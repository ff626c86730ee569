import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import { defaultLocale } from '@/lib/i18n/config';
import type { DigestEntry, DigestSection, DigestSectionContent } from '@/lib/notifications/digest-types';

type Row = { person_id: string; id: string; title: string; at: Date | null; total: number; partner: boolean; version: number; proposed: number; urgent: boolean; old_date: string | null; new_date: string | null; days: number };

function fill(rows: Row[], moreHref: (r: Row) => string, entry: (r: Row) => DigestEntry) {
  const out = new Map<string, DigestSectionContent>();
  for (const r of rows) {
    let c = out.get(r.person_id);
    if (!c) out.set(r.person_id, (c = { entries: [], total: r.total, moreHref: moreHref(r) }));
    c.entries.push(entry(r));
  }
  return out;
}

const active = (people: readonly Viewer[]) => people.filter((p) => p.status === 'active');

/** A calendar date (YYYY-MM-DD) in the reader's language, as the order pages and mails write it. */
export function digestDate(s: string | null, locale: string): string {
  if (!s) return '';
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? s : new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
}

/**
 * The supplier orders sections of the digest (lib/notifications' digest interface), each one
 * statement per batch of people, with the rules of lib/orders (abilities.ts):
 * - "Purchase orders waiting for you": for a supplier's members who may confirm (partner admins,
 *   everyone unless the organisation names its confirmers), their organisation's orders waiting
 *   for an answer, change orders marked (purchase_order_waiting_idx); for buyers (named, through
 *   their unit, or the order's buyer), orders whose supplier proposed changes
 *   (purchase_order_proposed_idx). Work, not news: shown while it waits.
 * - "Delay notices": delays filed since the previous digest on orders of suppliers the person
 *   owns (buyer or planner, named or through their unit) or bought, urgent first, with the old
 *   and new date and days late. Employees only; a supplier filed them.
 */
export const orderDigestSections: DigestSection[] = [
  {
    key: 'ordersWaiting',
    order: 40,
    heading: 'orders.digest.waiting',
    async loadBatch(db: Kysely<DB>, people: readonly Viewer[], { limit }) {
      const ppl = active(people);
      const partners = ppl.filter((p) => p.kind === 'partner' && p.partnerOrgId).map((p) => p.id);
      const partnerAdmins = ppl.filter((p) => p.kind === 'partner' && p.roles.includes('partner_admin')).map((p) => p.id);
      const employees = ppl.filter((p) => p.kind === 'employee').map((p) => p.id);
      if (partners.length === 0 && employees.length === 0) return new Map();
      const { rows } = await sql<Row>`
        select * from (
          select x.*, count(*) over (partition by x.person_id)::int as total,
            row_number() over (partition by x.person_id order by x.at, x.id)::int as rn
          from (
            select p.id as person_id, o.id, o.order_number as title, o.sent_at as at, true as partner, o.version, o.proposed_lines as proposed
            from person p
            join partner_org org on org.id = p.partner_org_id and org.type = 'supplier' and org.status = 'active'
            join purchase_order o on o.partner_org_id = p.partner_org_id and o.status = 'sent'
            left join supplier_setting ss on ss.partner_org_id = p.partner_org_id
            where p.id = any(${partners}::uuid[])
              and (p.id = any(${partnerAdmins}::uuid[]) or not coalesce(ss.restrict_confirmers, false)
                   or exists (select 1 from supplier_confirmer c where c.partner_org_id = p.partner_org_id and c.person_id = p.id))
            union all
            select p.id, o.id, o.order_number, o.updated_at, false, o.version, o.proposed_lines
            from person p
            join purchase_order o on o.proposed_lines > 0 and o.status in ('sent','proposed','confirmed')
              and (o.buyer_id = p.id or o.partner_org_id in (
                select so.partner_org_id from supplier_owner so where so.role = 'buyer' and (so.person_id = p.id or so.unit_id = p.unit_id)))
            where p.id = any(${employees}::uuid[])
          ) x
        ) y where rn <= ${limit} order by person_id, rn`.execute(db);
      const note = (r: Row): DigestEntry['note'] => {
        if (!r.partner) return { key: 'orders.list.proposedLines', params: { count: r.proposed } };
        return r.version > 1 ? { key: 'orders.partner.changeOrder', params: { version: r.version } } : { key: 'orders.digest.toConfirm' };
      };
      return fill(rows, (r) => (r.partner ? '/partner/orders?status=sent' : '/orders?status=proposed'), (r) => ({
        title: r.title,
        href: r.partner ? `/partner/orders/${r.id}` : `/orders/${r.id}`,
        at: r.at,
        note: note(r),
      }));
    },
  },
  {
    key: 'ordersDelays',
    order: 41,
    heading: 'orders.digest.delays',
    async loadBatch(db: Kysely<DB>, people: readonly Viewer[], { since, now, limit }) {
      const employees = active(people).filter((p) => p.kind === 'employee').map((p) => p.id);
      if (employees.length === 0) return new Map();
      const { rows } = await sql<Row>`
        select * from (
          select p.id as person_id, o.id, o.order_number || ' · ' || l.item_code as title, d.created_at as at, d.urgent,
            to_char(d.old_date, 'YYYY-MM-DD') as old_date, to_char(d.new_date, 'YYYY-MM-DD') as new_date, (d.new_date - l.required_date)::int as days,
            count(*) over (partition by p.id)::int as total,
            row_number() over (partition by p.id order by d.urgent desc, d.created_at desc, d.id)::int as rn
          from purchase_order_delay d
          join purchase_order o on o.id = d.order_id
          join purchase_order_line l on l.id = d.line_id
          join person p on p.id = any(${employees}::uuid[])
            and (o.buyer_id = p.id or exists (
              select 1 from supplier_owner so where so.partner_org_id = o.partner_org_id and (so.person_id = p.id or so.unit_id = p.unit_id)))
          where d.created_at > ${since} and d.created_at <= ${now}
        ) y where rn <= ${limit} order by person_id, rn`.execute(db);
      const localeOf = new Map(people.map((p) => [p.id, p.locale ?? defaultLocale]));
      return fill(rows, () => '/orders/at-risk', (r) => ({
        title: r.title,
        href: `/orders/${r.id}`,
        at: r.at,
        urgent: r.urgent,
        note: { key: 'orders.digest.delayNote', params: { old: digestDate(r.old_date, localeOf.get(r.person_id)!), new: digestDate(r.new_date, localeOf.get(r.person_id)!), days: Math.max(0, r.days) } },
      }));
    },
  },
];
