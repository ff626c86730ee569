import { sql, type Kysely } from 'kysely';

/**
 * Every status and kind column carries a CHECK listing its values (db:types turns each into a
 * string union). The approval record's urgency and the announcement log's kind were without.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table announcement_approval add constraint announcement_approval_urgency_check check (urgency in ('normal','urgent'))`.execute(db);
  await sql`alter table announcement_event add constraint announcement_event_kind_check check (kind in (
    'published','submitted','approved','rejected','edited','withdrawn','reminder',
    'escalation_reminder','escalation_heads','target_met','renotified'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table announcement_event drop constraint announcement_event_kind_check`.execute(db);
  await sql`alter table announcement_approval drop constraint announcement_approval_urgency_check`.execute(db);
}
