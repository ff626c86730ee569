import 'server-only';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { audienceMembersSql } from '@/lib/audience/queries';
import type { MessageKey, MessageParams } from '@/lib/i18n/catalog';
import { enqueue } from '@/lib/jobs/queue';
import type { MailName, MailProps } from '@/lib/mail/registry';
import type { NotificationKind } from './kinds';

type Db = Kysely<DB> | Transaction<DB>;

/** Who an event is for: named people, a stored audience, or any SQL selecting `person_id`. */
export type Recipients = { personIds: readonly string[] } | { audienceId: string } | { sql: RawBuilder<{ person_id: string }> };

/** An immediate mail for each recipient (in their language), sent once each by the deliver job. */
export type EventMail = { [N in MailName]: { template: N; props: MailProps<N> } }[MailName];

export type NotificationEvent = {
  kind: NotificationKind;
  recipients: Recipients;
  /** The item it is about: the centre links to it and hides it when the person can no longer see it. */
  item: { type: string; id: string; title: string };
  /** Where the notification leads, a path inside Plaza (e.g. `/tasks/…`). */
  link: string;
  /** The line shown in the centre: a catalog key of the area (e.g. tasks.notifications.assigned) and its params. */
  message: { key: MessageKey; params?: MessageParams };
  actorId?: string | null;
  /** Urgent items always mail at once and cannot be turned off. */
  urgent?: boolean;
  /** Mail to send now (subject to each person's preferences unless urgent). */
  mail?: EventMail;
  /**
   * Makes the event happen once: a retried job or a second click with the same key adds nothing
   * (e.g. `task.assigned:<taskId>:<ownerId>`, `order.delay:<noticeId>`).
   */
  dedupeKey: string;
};

export type EnqueueDeliver = (trx: Db, eventId: number) => Promise<void>;

/** pg-boss, inside the caller's transaction: the mail job exists only if the change committed. */
export const enqueueDeliverJob: EnqueueDeliver = async (trx, eventId) => {
  await enqueue('notifications.deliver', { eventId }, { db: trx, singletonKey: `notifications.deliver:${eventId}` });
};

function recipientsSql(r: Recipients): RawBuilder<{ person_id: string }> {
  if ('sql' in r) return r.sql;
  if ('audienceId' in r) return audienceMembersSql(r.audienceId);
  return sql<{ person_id: string }>`select unnest(${[...r.personIds]}::uuid[]) as person_id`;
}

/** The notification_event row of an event (notify and notifyMany write the same). */
function eventRow(e: Omit<NotificationEvent, 'recipients'>) {
  return {
    kind: e.kind,
    item_type: e.item.type,
    item_id: e.item.id,
    title: e.item.title.slice(0, 500),
    message_key: e.message.key,
    params: JSON.stringify(e.message.params ?? {}),
    link: e.link,
    urgent: e.urgent ?? false,
    actor_id: e.actorId ?? null,
    mail_template: e.mail?.template ?? null,
    mail_props: e.mail ? JSON.stringify(e.mail.props) : null,
    dedupe_key: e.dedupeKey,
  };
}

/**
 * The one front door for every area's events: records the event once (by dedupeKey) and one
 * notification per active recipient (set-based, `insert … select`), and queues the mail job when
 * the event carries a mail. Call inside the transaction of the change that causes it. Returns the
 * event id and how many people it newly reached.
 */
export async function notify(trx: Db, e: NotificationEvent, enqueueDeliver: EnqueueDeliver = enqueueDeliverJob): Promise<{ eventId: number; added: number }> {
  const inserted = await trx
    .insertInto('notification_event')
    .values(eventRow(e))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  const eventId = inserted?.id ?? (await trx.selectFrom('notification_event').select('id').where('dedupe_key', '=', e.dedupeKey).executeTakeFirstOrThrow()).id;
  // Active people only; members of a suspended partner organisation get nothing.
  const added = await sql`
    insert into notification (event_id, person_id)
    select ${eventId}::bigint, p.id
    from (${recipientsSql(e.recipients)}) r
    join person p on p.id = r.person_id
    left join partner_org o on o.id = p.partner_org_id
    where p.status = 'active' and (p.partner_org_id is null or o.status = 'active')
    on conflict (event_id, person_id) do nothing`.execute(trx);
  const n = Number(added.numAffectedRows ?? 0);
  if (e.mail && n > 0) await enqueueDeliver(trx, Number(eventId));
  return { eventId: Number(eventId), added: n };
}

/** One event of a batch (notifyMany): its recipients come from the batch's one recipients query, by dedupeKey. */
export type BatchedNotificationEvent = Omit<NotificationEvent, 'recipients'>;

/**
 * notify() for many events at once, set-based — for jobs that raise hundreds of events in one run
 * (the SLA scan of lib/requests): one insert of the events (each once, by dedupeKey), one insert
 * of every notification, whatever the number of events. `recipients` selects
 * (dedupe_key, person_id) pairs for all of them. Same rules as notify(): active people only,
 * nothing for members of a suspended partner organisation, a retried batch adds nothing, the
 * mail job is queued for each event with a mail that newly reached someone.
 */
export async function notifyMany(
  trx: Db,
  events: readonly BatchedNotificationEvent[],
  recipients: RawBuilder<{ dedupe_key: string; person_id: string }>,
  enqueueDeliver: EnqueueDeliver = enqueueDeliverJob,
): Promise<{ events: number; added: number }> {
  if (events.length === 0) return { events: 0, added: 0 };
  await trx
    .insertInto('notification_event')
    .values(events.map(eventRow))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
  const keys = events.map((e) => e.dedupeKey);
  const { rows } = await sql<{ event_id: string; mailed: boolean }>`
    insert into notification (event_id, person_id)
    select ev.id, p.id
    from (${recipients}) r
    join notification_event ev on ev.dedupe_key = r.dedupe_key and ev.dedupe_key = any(${keys}::text[])
    join person p on p.id = r.person_id
    left join partner_org o on o.id = p.partner_org_id
    where p.status = 'active' and (p.partner_org_id is null or o.status = 'active')
    on conflict (event_id, person_id) do nothing
    returning event_id, (select ev2.mail_template is not null from notification_event ev2 where ev2.id = event_id) as mailed`.execute(trx);
  for (const id of new Set(rows.filter((r) => r.mailed).map((r) => Number(r.event_id)))) await enqueueDeliver(trx, id);
  return { events: events.length, added: rows.length };
}
