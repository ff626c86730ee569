import 'server-only';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '@/db/types';

/**
 * Who may receive mail from Plaza — written once, used by sendMail for every mail and by the
 * fan-out queries that pick recipients in bulk:
 * - an active employee;
 * - an active partner whose partner organisation is active. Suspending an organisation silences
 *   every mail to its people at once (reminders, re-acknowledgement, escalation, emergency
 *   re-notification, anything added later), as it ends their sessions.
 * An address that belongs to no person (none today) may be mailed.
 */
type Db = Kysely<DB> | Transaction<DB>;

/** SQL: the person with this id may receive mail. `personId` is a column reference or value. */
export function mayReceiveMailSql(personId: RawBuilder<unknown> | ReturnType<typeof sql.ref>): RawBuilder<boolean> {
  return sql<boolean>`exists (
    select 1 from person mp left join partner_org mpo on mpo.id = mp.partner_org_id
    where mp.id = ${personId} and mp.status = 'active' and (mp.kind = 'employee' or mpo.status = 'active'))`;
}

export type MailRecipientRef = { email: string; personId?: string | null };

/** Whether this recipient may be mailed (by person id when given, and by the address). */
export async function mayReceiveMail(db: Db, to: MailRecipientRef): Promise<boolean> {
  const people = await db
    .selectFrom('person as p')
    .leftJoin('partner_org as po', 'po.id', 'p.partner_org_id')
    .select(['p.id', 'p.kind', 'p.status', 'po.status as org_status'])
    .where((eb) => {
      const byEmail = eb(sql`lower(p.email)`, '=', to.email.trim().toLowerCase());
      return to.personId ? eb.or([eb('p.id', '=', to.personId), byEmail]) : byEmail;
    })
    .execute();
  return people.every((p) => p.status === 'active' && (p.kind === 'employee' || p.org_status === 'active'));
}
