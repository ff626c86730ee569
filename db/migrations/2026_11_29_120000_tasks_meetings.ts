import { sql, type Kysely } from 'kysely';

/**
 * Meetings and tasks (issue 10, docs/decisions/0700-meetings-and-tasks.md).
 *
 * - task: due is a calendar date in the OWNER's time zone; `due_at` is the instant it ends
 *   (midnight after the due date in that zone), computed when the due date or owner changes, so
 *   "overdue" is `status <> 'done' and due_at <= now()` — one indexed comparison everywhere.
 * - task_event is the history (status moves, progress updates, comments, extension decisions).
 * - task_extension: 申请调整, one pending request per task (partial unique index).
 * - task.action_item_id is unique: publishing minutes twice (or a retried job) makes no second task.
 * - meeting: times are instants; `timezone` is the organiser's zone the times were entered in.
 *   `sequence` grows with every change sent to attendees (iCalendar SEQUENCE; UID is the id).
 * - Reminder columns (reminded_day_at …) make each reminder happen once.
 * - mail_outbox.attachments: small generated files (the invitation's .ics) kept with the mail.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meeting')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('online_url', 'text')
    .addColumn('agenda_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('organiser_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('restrict'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled').check(sql`status in ('scheduled','cancelled')`))
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('minutes_status', 'text', (c) => c.notNull().defaultTo('none').check(sql`minutes_status in ('none','draft','published')`))
    .addColumn('minutes_notes_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('minutes_decisions_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('minutes_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('minutes_published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('meeting_times_ck', sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex('meeting_organiser_idx').on('meeting').columns(['organiser_id', 'starts_at']).execute();
  await db.schema.createIndex('meeting_starts_idx').on('meeting').columns(['starts_at']).execute();

  await db.schema
    .createTable('meeting_attendee')
    .addColumn('meeting_id', 'uuid', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
    /** Invited as a member of this unit (null: named). */
    .addColumn('via_unit_id', 'uuid', (c) => c.references('org_unit.id').onDelete('set null'))
    .addPrimaryKeyConstraint('meeting_attendee_pk', ['meeting_id', 'person_id'])
    .execute();
  await db.schema.createIndex('meeting_attendee_person_idx').on('meeting_attendee').columns(['person_id', 'meeting_id']).execute();

  await db.schema
    .createTable('meeting_action_item')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('meeting_id', 'uuid', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('restrict'))
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('medium').check(sql`priority in ('high','medium','low')`))
    .addColumn('collaborator_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('task_id', 'uuid')
    .addUniqueConstraint('meeting_action_item_pos_uq', ['meeting_id', 'position'])
    .execute();
  await db.schema.createIndex('meeting_action_item_owner_idx').on('meeting_action_item').columns(['owner_id']).execute();

  await db.schema
    .createTable('meeting_minutes_revision')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('meeting_id', 'uuid', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('notes_md', 'text', (c) => c.notNull())
    .addColumn('decisions_md', 'text', (c) => c.notNull())
    .addColumn('items', 'jsonb', (c) => c.notNull())
    .addColumn('edited_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('edited_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('meeting_minutes_revision_uq', ['meeting_id', 'version'])
    .execute();

  await db.schema
    .createTable('task')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
    .addColumn('description_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('creator_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('restrict'))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('restrict'))
    /** The owner's unit when assigned (boards per unit, heads' trees); null for partner owners. */
    .addColumn('owner_unit_id', 'uuid', (c) => c.references('org_unit.id').onDelete('set null'))
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('medium').check(sql`priority in ('high','medium','low')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('todo').check(sql`status in ('todo','in_progress','in_review','done')`))
    .addColumn('starts_on', 'date')
    .addColumn('due_on', 'date')
    .addColumn('due_at', 'timestamptz')
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('announcement_id', 'uuid', (c) => c.references('announcement.id').onDelete('set null'))
    .addColumn('meeting_id', 'uuid', (c) => c.references('meeting.id').onDelete('set null'))
    .addColumn('action_item_id', 'uuid', (c) => c.unique().references('meeting_action_item.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .addColumn('reminded_day_at', 'timestamptz')
    .addColumn('reminded_hour_at', 'timestamptz')
    .addColumn('overdue_notified_at', 'timestamptz')
    .addCheckConstraint('task_due_ck', sql`(due_on is null) = (due_at is null)`)
    .execute();
  await sql`alter table meeting_action_item add constraint meeting_action_item_task_fk foreign key (task_id) references task(id) on delete set null`.execute(db);
  await db.schema.createIndex('task_owner_idx').on('task').columns(['owner_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('task_creator_idx').on('task').columns(['creator_id', 'created_at']).execute();
  await db.schema.createIndex('task_unit_idx').on('task').columns(['owner_unit_id', 'status', 'due_at']).execute();
  await sql`create index task_open_due_idx on task (due_at) where status <> 'done' and due_at is not null`.execute(db);
  // The reminder scan reads only tasks still waiting for that reminder.
  await sql`create index task_remind_day_idx on task (due_at) where status <> 'done' and due_at is not null and reminded_day_at is null`.execute(db);
  await sql`create index task_remind_hour_idx on task (due_at) where status <> 'done' and due_at is not null and reminded_hour_at is null`.execute(db);
  await sql`create index task_overdue_notice_idx on task (due_at) where status <> 'done' and due_at is not null and overdue_notified_at is null`.execute(db);
  await sql`create index task_tags_idx on task using gin (tags)`.execute(db);

  await db.schema
    .createTable('task_collaborator')
    .addColumn('task_id', 'uuid', (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('task_collaborator_pk', ['task_id', 'person_id'])
    .execute();
  await db.schema.createIndex('task_collaborator_person_idx').on('task_collaborator').columns(['person_id', 'task_id']).execute();

  await db.schema
    .createTable('task_event')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('task_id', 'uuid', (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('created','status','returned','progress','comment','extension_requested','extension_approved','extension_declined','edited')`),
    )
    .addColumn('actor_id', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('task_event_task_idx').on('task_event').columns(['task_id', 'id']).execute();

  await db.schema
    .createTable('task_extension')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('task_id', 'uuid', (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('requested_by', 'uuid', (c) => c.notNull().references('person.id').onDelete('restrict'))
    .addColumn('previous_due_on', 'date')
    .addColumn('requested_due_on', 'date', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','approved','declined')`))
    .addColumn('decided_by', 'uuid', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index task_extension_pending_uq on task_extension (task_id) where status = 'pending'`.execute(db);
  await db.schema.createIndex('task_extension_task_idx').on('task_extension').columns(['task_id', 'created_at']).execute();

  await db.schema.alterTable('mail_outbox').addColumn('attachments', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_outbox').dropColumn('attachments').execute();
  await db.schema.dropTable('task_extension').execute();
  await db.schema.dropTable('task_event').execute();
  await db.schema.dropTable('task_collaborator').execute();
  await sql`alter table meeting_action_item drop constraint meeting_action_item_task_fk`.execute(db);
  await db.schema.dropTable('task').execute();
  await db.schema.dropTable('meeting_minutes_revision').execute();
  await db.schema.dropTable('meeting_action_item').execute();
  await db.schema.dropTable('meeting_attendee').execute();
  await db.schema.dropTable('meeting').execute();
}
