import { sql, type Kysely } from 'kysely';

/**
 * Supplier collaboration: purchase orders (issue 12, docs/decisions/1200-supplier-orders.md).
 *
 * - supplier_owner: the internal owners of a supplier organisation — employees or units, as
 *   buyers (procurement) or planners (production planning). Heads see what their tree owns.
 * - supplier_setting: per supplier the lead time (urgent delays fall inside it, default 7 days),
 *   the days a supplier has to answer a sent order before it is "overdue confirmation", and
 *   whether only named people (supplier_confirmer) may confirm (partner admins always may).
 * - purchase_order: order number unique per supplier (the ERP import is idempotent by supplier +
 *   order number + line number); `version` grows with every change order; status is derived
 *   from the lines by lib/orders (refreshOrder) together with the counters lists filter on.
 * - purchase_order_line: line number unique per order; partner_org_id copied from the order
 *   (immutable) so supplier and late lists are one index each. `promised_date` is the date the
 *   supplier committed to; the proposal columns hold a change the buyer has not decided yet;
 *   `awaiting_since` is set while the line waits for the supplier (not confirmed within N days).
 * - purchase_order_version: a snapshot of header and lines per version (change orders are diffs
 *   of two snapshots); purchase_order_event: the timeline (who, when, old → new), append-only.
 * - delays, shipments (ASN) and receipts with their lines; attachments through stored_file.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table supplier_owner (
      id uuid primary key default gen_random_uuid(),
      partner_org_id uuid not null references partner_org(id) on delete cascade,
      role text not null check (role in ('buyer','planner')),
      person_id uuid references person(id) on delete cascade,
      unit_id uuid references org_unit(id) on delete cascade,
      created_by uuid references person(id) on delete set null,
      created_at timestamptz not null default now(),
      constraint supplier_owner_one check ((person_id is null) <> (unit_id is null))
    )`.execute(db);
  await sql`create unique index supplier_owner_uq on supplier_owner (partner_org_id, role, coalesce(person_id, unit_id))`.execute(db);
  await sql`create index supplier_owner_person_idx on supplier_owner (person_id) where person_id is not null`.execute(db);
  await sql`create index supplier_owner_unit_idx on supplier_owner (unit_id) where unit_id is not null`.execute(db);

  await sql`
    create table supplier_setting (
      partner_org_id uuid primary key references partner_org(id) on delete cascade,
      lead_time_days integer not null default 7 check (lead_time_days between 0 and 365),
      confirm_within_days integer not null default 3 check (confirm_within_days between 1 and 90),
      restrict_confirmers boolean not null default false,
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table supplier_confirmer (
      partner_org_id uuid not null references partner_org(id) on delete cascade,
      person_id uuid not null references person(id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (partner_org_id, person_id)
    )`.execute(db);

  await sql`
    create table purchase_order (
      id uuid primary key default gen_random_uuid(),
      partner_org_id uuid not null references partner_org(id),
      order_number text not null check (char_length(order_number) between 1 and 40),
      status text not null default 'draft' check (status in ('draft','sent','proposed','confirmed','rejected','closed','cancelled')),
      version integer not null default 1 check (version >= 1),
      order_date date not null,
      currency text not null default 'CNY' check (currency ~ '^[A-Z]{3}$'),
      hide_prices boolean not null default false,
      notes text not null default '' check (char_length(notes) <= 4000),
      internal_note text not null default '' check (char_length(internal_note) <= 4000),
      source text not null default 'plaza' check (source in ('plaza','import','api')),
      buyer_id uuid references person(id) on delete set null,
      created_by uuid references person(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      sent_at timestamptz,
      -- counters kept by lib/orders refreshOrder (lists filter on them with one index each)
      line_count integer not null default 0,
      open_lines integer not null default 0,
      proposed_lines integer not null default 0,
      late_lines integer not null default 0,
      total_amount numeric(18,2),
      unique (partner_org_id, order_number)
    )`.execute(db);
  await sql`create index purchase_order_list_idx on purchase_order (created_at desc, id desc)`.execute(db);
  await sql`create index purchase_order_org_idx on purchase_order (partner_org_id, created_at desc, id desc)`.execute(db);
  await sql`create index purchase_order_status_idx on purchase_order (status, created_at desc, id desc)`.execute(db);
  await sql`create index purchase_order_buyer_idx on purchase_order (buyer_id, created_at desc, id desc)`.execute(db);
  await sql`create index purchase_order_waiting_idx on purchase_order (partner_org_id, sent_at) where status in ('sent','proposed')`.execute(db);
  await sql`create index purchase_order_proposed_idx on purchase_order (partner_org_id, updated_at desc) where proposed_lines > 0`.execute(db);
  await sql`create index purchase_order_late_idx on purchase_order (created_at desc, id desc) where late_lines > 0`.execute(db);

  await sql`
    create table purchase_order_line (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null references purchase_order(id) on delete cascade,
      partner_org_id uuid not null references partner_org(id),
      line_no integer not null check (line_no between 1 and 99999),
      item_code text not null check (char_length(item_code) between 1 and 60),
      description text not null default '' check (char_length(description) <= 500),
      quantity numeric(14,3) not null check (quantity > 0),
      unit text not null check (char_length(unit) between 1 and 20),
      unit_price numeric(18,4) check (unit_price >= 0),
      required_date date not null,
      delivery_site text not null default '' check (char_length(delivery_site) <= 200),
      status text not null default 'open' check (status in ('open','confirmed','proposed','rejected','closed','cancelled')),
      promised_date date,
      proposed_quantity numeric(14,3) check (proposed_quantity > 0),
      proposed_date date,
      reason text check (char_length(reason) <= 2000),
      shipped_quantity numeric(14,3) not null default 0,
      received_quantity numeric(14,3) not null default 0,
      awaiting_since timestamptz,
      changed_in_version integer not null default 1,
      updated_at timestamptz not null default now(),
      unique (order_id, line_no)
    )`.execute(db);
  // Late and at risk: committed after required (one partial index), or waiting for the supplier.
  await sql`create index purchase_order_line_late_idx on purchase_order_line (partner_org_id, promised_date) where status in ('confirmed','proposed') and promised_date > required_date`.execute(db);
  await sql`create index purchase_order_line_late_all_idx on purchase_order_line (promised_date, id) where status in ('confirmed','proposed') and promised_date > required_date`.execute(db);
  await sql`create index purchase_order_line_waiting_idx on purchase_order_line (awaiting_since, id) where status = 'open' and awaiting_since is not null`.execute(db);
  await sql`create index purchase_order_line_waiting_org_idx on purchase_order_line (partner_org_id, awaiting_since) where status = 'open' and awaiting_since is not null`.execute(db);
  await sql`create index purchase_order_line_due_idx on purchase_order_line (partner_org_id, promised_date) where status = 'confirmed'`.execute(db);

  await sql`
    create table purchase_order_version (
      order_id uuid not null references purchase_order(id) on delete cascade,
      version integer not null,
      snapshot jsonb not null,
      created_by uuid references person(id) on delete set null,
      created_at timestamptz not null default now(),
      primary key (order_id, version)
    )`.execute(db);

  await sql`
    create table purchase_order_event (
      id bigserial primary key,
      order_id uuid not null references purchase_order(id) on delete cascade,
      line_id uuid references purchase_order_line(id) on delete cascade,
      version integer not null,
      kind text not null check (kind in ('created','sent','revised','confirmed','proposed','rejected','accepted','declined','delay','shipped','received','closed','cancelled')),
      actor_id uuid references person(id) on delete set null,
      -- [{ "field": "promised_date", "old": "2026-12-01", "new": "2026-12-09" }, …]
      changes jsonb not null default '[]'::jsonb,
      reason text check (char_length(reason) <= 2000),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index purchase_order_event_idx on purchase_order_event (order_id, id)`.execute(db);

  await sql`
    create table purchase_order_attachment (
      order_id uuid not null references purchase_order(id) on delete cascade,
      file_id uuid not null references stored_file(id),
      created_at timestamptz not null default now(),
      primary key (order_id, file_id)
    )`.execute(db);
  await sql`create index purchase_order_attachment_file_idx on purchase_order_attachment (file_id)`.execute(db);

  await sql`
    create table purchase_order_delay (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null references purchase_order(id) on delete cascade,
      line_id uuid not null references purchase_order_line(id) on delete cascade,
      old_date date not null,
      new_date date not null,
      reason text not null check (char_length(reason) between 1 and 2000),
      urgent boolean not null default false,
      file_id uuid references stored_file(id),
      created_by uuid references person(id) on delete set null,
      created_at timestamptz not null default now(),
      constraint purchase_order_delay_later check (new_date > old_date)
    )`.execute(db);
  await sql`create index purchase_order_delay_order_idx on purchase_order_delay (order_id, created_at)`.execute(db);
  await sql`create index purchase_order_delay_file_idx on purchase_order_delay (file_id) where file_id is not null`.execute(db);

  await sql`
    create table purchase_order_shipment (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null references purchase_order(id) on delete cascade,
      ship_date date not null,
      carrier text not null default '' check (char_length(carrier) <= 120),
      tracking_number text not null default '' check (char_length(tracking_number) <= 120),
      file_id uuid references stored_file(id),
      created_by uuid references person(id) on delete set null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index purchase_order_shipment_order_idx on purchase_order_shipment (order_id, created_at)`.execute(db);
  await sql`
    create table purchase_order_shipment_line (
      shipment_id uuid not null references purchase_order_shipment(id) on delete cascade,
      line_id uuid not null references purchase_order_line(id) on delete cascade,
      quantity numeric(14,3) not null check (quantity > 0),
      primary key (shipment_id, line_id)
    )`.execute(db);

  await sql`
    create table purchase_order_receipt (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null references purchase_order(id) on delete cascade,
      received_on date not null,
      note text not null default '' check (char_length(note) <= 2000),
      created_by uuid references person(id) on delete set null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index purchase_order_receipt_order_idx on purchase_order_receipt (order_id, created_at)`.execute(db);
  await sql`
    create table purchase_order_receipt_line (
      receipt_id uuid not null references purchase_order_receipt(id) on delete cascade,
      line_id uuid not null references purchase_order_line(id) on delete cascade,
      quantity numeric(14,3) not null check (quantity > 0),
      closes_line boolean not null default false,
      primary key (receipt_id, line_id)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'purchase_order_receipt_line', 'purchase_order_receipt', 'purchase_order_shipment_line', 'purchase_order_shipment',
    'purchase_order_delay', 'purchase_order_attachment', 'purchase_order_event', 'purchase_order_version',
    'purchase_order_line', 'purchase_order', 'supplier_confirmer', 'supplier_setting', 'supplier_owner',
  ]) {
    await sql.raw(`drop table if exists ${t}`).execute(db);
  }
}
