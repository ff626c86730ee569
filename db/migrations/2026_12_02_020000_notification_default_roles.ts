import { type Kysely, sql } from 'kysely';

// Company notification defaults per role rather than per kind of person (lib/notifications/preferences.ts,
// docs/decisions/2300-notification-visibility-and-role-defaults.md). The existing rows stay valid and keep
// their meaning: 'employee' is the plain employee, 'partner' the partner member; the new roles are
// department heads (unit_head), communications officers, admins and partner admins.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table notification_default drop constraint notification_default_audience_check`.execute(db);
  await sql`alter table notification_default add constraint notification_default_audience_check
    check (audience in ('employee','unit_head','comms_officer','admin','partner','partner_admin'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from notification_default where audience not in ('employee','partner')`.execute(db);
  await sql`alter table notification_default drop constraint notification_default_audience_check`.execute(db);
  await sql`alter table notification_default add constraint notification_default_audience_check check (audience in ('employee','partner'))`.execute(db);
}
