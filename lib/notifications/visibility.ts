import { sql, type RawBuilder } from 'kysely';
import { personHeadsUnitSql } from '@/lib/authz/person-sql';
import { articleReadableByPersonSql } from '@/lib/kb/access';
import { meetingVisibleToPersonSql } from '@/lib/meetings/access';
import { orderVisibleToPersonSql } from '@/lib/orders/access';
import { requestVisibleToPersonSql } from '@/lib/requests/access';
import { taskVisibleToPersonSql } from '@/lib/tasks/access';

/**
 * Read-time visibility of the items notifications point at, as SQL over `n` (notification) and
 * `e` (notification_event): a notification whose item the person can no longer see (withdrawn,
 * taken off their audience, decided by someone else) disappears from the centre, the count and
 * the digest. One rule per item type, set-based (a correlated EXISTS on indexed keys). An area
 * adds its item type here (one entry) calling its own "visible to person" SQL helper (in
 * lib/<area>/access.ts, beside the area's abilities, which it mirrors); item types without a rule
 * stay visible to the people the producer chose.
 */
type Rule = RawBuilder<boolean>;

/** The event's item id as a uuid (null when it is not one: such an item is never found). */
const itemUuid = sql`(case when e.item_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then e.item_id::uuid end)`;

/** The area's rule over the notification's person (`vp`, found by primary key). */
const forPerson = (rule: (itemId: RawBuilder<unknown>, p: string) => RawBuilder<boolean>): Rule =>
  sql<boolean>`exists (select 1 from person vp where vp.id = n.person_id and ${rule(itemUuid, 'vp')})`;

const announcementVisible: Rule = sql<boolean>`exists (
  select 1 from announcement a
  where a.id = ${itemUuid} and (
    a.author_id = n.person_id
    or (a.status = 'published' and exists (select 1 from announcement_recipient r where r.announcement_id = a.id and r.person_id = n.person_id))
    or exists (select 1 from announcement_approval ap where ap.announcement_id = a.id and (
      ap.approver_id = n.person_id
      or (ap.status = 'pending' and ${personHeadsUnitSql(sql`n.person_id`, sql`ap.approver_unit_id`)})))
    or exists (select 1 from person pp join person_role pr on pr.person_id = pp.id
      where pp.id = n.person_id and pp.kind = 'employee' and pr.role in ('admin', 'comms_officer'))))`;

/**
 * Meetings: the area's view rule — except the notice telling someone they were taken off the
 * attendee list (meetings.notifications.removed), which is about losing access and links to the
 * list, not the meeting: it stays.
 */
const meetingVisible: Rule = sql<boolean>`(e.message_key = 'meetings.notifications.removed' or ${forPerson(meetingVisibleToPersonSql)})`;

/** Item types as the producers write them (notify / notifyMany and the task reminder job). */
export const itemVisibilityRules: Record<string, Rule> = {
  announcement: announcementVisible,
  task: forPerson(taskVisibleToPersonSql),
  kb_article: forPerson(articleReadableByPersonSql),
  meeting: meetingVisible,
  purchase_order: forPerson(orderVisibleToPersonSql),
  request: forPerson(requestVisibleToPersonSql),
};

/** SQL: the notification `n` (event `e`) is about an item its person may still see. */
export function visibleNotificationSql(): RawBuilder<boolean> {
  const cases = Object.entries(itemVisibilityRules).map(([type, rule]) => sql`when e.item_type = ${type} then ${rule}`);
  return sql<boolean>`(case ${sql.join(cases, sql` `)} else true end)`;
}
