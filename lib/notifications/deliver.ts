import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { sendMail } from '@/lib/mail/send';
import type { MailTransport } from '@/lib/mail/transport';
import { mailNowFilter } from './preferences';
import type { EventMail } from './producer';

const BATCH = 200;

/**
 * The `notifications.deliver` job: mails an event to each of its people who should get mail now,
 * in batches, once each — the mail's idempotency key is (event, person) and `mailed_at` marks
 * progress, so a retried or restarted job sends nothing twice and skips no one.
 */
export async function deliverNotificationMail(db: Kysely<DB>, data: { eventId: number }, transport?: MailTransport): Promise<number> {
  const ev = await db.selectFrom('notification_event').select(['id', 'kind', 'urgent', 'mail_template', 'mail_props']).where('id', '=', data.eventId).executeTakeFirst();
  if (!ev?.mail_template) return 0;
  const mail = { template: ev.mail_template, props: ev.mail_props } as EventMail;
  let sent = 0;
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ id: number; person_id: string; email: string; locale: string | null; mail_now: boolean }>`
      select n.id, n.person_id, p.email, p.locale, ${mailNowFilter(ev.kind, ev.urgent)} as mail_now
      from notification n
      join person p on p.id = n.person_id
      left join partner_org o on o.id = p.partner_org_id
      where n.event_id = ${ev.id} and n.mailed_at is null and n.id > ${after}
        and p.status = 'active' and (p.partner_org_id is null or o.status = 'active')
      order by n.id limit ${BATCH}`.execute(db);
    if (rows.length === 0) return sent;
    for (const r of rows) {
      if (r.mail_now) {
        await sendMail(db, { to: { email: r.email, personId: r.person_id, locale: r.locale }, ...mail, idempotencyKey: `notification:${ev.id}:${r.person_id}` }, transport);
        sent += 1;
      }
      await db.updateTable('notification').set({ mailed_at: new Date() }).where('id', '=', r.id).execute();
    }
    after = rows[rows.length - 1].id;
  }
}
