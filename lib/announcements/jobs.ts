import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { mayReceiveMailSql } from '@/lib/mail/recipients';
import { sendMail, type SentMail } from '@/lib/mail/send';
import { markdownToText } from '@/lib/markdown/render';
import { renotifyDueEmergencies } from '@/lib/emergency/mutations';
import { mailNowFilter, wantsMailNow, whoWantsMailNow } from '@/lib/notifications/preferences';
import { defaultDeps, type Deps } from './deps';
import type { AnnouncementJobPayloads } from './job-names';
import { outstandingCondition, publishNow } from './mutations';

/**
 * Job handlers. System-level (no viewer): they act on what a checked change queued. Each is
 * idempotent: mails carry keys like `announcement:<id>:<person>:<purpose>:<tag>`, so a retried
 * job finds them already sent and sends nothing twice.
 */
const BATCH = 500;
const PARALLEL = 20;
/** Escalation, second step: this long after the reminder at the reach deadline, heads get lists. */
export const ESCALATION_HEADS_AFTER_MS = 24 * 3600_000;

type Recipient = { person_id: string; email: string; locale: string | null };

async function inParallel<T>(items: T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let failure: unknown;
  for (let i = 0; i < items.length; i += n) {
    const results = await Promise.allSettled(items.slice(i, i + n).map(work));
    for (const r of results) if (r.status === 'rejected') failure ??= r.reason;
  }
  if (failure) throw failure; // the job is retried; what was sent stays sent
}

export async function deliverAnnouncement(db: Kysely<DB>, data: AnnouncementJobPayloads['announcements.deliver'], deps: Deps = defaultDeps): Promise<{ sent: number }> {
  const a = await db
    .selectFrom('announcement as a')
    .leftJoin('org_unit as u', 'u.id', 'a.origin_unit_id')
    .leftJoin('emergency_activation as ea', 'ea.announcement_id', 'a.id')
    .leftJoin('emergency_plan as ep', 'ep.id', 'ea.plan_id')
    .select(['a.id', 'a.status', 'a.urgency', 'a.title', 'a.body_md', 'a.title_en', 'a.body_md_en', 'a.ack_required', 'u.name as unit_name', 'u.name_en as unit_name_en',
      'ea.id as activation_id', 'ea.status as activation_status', 'ea.details', 'ea.renotify_count', 'ep.name as plan_name'])
    .where('a.id', '=', data.announcementId)
    .executeTakeFirst();
  if (!a || a.status !== 'published') return { sent: 0 };
  if (data.purpose === 'renotify' && a.activation_status !== 'active') return { sent: 0 };
  const excerpt = markdownToText(a.body_md).slice(0, 600);
  const excerptEn = a.body_md_en ? markdownToText(a.body_md_en).slice(0, 600) : null;
  const onlyOutstanding = data.purpose !== 'publish';
  // Each person's notification preferences (urgent items and emergencies always mail).
  const wantsMail = a.activation_id ? sql<boolean>`true` : mailNowFilter(a.ack_required ? 'announcement.ack_requested' : 'announcement.published', a.urgency === 'urgent');
  let after = '00000000-0000-0000-0000-000000000000';
  let sent = 0;
  for (;;) {
    const { rows } = await sql<Recipient>`
      select r.person_id, p.email, p.locale from announcement_recipient r
      join announcement a on a.id = r.announcement_id
      join person p on p.id = r.person_id
      where r.announcement_id = ${a.id} and r.person_id > ${after}::uuid
        and ${onlyOutstanding ? outstandingCondition : sql`r.mailed_at is null`}
        and ${mayReceiveMailSql(sql.ref('r.person_id'))} and ${wantsMail}
      order by r.person_id limit ${BATCH}`.execute(db);
    if (rows.length === 0) break;
    after = rows[rows.length - 1].person_id;
    const done: string[] = [];
    await inParallel(rows, PARALLEL, async (r) => {
      const key = `announcement:${a.id}:${r.person_id}:${data.purpose}:${data.tag}`;
      const to = { email: r.email, personId: r.person_id, locale: r.locale };
      let mail: SentMail;
      if (a.activation_id && (data.purpose === 'publish' || data.purpose === 'renotify')) {
        mail = await sendMail(db, {
          to, idempotencyKey: key, template: 'emergency-alert',
          props: { announcementId: a.id, planName: a.plan_name ?? '', title: a.title, unitName: a.unit_name, unitNameEn: a.unit_name_en, details: a.details ?? '', round: data.purpose === 'renotify' ? (a.renotify_count ?? 1) : 0 },
        }, deps.transport);
      } else {
        mail = await sendMail(db, {
          to, idempotencyKey: key, template: 'announcement-published',
          props: {
            purpose: data.purpose, announcementId: a.id, urgency: a.urgency, title: a.title, titleEn: a.title_en, unitName: a.unit_name, unitNameEn: a.unit_name_en,
            excerpt, excerptEn, ackRequired: a.ack_required,
          },
        }, deps.transport);
      }
      if (mail.status === 'suppressed') return; // suspended or deactivated since the query
      done.push(r.person_id);
      sent += 1;
    }).finally(async () => {
      if (done.length === 0) return;
      const column = data.purpose === 'publish' ? 'mailed_at' : 'reminded_at';
      await db.updateTable('announcement_recipient').set({ [column]: new Date() }).where('announcement_id', '=', a.id).where('person_id', 'in', done).execute();
    });
    if (rows.length < BATCH) break;
  }
  return { sent };
}

/** Escalation, second step: each outstanding person's nearest active head gets a list. */
export async function notifyHeads(db: Kysely<DB>, data: AnnouncementJobPayloads['announcements.notify-heads'], deps: Deps = defaultDeps): Promise<{ heads: number }> {
  const a = await db
    .selectFrom('announcement as a')
    .leftJoin('org_unit as u', 'u.id', 'a.origin_unit_id')
    .select(['a.id', 'a.status', 'a.urgency', 'a.title', 'u.name as unit_name', 'u.name_en as unit_name_en'])
    .where('a.id', '=', data.announcementId)
    .executeTakeFirst();
  if (!a || a.status !== 'published') return { heads: 0 };
  const { rows } = await sql<{ head_id: string; head_email: string; head_locale: string | null; name: string; name_en: string | null; unit: string | null; unit_en: string | null }>`
    with outstanding as (
      select r.person_id, r.unit_id from announcement_recipient r join announcement a on a.id = r.announcement_id
      where r.announcement_id = ${a.id} and r.unit_id is not null and ${outstandingCondition}
    ), responsible as (
      select distinct on (o.person_id) o.person_id, c.ancestor_id as head_unit
      from outstanding o join org_unit_closure c on c.descendant_id = o.unit_id
      where exists (select 1 from unit_head uh join person hp on hp.id = uh.person_id
                    where uh.unit_id = c.ancestor_id and hp.status = 'active' and uh.person_id <> o.person_id)
      order by o.person_id, c.depth asc
    )
    select hp.id as head_id, hp.email as head_email, hp.locale as head_locale, p.name, p.name_en, u.name as unit, u.name_en as unit_en
    from responsible x
    join unit_head uh on uh.unit_id = x.head_unit
    join person hp on hp.id = uh.person_id and hp.status = 'active' and hp.id <> x.person_id
    join person p on p.id = x.person_id
    left join org_unit u on u.id = p.unit_id
    order by hp.id, u.name, p.name`.execute(db);
  const byHead = new Map<string, typeof rows>();
  for (const r of rows) byHead.set(r.head_id, [...(byHead.get(r.head_id) ?? []), r]);
  await inParallel([...byHead.values()], PARALLEL, async (list) => {
    const h = list[0];
    await sendMail(db, {
      to: { email: h.head_email, personId: h.head_id, locale: h.head_locale },
      idempotencyKey: `announcement:${a.id}:${h.head_id}:heads:${data.tag}`,
      template: 'announcement-escalation',
      props: {
        announcementId: a.id, urgency: a.urgency, title: a.title, unitName: a.unit_name, unitNameEn: a.unit_name_en, total: list.length,
        people: list.slice(0, 200).map((x) => ({ name: x.name, nameEn: x.name_en, unit: x.unit, unitEn: x.unit_en })),
      },
    }, deps.transport);
  });
  return { heads: byHead.size };
}

export async function sendApprovalMail(db: Kysely<DB>, data: AnnouncementJobPayloads['announcements.approval-mail'], deps: Deps = defaultDeps): Promise<void> {
  const ap = await db
    .selectFrom('announcement_approval as ap')
    .innerJoin('announcement as a', 'a.id', 'ap.announcement_id')
    .innerJoin('person as au', 'au.id', 'ap.author_id')
    .leftJoin('org_unit as u', 'u.id', 'ap.origin_unit_id')
    .select(['ap.id', 'ap.status', 'ap.approver_unit_id', 'ap.reason', 'ap.summary', 'ap.subject', 'ap.urgency', 'ap.author_id', 'a.id as announcement_id',
      'au.name as author_name', 'au.email as author_email', 'au.locale as author_locale', 'u.name as unit_name', 'u.name_en as unit_name_en'])
    .where('ap.id', '=', data.approvalId)
    .executeTakeFirst();
  if (!ap) return;
  const base = { announcementId: ap.announcement_id, urgency: ap.urgency, title: ap.subject, unitName: ap.unit_name, unitNameEn: ap.unit_name_en, authorName: ap.author_name, summary: ap.summary, reason: ap.reason };
  if (data.what === 'decided') {
    if (ap.status !== 'approved' && ap.status !== 'rejected') return;
    if (!(await wantsMailNow(db, ap.author_id, 'announcement.approval_decided'))) return;
    await sendMail(db, { to: { email: ap.author_email, personId: ap.author_id, locale: ap.author_locale }, idempotencyKey: `approval:${ap.id}:decided`, template: 'announcement-approval', props: { ...base, what: ap.status } }, deps.transport);
    return;
  }
  if (ap.status !== 'pending') return;
  const approvers = ap.approver_unit_id
    ? await db.selectFrom('unit_head as uh').innerJoin('person as p', 'p.id', 'uh.person_id')
      .select(['p.id', 'p.email', 'p.locale']).where('uh.unit_id', '=', ap.approver_unit_id).where('p.status', '=', 'active').where('p.id', '<>', ap.author_id).execute()
    : await db.selectFrom('person_role as pr').innerJoin('person as p', 'p.id', 'pr.person_id')
      .select(['p.id', 'p.email', 'p.locale']).where('pr.role', '=', 'comms_officer').where('p.status', '=', 'active').where('p.id', '<>', ap.author_id).execute();
  const wanted = new Set(await whoWantsMailNow(db, approvers.map((p) => p.id), 'announcement.approval_needed'));
  await inParallel(approvers.filter((p) => wanted.has(p.id)), PARALLEL, async (p) => {
    await sendMail(db, { to: { email: p.email, personId: p.id, locale: p.locale }, idempotencyKey: `approval:${ap.id}:${p.id}:request`, template: 'announcement-approval', props: { ...base, what: 'request' } }, deps.transport);
  });
}

/** Publishes scheduled items that are due. Each in its own transaction; concurrent workers skip locked rows. */
export async function publishDue(db: Kysely<DB>, deps: Deps = defaultDeps): Promise<number> {
  const now = deps.now?.() ?? new Date();
  let n = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const due = await trx.selectFrom('announcement').select('id').where('status', '=', 'scheduled').where('publish_at', '<=', now)
        .orderBy('publish_at').limit(1).forUpdate().skipLocked().executeTakeFirst();
      if (!due) return false;
      await publishNow(trx, due.id, now, deps);
      return true;
    });
    if (!done) return n;
    n += 1;
  }
}

/**
 * Escalation when the target reach is missed: at the reach deadline the outstanding people are
 * reminded (step 1); ESCALATION_HEADS_AFTER_MS later, if still short, their heads get lists
 * (step 2). A target met at either point ends it (step 3). Every step is an event on the item.
 */
export async function escalate(db: Kysely<DB>, deps: Deps = defaultDeps): Promise<{ reminded: number; headsNotified: number; met: number }> {
  const now = deps.now?.() ?? new Date();
  const headsBefore = new Date(now.getTime() - ESCALATION_HEADS_AFTER_MS);
  const out = { reminded: 0, headsNotified: 0, met: 0 };
  for (;;) {
    const step = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string; escalation_step: number; target_reach: number; size: number; reached: number }>`
        select a.id, a.escalation_step, a.target_reach,
          (select count(*)::int from announcement_recipient r where r.announcement_id = a.id) as size,
          (select count(*)::int from announcement_recipient r where r.announcement_id = a.id and not ${outstandingCondition}) as reached
        from announcement a
        where a.status = 'published' and a.reach_deadline is not null and a.reach_deadline <= ${now}
          and (a.escalation_step = 0 or (a.escalation_step = 1 and a.escalated_at <= ${headsBefore}))
        order by a.reach_deadline limit 1 for update skip locked`.execute(trx);
      const a = rows[0];
      if (!a) return null;
      const reach = a.size === 0 ? 1 : a.reached / a.size;
      const details = JSON.stringify({ reach, target: a.target_reach, outstanding: a.size - a.reached });
      if (reach >= a.target_reach) {
        await trx.updateTable('announcement').set({ escalation_step: 3, escalated_at: now }).where('id', '=', a.id).execute();
        await trx.insertInto('announcement_event').values({ announcement_id: a.id, kind: 'target_met', details, at: now }).execute();
        return 'met' as const;
      }
      if (a.escalation_step === 0) {
        await trx.updateTable('announcement').set({ escalation_step: 1, escalated_at: now }).where('id', '=', a.id).execute();
        await trx.insertInto('announcement_event').values({ announcement_id: a.id, kind: 'escalation_reminder', details, at: now }).execute();
        await deps.enqueue(trx, 'announcements.deliver', { announcementId: a.id, purpose: 'escalate', tag: 's1' });
        return 'reminded' as const;
      }
      await trx.updateTable('announcement').set({ escalation_step: 2, escalated_at: now }).where('id', '=', a.id).execute();
      await trx.insertInto('announcement_event').values({ announcement_id: a.id, kind: 'escalation_heads', details, at: now }).execute();
      await deps.enqueue(trx, 'announcements.notify-heads', { announcementId: a.id, tag: 's2' });
      return 'heads' as const;
    });
    if (!step) return out;
    if (step === 'met') out.met += 1;
    else if (step === 'reminded') out.reminded += 1;
    else out.headsNotified += 1;
  }
}

export async function sweep(db: Kysely<DB>, deps: Deps = defaultDeps) {
  const published = await publishDue(db, deps);
  const escalation = await escalate(db, deps);
  const renotified = await renotifyDueEmergencies(db, deps);
  return { published, ...escalation, renotified };
}
