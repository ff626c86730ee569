import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types';

/**
 * The 50,000-employee benchmark company, shared by `bench:announcements` and `bench:http`.
 * Org: HQ → 10 regions → 100 departments → 2,000 teams of 25 (2,111 units). Announcements:
 * 60 company-wide, 400 per region, 6,000 per department, the rest per team (≈ 12.8 M receipts,
 * ≈ 70 % read). Fixed ids, so that other scripts can name people and units:
 *   person  00000000-0000-4000-9000-<n>   employee n (1…50,000), in team 1 + (n − 1) / 25
 *   unit    00000000-0000-4000-8001-<r>   region r; 8002-<d> department d; 8003-<t> team t
 *   announcement 00000000-0000-4000-b000-<i>; i ≤ 60 company-wide
 * Heads: employee (t − 1)·25 + 1 heads team t, (d − 1)·500 + 2 department d, (r − 1)·5000 + 3
 * region r. Employee 4 is a communications officer.
 */
export const N_ANN = 200_000;
export const EVERYONE = 60;
export const REGION = 400;
export const DEPT = 6_000;

export const benchPersonId = (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
export const benchAnnouncementId = (i: number) => `00000000-0000-4000-b000-${String(i).padStart(12, '0')}`;

export const log = (m: string) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${m}`);

const uid = (prefix: string, n: string) => sql.raw(`('${prefix}-' || lpad((${n})::text, 12, '0'))::uuid`);

export async function seedBenchCompany(db: Kysely<DB>): Promise<number> {
  log('org tree and 50,000 employees');
  await sql`insert into org_unit (id, name, name_en) values ('00000000-0000-4000-8000-000000000001', '总部', 'HQ')`.execute(db);
  await sql`insert into org_unit (id, parent_id, name, name_en) select ${uid('00000000-0000-4000-8001', 'r')}, '00000000-0000-4000-8000-000000000001', '区域' || r, 'Region ' || r from generate_series(1, 10) r`.execute(db);
  await sql`insert into org_unit (id, parent_id, name, name_en) select ${uid('00000000-0000-4000-8002', 'd')}, ${uid('00000000-0000-4000-8001', '1 + (d - 1) / 10')}, '部门' || d, 'Department ' || d from generate_series(1, 100) d`.execute(db);
  await sql`insert into org_unit (id, parent_id, name, name_en) select ${uid('00000000-0000-4000-8003', 't')}, ${uid('00000000-0000-4000-8002', '1 + (t - 1) / 20')}, '小组' || t, 'Team ' || t from generate_series(1, 2000) t`.execute(db);
  await sql`
    insert into org_unit_closure (ancestor_id, descendant_id, depth)
    with recursive c as (
      select id as ancestor_id, id as descendant_id, 0 as depth from org_unit
      union all
      select c.ancestor_id, u.id, c.depth + 1 from c join org_unit u on u.parent_id = c.descendant_id
    ) select * from c`.execute(db);
  await sql`
    insert into person (id, kind, email, name, unit_id, origin, locale)
    select ${uid('00000000-0000-4000-9000', 'i')}, 'employee', 'e' || i || '@bench.example', '员工' || i, ${uid('00000000-0000-4000-8003', '1 + (i - 1) / 25')}, 'seed',
      case when i % 3 = 0 then 'en' else 'zh-CN' end
    from generate_series(1, 50000) i`.execute(db);
  // Heads: the first person of each team heads it; a few people head departments and regions.
  await sql`insert into unit_head (unit_id, person_id) select ${uid('00000000-0000-4000-8003', 't')}, ${uid('00000000-0000-4000-9000', '(t - 1) * 25 + 1')} from generate_series(1, 2000) t`.execute(db);
  await sql`insert into unit_head (unit_id, person_id) select ${uid('00000000-0000-4000-8002', 'd')}, ${uid('00000000-0000-4000-9000', '(d - 1) * 500 + 2')} from generate_series(1, 100) d`.execute(db);
  await sql`insert into unit_head (unit_id, person_id) select ${uid('00000000-0000-4000-8001', 'r')}, ${uid('00000000-0000-4000-9000', '(r - 1) * 5000 + 3')} from generate_series(1, 10) r`.execute(db);
  await sql`insert into person_role (person_id, role) values ('00000000-0000-4000-9000-000000000004', 'comms_officer')`.execute(db);

  log('200,000 announcements with their audiences');
  // i ≤ 60: everyone; ≤ 460: a region; ≤ 6460: a department; the rest: a team.
  const target = sql.raw(`case
      when i <= ${EVERYONE} then null
      when i <= ${EVERYONE + REGION} then ('00000000-0000-4000-8001-' || lpad((1 + i % 10)::text, 12, '0'))::uuid
      when i <= ${EVERYONE + REGION + DEPT} then ('00000000-0000-4000-8002-' || lpad((1 + i % 100)::text, 12, '0'))::uuid
      else ('00000000-0000-4000-8003-' || lpad((1 + i % 2000)::text, 12, '0'))::uuid end`);
  await sql`insert into audience (id) select ${uid('00000000-0000-4000-a000', 'i')} from generate_series(1, ${N_ANN}) i`.execute(db);
  await sql`
    insert into audience_rule (audience_id, kind, unit_id, include_sub_units)
    select ${uid('00000000-0000-4000-a000', 'i')}, case when i <= ${EVERYONE} then 'everyone' else 'unit' end, ${target}, true
    from generate_series(1, ${N_ANN}) i`.execute(db);
  await sql`
    insert into announcement (id, kind, urgency, title, body_md, origin_unit_id, author_id, audience_id, ack_required, status, published_at, created_at, updated_at, pinned_until)
    select ${uid('00000000-0000-4000-b000', 'i')},
      (array['notice','collab_request','decision','feedback_request'])[1 + i % 4],
      case when i % 50 = 0 then 'urgent' else 'normal' end,
      '公告 ' || i, '## 事由' || chr(10) || chr(10) || '第 ' || i || ' 条公告的内容。',
      coalesce(${target}, '00000000-0000-4000-8000-000000000001'::uuid),
      '00000000-0000-4000-9000-000000000004', ${uid('00000000-0000-4000-a000', 'i')},
      i % 5 = 0, 'published',
      now() - (i * interval '5 minutes'), now() - (i * interval '5 minutes'), now() - (i * interval '5 minutes'),
      case when i % 2000 = 0 then now() + interval '7 days' end
    from generate_series(1, ${N_ANN}) i`.execute(db);

  log('receipts (fan-out of every announcement), about 70 % read');
  await sql`alter table announcement_recipient drop constraint announcement_recipient_pk`.execute(db);
  await sql`drop index announcement_recipient_unread_idx`.execute(db);
  await sql`drop index announcement_recipient_unit_idx`.execute(db);
  const receipt = sql`a.id, p.id, p.unit_id, a.published_at, a.published_at,
      case when r < 0.7 then a.published_at + (r * r * 200000) * interval '1 second' end,
      case when r < 0.7 then (case when r < 0.5 then 'web' else 'mail' end) end,
      case when a.ack_required and r < 0.6 then a.published_at + (r * r * 250000) * interval '1 second' end,
      case when a.ack_required and r < 0.6 then 1 end`;
  const cols = sql`(announcement_id, person_id, unit_id, delivered_at, mailed_at, read_at, read_channel, acked_at, acked_version)`;
  await sql`insert into announcement_recipient ${cols}
    select ${receipt} from announcement a cross join lateral (select p.*, random() as r from person p where p.kind = 'employee') p
    where a.id <= '00000000-0000-4000-b000-000000000060'::uuid`.execute(db);
  await sql`insert into announcement_recipient ${cols}
    select ${receipt} from announcement a
    join audience_rule ru on ru.audience_id = a.audience_id and ru.kind = 'unit'
    join org_unit_closure c on c.ancestor_id = ru.unit_id
    cross join lateral (select p.*, random() as r from person p where p.unit_id = c.descendant_id) p`.execute(db);
  log('indexes');
  await sql`alter table announcement_recipient add constraint announcement_recipient_pk primary key (announcement_id, person_id)`.execute(db);
  await sql`create index announcement_recipient_unread_idx on announcement_recipient (person_id) where read_at is null`.execute(db);
  await sql`create index announcement_recipient_unit_idx on announcement_recipient (announcement_id, unit_id)`.execute(db);
  await sql`update announcement a set audience_size = (select count(*) from announcement_recipient r where r.announcement_id = a.id)`.execute(db);
  await sql`vacuum analyze`.execute(db);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from announcement_recipient`.execute(db);
  log(`${rows[0].n.toLocaleString()} receipts`);
  return rows[0].n;
}

export const BENCH_ADMIN = 5;
export const BENCH_OFFICER = 4;
export const PARTNER_ORGS = 300;
export const benchPartnerOrgId = (o: number) => `00000000-0000-4000-c000-${String(o).padStart(12, '0')}`;
export const benchPartnerPersonId = (o: number, k: number) => `00000000-0000-4000-c001-${String(o * 10 + k).padStart(12, '0')}`;

/**
 * What the HTTP benchmark needs beyond the announcements company, added once (idempotent, so a
 * database kept by `bench:announcements --keep` can be reused): employee 5 is an admin; 300
 * partner organisations with 3 people each (person k = 1 is the organisation's partner admin);
 * 100,000 sign-in entries in the audit log over the last 90 days.
 */
export async function addHttpBenchExtras(db: Kysely<DB>): Promise<void> {
  const done = await sql<{ n: number }>`select count(*)::int as n from partner_org where id = ${benchPartnerOrgId(1)}::uuid`.execute(db);
  if (done.rows[0].n > 0) return;
  log('admin, 300 partner organisations with 900 people, 100,000 audit entries');
  await sql`insert into person_role (person_id, role) values (${benchPersonId(BENCH_ADMIN)}::uuid, 'admin') on conflict do nothing`.execute(db);
  await sql`
    insert into partner_org (id, name, name_en, type)
    select ${uid('00000000-0000-4000-c000', 'o')}, '合作伙伴' || o, 'Partner ' || o, (array['supplier','distributor','customer','other'])[1 + o % 4]
    from generate_series(1, ${PARTNER_ORGS}) o`.execute(db);
  await sql`
    insert into person (id, kind, email, name, partner_org_id, origin, locale)
    select ${uid('00000000-0000-4000-c001', 'o * 10 + k')}, 'partner', 'p' || k || '@partner' || o || '.bench.example', '伙伴' || o || '-' || k,
      ${uid('00000000-0000-4000-c000', 'o')}, 'invite', case when k = 3 then 'en' else 'zh-CN' end
    from generate_series(1, ${PARTNER_ORGS}) o cross join generate_series(1, 3) k`.execute(db);
  await sql`
    insert into person_role (person_id, role)
    select ${uid('00000000-0000-4000-c001', 'o * 10 + 1')}, 'partner_admin' from generate_series(1, ${PARTNER_ORGS}) o`.execute(db);
  await sql`
    insert into audit_log (at, actor_id, actor_label, action, target_type, target_id, target_label, ip, user_agent, details)
    select now() - (i * interval '77 seconds'), p.id, p.email, 'auth.sign_in', 'person', p.id::text, p.email, '10.0.0.' || (i % 250), 'Mozilla/5.0 (bench)',
      jsonb_build_object('method', 'sso', 'provider', 'sso')
    from generate_series(1, 100000) i
    join person p on p.id = ${uid('00000000-0000-4000-9000', '1 + (i * 7919) % 50000')}`.execute(db);
  await sql`analyze`.execute(db);
}
