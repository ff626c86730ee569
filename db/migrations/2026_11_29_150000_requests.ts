import { sql, type Kysely } from 'kysely';

/**
 * Customer requests (工单, issue 13): a working-time calendar that knows China's public holidays
 * and make-up workdays (调休), routing of requests to handling units, SLA policies, the requests
 * with their conversation (public replies and internal notes), attachments and SLA alerts.
 *
 * The calendar ships as data admins can correct. Source: the General Office of the State Council's
 * notices on the holiday arrangements (国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号;
 * 国务院办公厅关于2026年部分节假日安排的通知, 国办发明电〔2025〕7号), transcribed here as date ranges and
 * checked day by day against the npm package chinese-days 1.5.7 in lib/requests/calendar-data.test.ts.
 * 2027 had not been published when this was written: admins add it on /admin/requests.
 */
const holidays: [string, string, string, string][] = [
  // [first day, last day, 中文, English]
  ['2025-01-01', '2025-01-01', '元旦', "New Year's Day"],
  ['2025-01-28', '2025-02-04', '春节', 'Spring Festival'],
  ['2025-04-04', '2025-04-06', '清明节', 'Qingming Festival'],
  ['2025-05-01', '2025-05-05', '劳动节', 'Labour Day'],
  ['2025-05-31', '2025-06-02', '端午节', 'Dragon Boat Festival'],
  ['2025-10-01', '2025-10-08', '国庆节、中秋节', 'National Day and Mid-Autumn Festival'],
  ['2026-01-01', '2026-01-03', '元旦', "New Year's Day"],
  ['2026-02-15', '2026-02-23', '春节', 'Spring Festival'],
  ['2026-04-04', '2026-04-06', '清明节', 'Qingming Festival'],
  ['2026-05-01', '2026-05-05', '劳动节', 'Labour Day'],
  ['2026-06-19', '2026-06-21', '端午节', 'Dragon Boat Festival'],
  ['2026-09-25', '2026-09-27', '中秋节', 'Mid-Autumn Festival'],
  ['2026-10-01', '2026-10-07', '国庆节', 'National Day'],
];
const makeUpWorkdays: [string, string, string][] = [
  ['2025-01-26', '春节调休上班', 'Spring Festival make-up workday'],
  ['2025-02-08', '春节调休上班', 'Spring Festival make-up workday'],
  ['2025-04-27', '劳动节调休上班', 'Labour Day make-up workday'],
  ['2025-09-28', '国庆节调休上班', 'National Day make-up workday'],
  ['2025-10-11', '国庆节调休上班', 'National Day make-up workday'],
  ['2026-01-04', '元旦调休上班', "New Year's Day make-up workday"],
  ['2026-02-14', '春节调休上班', 'Spring Festival make-up workday'],
  ['2026-02-28', '春节调休上班', 'Spring Festival make-up workday'],
  ['2026-05-09', '劳动节调休上班', 'Labour Day make-up workday'],
  ['2026-09-20', '国庆节调休上班', 'National Day make-up workday'],
  ['2026-10-10', '国庆节调休上班', 'National Day make-up workday'],
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table work_calendar (
      id uuid primary key default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 120),
      time_zone text not null default 'Asia/Shanghai',
      -- ISO weekdays that are normally working days (1 = Monday … 7 = Sunday)
      weekdays smallint[] not null default '{1,2,3,4,5}',
      -- working periods of a day, minutes after midnight: [[540,720],[780,1080]] = 9–12, 13–18
      periods jsonb not null default '[[540,720],[780,1080]]'::jsonb,
      is_default boolean not null default false,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index work_calendar_default_uq on work_calendar (is_default) where is_default`.execute(db);
  await sql`
    create table work_calendar_entry (
      id uuid primary key default gen_random_uuid(),
      calendar_id uuid not null references work_calendar(id) on delete cascade,
      kind text not null check (kind in ('holiday','workday')),
      start_day date not null,
      end_day date not null,
      name text not null check (char_length(name) between 1 and 120),
      name_en text,
      source text,
      created_at timestamptz not null default now(),
      constraint work_calendar_entry_order check (end_day >= start_day and end_day - start_day <= 31)
    )`.execute(db);
  await sql`create index work_calendar_entry_idx on work_calendar_entry (calendar_id, start_day)`.execute(db);

  const cal = await sql<{ id: string }>`insert into work_calendar (name, is_default) values ('中国大陆工作日历', true) returning id`.execute(db);
  const calendarId = cal.rows[0].id;
  const source2025 = '国办发明电〔2024〕12号';
  const source2026 = '国办发明电〔2025〕7号';
  for (const [a, b, zh, en] of holidays) {
    await sql`insert into work_calendar_entry (calendar_id, kind, start_day, end_day, name, name_en, source)
      values (${calendarId}, 'holiday', ${a}::date, ${b}::date, ${zh}, ${en}, ${a.startsWith('2025') ? source2025 : source2026})`.execute(db);
  }
  for (const [d, zh, en] of makeUpWorkdays) {
    await sql`insert into work_calendar_entry (calendar_id, kind, start_day, end_day, name, name_en, source)
      values (${calendarId}, 'workday', ${d}::date, ${d}::date, ${zh}, ${en}, ${d.startsWith('2025') ? source2025 : source2026})`.execute(db);
  }

  // Routing: type (+ topic) → handling unit. A row with neither is the default unit.
  await sql`
    create table request_route (
      id uuid primary key default gen_random_uuid(),
      request_type text check (request_type in ('feedback','complaint','support','order','other')),
      topic text check (topic is null or char_length(topic) between 1 and 120),
      unit_id uuid not null references org_unit(id) on delete cascade,
      created_at timestamptz not null default now(),
      constraint request_route_default check (request_type is not null or topic is null)
    )`.execute(db);
  await sql`create unique index request_route_uq on request_route (coalesce(request_type, ''), coalesce(lower(topic), ''))`.execute(db);

  await sql`
    create table request_sla_policy (
      id uuid primary key default gen_random_uuid(),
      request_type text not null check (request_type in ('feedback','complaint','support','order','other')),
      priority text not null check (priority in ('low','normal','high','urgent')),
      first_response_minutes integer not null check (first_response_minutes > 0),
      resolution_minutes integer not null check (resolution_minutes > 0),
      updated_at timestamptz not null default now(),
      unique (request_type, priority)
    )`.execute(db);
  // The sources' targets: answered within 24 (working) hours; technical support within 2.
  await sql`
    insert into request_sla_policy (request_type, priority, first_response_minutes, resolution_minutes)
    select t, p,
      case when t = 'support' then case p when 'urgent' then 60 when 'high' then 120 else 240 end
           else case p when 'urgent' then 240 when 'high' then 480 else 1440 end end,
      case p when 'urgent' then 1440 when 'high' then 2880 else 4800 end
    from unnest(array['feedback','complaint','support','order','other']) t, unnest(array['low','normal','high','urgent']) p`.execute(db);

  await sql`create table request_setting (id boolean primary key default true check (id), reopen_days integer not null default 7 check (reopen_days between 0 and 90))`.execute(db);
  await sql`insert into request_setting default values`.execute(db);

  await sql`
    create table request (
      id uuid primary key default gen_random_uuid(),
      number bigserial not null unique,
      partner_org_id uuid not null references partner_org(id),
      requester_id uuid not null references person(id),
      request_type text not null check (request_type in ('feedback','complaint','support','order','other')),
      topic text check (topic is null or char_length(topic) <= 120),
      suggested_priority text not null check (suggested_priority in ('low','normal','high','urgent')),
      priority text not null check (priority in ('low','normal','high','urgent')),
      subject text not null check (char_length(subject) between 1 and 200),
      description_md text not null check (char_length(description_md) <= 20000),
      shared_with_org boolean not null default false,
      status text not null default 'new' check (status in ('new','open','waiting','resolved','closed')),
      unit_id uuid not null references org_unit(id),
      assignee_id uuid references person(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      first_response_at timestamptz,
      -- working minutes to the first public reply, and to resolution (pauses excluded), for the figures
      first_response_min integer,
      resolution_min integer,
      resolved_at timestamptz,
      closed_at timestamptz,
      -- SLA: targets in working minutes (copied from the policy), the resolution clock's consumed
      -- minutes and the instant it last started running (null while paused or stopped), due times
      first_target_min integer check (first_target_min > 0),
      resolve_target_min integer check (resolve_target_min > 0),
      resolve_consumed_min integer not null default 0,
      resolve_running_since timestamptz,
      first_due_at timestamptz,
      resolve_due_at timestamptz,
      -- the next instant an SLA alert may be due (index-backed scan); null when none is pending
      sla_next_at timestamptz,
      rating smallint check (rating between 1 and 5),
      rating_comment text check (char_length(rating_comment) <= 2000),
      rated_at timestamptz
    )`.execute(db);
  await sql`create index request_unit_idx on request (unit_id, updated_at desc, id)`.execute(db);
  await sql`create index request_assignee_idx on request (assignee_id, updated_at desc) where status in ('new','open','waiting')`.execute(db);
  await sql`create index request_org_idx on request (partner_org_id, created_at desc, id)`.execute(db);
  await sql`create index request_requester_idx on request (requester_id, created_at desc, id)`.execute(db);
  await sql`create index request_sla_next_idx on request (sla_next_at) where sla_next_at is not null`.execute(db);
  await sql`create index request_figures_idx on request (created_at, unit_id, request_type)`.execute(db);

  await sql`
    create table request_message (
      id uuid primary key default gen_random_uuid(),
      request_id uuid not null references request(id) on delete cascade,
      author_id uuid references person(id),
      visibility text not null check (visibility in ('public','internal')),
      event text check (event in ('reassigned','priority','status','taken')),
      body_md text not null check (char_length(body_md) <= 20000),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index request_message_idx on request_message (request_id, created_at, id)`.execute(db);

  await sql`
    create table request_attachment (
      request_id uuid not null references request(id) on delete cascade,
      message_id uuid references request_message(id) on delete cascade,
      file_id uuid not null references stored_file(id),
      primary key (request_id, file_id)
    )`.execute(db);
  await sql`create index request_attachment_file_idx on request_attachment (file_id)`.execute(db);

  await sql`
    create table request_sla_alert (
      request_id uuid not null references request(id) on delete cascade,
      kind text not null check (kind in ('first_warning','first_breach','resolve_warning','resolve_breach')),
      sent_at timestamptz not null default now(),
      primary key (request_id, kind)
    )`.execute(db);

  await sql`
    create table request_saved_reply (
      id uuid primary key default gen_random_uuid(),
      unit_id uuid not null references org_unit(id) on delete cascade,
      title text not null check (char_length(title) between 1 and 120),
      body_zh text not null check (char_length(body_zh) <= 20000),
      body_en text not null check (char_length(body_en) <= 20000),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index request_saved_reply_unit_idx on request_saved_reply (unit_id, title)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['request_saved_reply', 'request_sla_alert', 'request_attachment', 'request_message', 'request', 'request_setting', 'request_sla_policy', 'request_route', 'work_calendar_entry', 'work_calendar']) {
    await sql.raw(`drop table if exists ${t}`).execute(db);
  }
}
