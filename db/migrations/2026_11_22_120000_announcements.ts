import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// Announcements, their approval records, per-person receipts, the event log, templates and
// emergency plans. Sized for 50,000 employees: receipts are one row per (announcement, person),
// written by one `insert … select` at publish time and updated in place on read/acknowledge.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('announcement')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('notice','collab_request','decision','feedback_request')`))
    .addColumn('urgency', 'text', (c) => c.notNull().defaultTo('normal').check(sql`urgency in ('normal','urgent')`))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 1 and 120`))
    .addColumn('body_md', 'text', (c) => c.notNull().check(sql`char_length(body_md) between 1 and 20000`))
    .addColumn('origin_unit_id', 'uuid', (c) => c.references('org_unit.id').onDelete('set null'))
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('restrict'))
    .addColumn('audience_id', 'uuid', (c) => c.notNull().references('audience.id').onDelete('restrict'))
    .addColumn('ack_required', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('draft').check(sql`status in ('draft','pending_approval','rejected','scheduled','published','withdrawn')`))
    .addColumn('publish_at', 'timestamptz')
    .addColumn('published_at', 'timestamptz')
    .addColumn('pinned_until', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('target_reach', 'double precision', (c) => c.notNull().defaultTo(0.95).check(sql`target_reach > 0 and target_reach <= 1`))
    .addColumn('reach_deadline', 'timestamptz')
    // Bumped by a material edit: acknowledgements of an older version no longer count.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('audience_size', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_reminded_at', 'timestamptz')
    .addColumn('escalation_step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('escalated_at', 'timestamptz')
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('withdrawn_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('withdraw_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('announcement_pin_before_expiry', sql`pinned_until is null or expires_at is null or pinned_until <= expires_at`)
    .execute();
  await sql`create index announcement_published_idx on announcement (published_at desc) where status = 'published'`.execute(db);
  await db.schema.createIndex('announcement_audience_idx').on('announcement').column('audience_id').execute();
  await db.schema.createIndex('announcement_author_idx').on('announcement').columns(['author_id', 'created_at']).execute();
  await sql`create index announcement_pinned_idx on announcement (pinned_until) where status = 'published' and pinned_until is not null`.execute(db);
  await sql`create index announcement_due_idx on announcement (publish_at) where status = 'scheduled'`.execute(db);
  await sql`create index announcement_deadline_idx on announcement (reach_deadline) where status = 'published' and reach_deadline is not null and escalation_step < 2`.execute(db);

  await db.schema
    .createTable('announcement_revision')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('announcement_id', 'uuid', (c) => c.notNull().references('announcement.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('material', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('editor_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('announcement_revision_idx').on('announcement_revision').columns(['announcement_id', 'id']).execute();

  // 信息传递审批表: one row per submission; a resubmission after rejection adds a new row.
  await db.schema
    .createTable('announcement_approval')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('announcement_id', 'uuid', (c) => c.notNull().references('announcement.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('recipients_summary', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().check(sql`char_length(summary) <= 200`))
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('origin_unit_id', 'uuid', (c) => c.references('org_unit.id').onDelete('set null'))
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('restrict'))
    // Whose queue it lands in: heads of this unit (or above); null → communications officers.
    .addColumn('approver_unit_id', 'uuid', (c) => c.references('org_unit.id').onDelete('set null'))
    .addColumn('approver_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','approved','rejected','withdrawn')`))
    .addColumn('reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('announcement_approval_ann_idx').on('announcement_approval').columns(['announcement_id', 'created_at']).execute();
  await sql`create index announcement_approval_queue_idx on announcement_approval (approver_unit_id, created_at) where status = 'pending'`.execute(db);
  await sql`create unique index announcement_approval_one_pending on announcement_approval (announcement_id) where status = 'pending'`.execute(db);

  await db.schema
    .createTable('announcement_recipient')
    .addColumn('announcement_id', 'uuid', (c) => c.notNull().references('announcement.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
    // The person's unit when the item was sent: per-unit figures stay true after moves.
    .addColumn('unit_id', 'uuid')
    .addColumn('partner_org_id', 'uuid')
    .addColumn('delivered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('mailed_at', 'timestamptz')
    .addColumn('read_at', 'timestamptz')
    .addColumn('read_channel', 'text', (c) => c.check(sql`read_channel in ('web','mail','board')`))
    .addColumn('acked_at', 'timestamptz')
    .addColumn('acked_version', 'integer')
    .addColumn('reminded_at', 'timestamptz')
    .addPrimaryKeyConstraint('announcement_recipient_pk', ['announcement_id', 'person_id'])
    .execute();
  // "My items, unread first": one index range per person.
  await sql`create index announcement_recipient_person_idx on announcement_recipient (person_id, read_at) include (acked_version)`.execute(db);
  await db.schema.createIndex('announcement_recipient_unit_idx').on('announcement_recipient').columns(['announcement_id', 'unit_id']).execute();

  await db.schema
    .createTable('announcement_event')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('announcement_id', 'uuid', (c) => c.notNull().references('announcement.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('announcement_event_idx').on('announcement_event').columns(['announcement_id', 'at']).execute();

  await db.schema
    .createTable('announcement_template')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().unique().check(sql`kind in ('notice','collab_request','decision','feedback_request')`))
    .addColumn('body_zh', 'text', (c) => c.notNull())
    .addColumn('body_en', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  const notice = {
    zh: '## 事由\n\n\n## 内容\n\n\n## 要求\n\n\n## 联系人\n\n',
    en: '## Reason\n\n\n## Content\n\n\n## Requirements\n\n\n## Contact\n\n',
  };
  const request = {
    zh: '## 背景\n\n\n## 需求\n\n\n## 期望时间\n\n',
    en: '## Background\n\n\n## Need\n\n\n## Expected date\n\n',
  };
  const decision = {
    zh: '## 决定事项\n\n\n## 背景\n\n\n## 执行要求\n\n\n## 联系人\n\n',
    en: '## Decision\n\n\n## Background\n\n\n## What to do\n\n\n## Contact\n\n',
  };
  await db
    .insertInto('announcement_template')
    .values([
      { kind: 'notice', body_zh: notice.zh, body_en: notice.en },
      { kind: 'collab_request', body_zh: request.zh, body_en: request.en },
      { kind: 'feedback_request', body_zh: request.zh, body_en: request.en },
      { kind: 'decision', body_zh: decision.zh, body_en: decision.en },
    ])
    .execute();

  // 应急预案
  await db.schema
    .createTable('emergency_plan')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 120`))
    .addColumn('audience_id', 'uuid', (c) => c.notNull().references('audience.id').onDelete('restrict'))
    .addColumn('origin_unit_id', 'uuid', (c) => c.references('org_unit.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 1 and 120`))
    // Markdown with placeholders: {{details}}, {{time}}, {{triggeredBy}}.
    .addColumn('body_md', 'text', (c) => c.notNull().check(sql`char_length(body_md) between 1 and 20000`))
    .addColumn('ack_required', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('renotify_minutes', 'integer', (c) => c.notNull().defaultTo(15).check(sql`renotify_minutes between 1 and 1440`))
    .addColumn('created_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('archived_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('emergency_activation')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('plan_id', 'uuid', (c) => c.notNull().references('emergency_plan.id').onDelete('restrict'))
    .addColumn('announcement_id', 'uuid', (c) => c.notNull().unique().references('announcement.id').onDelete('restrict'))
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active','closed')`))
    .addColumn('triggered_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('triggered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('renotify_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_notified_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await sql`create index emergency_activation_active_idx on emergency_activation (last_notified_at) where status = 'active'`.execute(db);
  await db.schema.createIndex('emergency_activation_plan_idx').on('emergency_activation').columns(['plan_id', 'triggered_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['emergency_activation', 'emergency_plan', 'announcement_template', 'announcement_event',
    'announcement_recipient', 'announcement_approval', 'announcement_revision', 'announcement']) {
    await db.schema.dropTable(t).ifExists().cascade().execute();
  }
}
