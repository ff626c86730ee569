import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import type { Locale, Role, Viewer } from '@/lib/authz/viewer';
import { digestOneClickUrl, type DigestMailSection } from '@/emails/digest';
import { env } from '@/lib/env';
import { defaultLocale, isLocale } from '@/lib/i18n/config';
import { createDigestRenderer } from './digest-render';
import { digestSections } from './digest-sections';
import type { DigestSectionContent } from './digest-types';
import { configuredBatchTransport, sendBatchWithRetry, RESEND_BATCH_MAX, type BatchMail, type BatchTransport, type RetryPolicy } from './digest-send';
import { effectiveDigestSql, preferenceJoinsSql } from './role-defaults';
import { digestUnsubscribeToken } from './unsubscribe-token';

/**
 * The digest job. Every run (every 15 minutes):
 * 1. resumes batches a previous run left pending (built and recorded, not confirmed sent);
 * 2. finds the people due now — set-based: their delivery hour in their own time zone, their
 *    weekly day, weekends skipped if they wish, no digest yet for this period — in keyset chunks
 *    of 100;
 * 3. builds each chunk's digests with every section answering for the whole chunk at once;
 * 4. records, in ONE transaction per chunk, the outbox row (idempotency key `digest:<person>:<period>`)
 *    and the digest row (unique per person and period, `pending` without a batch) of each —
 *    nothing new → an `empty` row, no mail;
 * 5. packs the recorded digests into batches of exactly 100 (the last one of the run may be
 *    smaller): a batch key is written to its digests BEFORE sending, so ceil(mails / 100) calls
 *    whatever share of people had nothing new; sends each batch with its key, then marks it sent.
 * Killed anywhere, the next run neither rebuilds a recorded digest (the unique row) nor sends a
 * confirmed one; recorded but unpacked digests are packed by the next run; a batch whose sending
 * was not confirmed is sent again with the SAME key and the same mails, which the provider
 * (Resend keeps keys 24 h) answers without sending twice. So each person gets each period's
 * digest exactly once.
 */
export const DIGEST_BATCH = RESEND_BATCH_MAX;
export const DIGEST_ENTRIES_PER_SECTION = 5;
const DUE_PAGE = 5000;
const DONE = 'done';

type DueRow = {
  id: string; kind: 'employee' | 'partner'; email: string; name: string; name_en: string | null; locale: string | null; timezone: string;
  unit_id: string | null; partner_org_id: string | null; roles: string[]; heads: string[];
  frequency: 'daily' | 'weekly'; sections: string[] | null; period: string; local_date: string;
};

export type DigestRunOptions = {
  now?: Date;
  transport?: BatchTransport;
  batchSize?: number;
  retry?: Partial<RetryPolicy>;
  /** Called after each batch is recorded and sent (tests interrupt the run here). */
  afterBatch?: (info: { batchKey: string; mailed: number }) => Promise<void> | void;
  /** Called after a chunk of the due set is recorded, before it is packed (tests interrupt the run here). */
  afterRecord?: (info: { recorded: number }) => Promise<void> | void;
  /** Called after a batch is packed, before it is sent (tests interrupt the run here). */
  beforeSend?: (info: { batchKey: string }) => Promise<void> | void;
  /** Render identical digests once (default); off only to measure the worst case. */
  renderCache?: boolean;
  /** A pause after each batch sent, leaving the machine to the web app (env DIGEST_PAUSE_MS in the worker). */
  pauseMs?: number;
};

export type DigestRunResult = { considered: number; mailed: number; empty: number; batches: number; resumed: number; failed: number; renders: number };

/** Whom a digest is due for at `now`, after `after` (keyset), at most `limit`. */
export async function findDueBatch(db: Kysely<DB>, now: Date, after: string | null, limit: number): Promise<DueRow[]> {
  return dueQuery<DueRow>(db, now, { after, limit }, true);
}

/** The ids of who is due, a long page at a time (one scan per page instead of one per batch). */
async function findDueIds(db: Kysely<DB>, now: Date, after: string | null, limit: number): Promise<string[]> {
  return (await dueQuery<{ id: string }>(db, now, { after, limit }, false)).map((r) => r.id);
}

/** The rows of these people who are (still) due — every condition checked again. */
async function loadDue(db: Kysely<DB>, now: Date, ids: string[]): Promise<DueRow[]> {
  return dueQuery<DueRow>(db, now, { ids }, true);
}

async function dueQuery<R>(db: Kysely<DB>, now: Date, which: { after: string | null; limit: number } | { ids: string[] }, full: boolean): Promise<R[]> {
  const e = effectiveDigestSql;
  const range = 'ids' in which ? sql`p.id = any(${which.ids}::uuid[])` : which.after ? sql`p.id > ${which.after}::uuid` : sql`true`;
  const limit = 'ids' in which ? which.ids.length : which.limit;
  const columns = full ? sql`p.id, p.kind, p.email, p.name, p.name_en, p.locale, p.timezone, p.unit_id, p.partner_org_id,
      coalesce((select array_agg(pr.role) from person_role pr where pr.person_id = p.id), '{}') as roles,
      coalesce((select array_agg(uh.unit_id) from unit_head uh where uh.person_id = p.id), '{}') as heads,
      f.frequency, f.sections, f.period, to_char(l.local, 'YYYY-MM-DD') as local_date` : sql`p.id`;
  const { rows } = await sql<R>`
    select ${columns}
    from person p
    left join partner_org po on po.id = p.partner_org_id
    ${preferenceJoinsSql()}
    cross join lateral (select (${now}::timestamptz at time zone p.timezone) as local) l
    cross join lateral (
      select ${e.frequency} as frequency, ${e.hour} as hour, ${e.weekday} as weekday, ${e.skipWeekends} as skip_weekends, ${e.sections} as sections,
        case when ${e.frequency} = 'weekly' then to_char(l.local, 'IYYY-"W"IW') else to_char(l.local, 'YYYY-MM-DD') end as period
    ) f
    where p.status = 'active' and (p.kind = 'employee' or po.status = 'active')
      and ${range}
      and f.frequency <> 'off'
      and extract(hour from l.local) = f.hour
      and (not f.skip_weekends or extract(isodow from l.local) < 6)
      and (f.frequency = 'daily' or extract(isodow from l.local) = f.weekday)
      and not exists (select 1 from notification_digest d where d.person_id = p.id and d.period = f.period)
      and not exists (select 1 from mail_suppression s where s.email = lower(p.email)) -- hard bounce or complaint
    order by p.id
    limit ${limit}`.execute(db);
  return rows;
}

function viewerOf(r: DueRow): Viewer {
  return {
    id: r.id, kind: r.kind, email: r.email, name: r.name, nameEn: r.name_en, status: 'active',
    locale: isLocale(r.locale) ? (r.locale as Locale) : null, timezone: r.timezone, unitId: r.unit_id, partnerOrgId: r.partner_org_id,
    roles: r.roles as Role[], headOfUnitIds: r.kind === 'employee' ? r.heads : [],
  };
}

/** Every section's content for a batch, per person, in section order (people with nothing left out). */
export async function buildDigestContents(db: Kysely<DB>, rows: DueRow[], now: Date): Promise<Map<string, DigestMailSection[]>> {
  const out = new Map<string, DigestMailSection[]>();
  const sections = [...digestSections].sort((a, b) => a.order - b.order);
  for (const frequency of ['daily', 'weekly'] as const) {
    const group = rows.filter((r) => r.frequency === frequency);
    if (group.length === 0) continue;
    const since = new Date(now.getTime() - (frequency === 'weekly' ? 7 : 1) * 86_400_000);
    const viewers = group.map(viewerOf);
    const wanted = new Map(group.map((r) => [r.id, r.sections ? new Set(r.sections) : null]));
    for (const s of sections) {
      const m: Map<string, DigestSectionContent> = await s.loadBatch(db, viewers, { since, now, limit: DIGEST_ENTRIES_PER_SECTION });
      for (const [personId, c] of m) {
        const w = wanted.get(personId);
        if (w === undefined || (w && !w.has(s.key)) || c.entries.length === 0) continue;
        const list = out.get(personId) ?? [];
        list.push({
          key: s.key, heading: s.heading, total: c.total, moreHref: c.moreHref,
          entries: c.entries.map((x) => ({ title: x.title, href: x.href, urgent: x.urgent, ...(x.note ? { note: { key: x.note.key, params: x.note.params } } : {}) })),
        });
        out.set(personId, list);
      }
    }
  }
  return out;
}

/** Sends a recorded batch (still pending) and marks it sent. */
export async function deliverDigestBatch(db: Kysely<DB>, batchKey: string, transport: BatchTransport, retry?: Partial<RetryPolicy>): Promise<{ sent: number; failed: number }> {
  const rows = await db.selectFrom('notification_digest as d').innerJoin('mail_outbox as o', 'o.id', 'd.outbox_id')
    .select(['d.id', 'd.person_id', 'd.created_at', 'o.id as outbox_id', 'o.idempotency_key', 'o.to_email', 'o.subject', 'o.html', 'o.text'])
    .where('d.batch_key', '=', batchKey).where('d.status', '=', 'pending').orderBy('d.id').execute();
  if (rows.length === 0) return { sent: 0, failed: 0 };
  const e = env();
  const mails: BatchMail[] = rows.map((r) => ({
    from: e.MAIL_FROM, to: r.to_email, subject: r.subject, html: r.html ?? '', text: r.text ?? '', key: r.idempotency_key,
    headers: {
      // RFC 2369 + RFC 8058: mail clients offer one-click unsubscribe, a POST to this address.
      'List-Unsubscribe': `<${digestOneClickUrl(e.AUTH_URL, digestUnsubscribeToken(r.person_id, r.created_at))}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  }));
  const outcome = await sendBatchWithRetry(transport, mails, batchKey, retry);
  const now = new Date();
  if (outcome.ok) {
    await db.transaction().execute(async (trx) => {
      await sql`update mail_outbox o set status = 'sent', sent_at = ${now}, error = null, attempts = o.attempts + 1, transport = ${transport.name},
          provider_message_id = x.pid
        from unnest(${rows.map((r) => r.outbox_id)}::uuid[], ${outcome.ids}::text[]) as x(id, pid) where o.id = x.id`.execute(trx);
      await trx.updateTable('notification_digest').set({ status: 'sent', sent_at: now }).where('batch_key', '=', batchKey).where('status', '=', 'pending').execute();
    });
    return { sent: rows.length, failed: 0 };
  }
  // SMTP sends one by one: the mails that did go out are sent, whatever happened to the others.
  const went = rows.map((r, i) => ({ r, id: outcome.accepted?.[i] ?? null })).filter((x) => x.id !== null);
  const wentIds = new Set(went.map((x) => x.r.outbox_id));
  const failedRows = rows.filter((r) => !wentIds.has(r.outbox_id));
  await db.transaction().execute(async (trx) => {
    if (went.length > 0) {
      await sql`update mail_outbox o set status = 'sent', sent_at = ${now}, error = null, attempts = o.attempts + 1, transport = ${transport.name}, provider_message_id = x.pid
        from unnest(${went.map((x) => x.r.outbox_id)}::uuid[], ${went.map((x) => x.id)}::text[]) as x(id, pid) where o.id = x.id`.execute(trx);
      await trx.updateTable('notification_digest').set({ status: 'sent', sent_at: now }).where('id', 'in', went.map((x) => x.r.id)).where('status', '=', 'pending').execute();
    }
    if (failedRows.length === 0) return;
    await trx.updateTable('mail_outbox').set((eb) => ({ status: 'failed', error: outcome.error.slice(0, 1000), attempts: eb('attempts', '+', outcome.attempts) }))
      .where('id', 'in', failedRows.map((r) => r.outbox_id)).execute();
    // Retryable: stays pending, the next run sends it again with the same key.
    if (!outcome.retryable) await trx.updateTable('notification_digest').set({ status: 'failed' }).where('id', 'in', failedRows.map((r) => r.id)).where('status', '=', 'pending').execute();
  });
  return { sent: went.length, failed: failedRows.length };
}

/** How many recorded digests wait for a batch (built, not yet packed): a partial index answers it. */
async function unpackedCount(db: Kysely<DB>): Promise<number> {
  const r = await db.selectFrom('notification_digest').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'pending').where('batch_key', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Packs up to `size` recorded, unpacked digests into a batch: gives them one batch key in a
 * committed statement BEFORE anything is sent, so that a run killed from here on resends exactly
 * these mails under exactly this key. SKIP LOCKED: two workers never pack the same digest.
 */
async function packBatch(db: Kysely<DB>, size: number): Promise<{ batchKey: string; mails: number }> {
  const batchKey = `digest-batch:${randomUUID()}`;
  const r = await sql`update notification_digest set batch_key = ${batchKey}
    where id in (select id from notification_digest where status = 'pending' and batch_key is null order by id limit ${size} for update skip locked)`.execute(db);
  return { batchKey, mails: Number(r.numAffectedRows ?? 0) };
}

/** One run of the digest job (see above). */
export async function runDigests(db: Kysely<DB>, opts: DigestRunOptions = {}): Promise<DigestRunResult> {
  const now = opts.now ?? new Date();
  const transport = opts.transport ?? configuredBatchTransport();
  const size = Math.min(opts.batchSize ?? DIGEST_BATCH, RESEND_BATCH_MAX);
  const result: DigestRunResult = { considered: 0, mailed: 0, empty: 0, batches: 0, resumed: 0, failed: 0, renders: 0 };
  const renderer = createDigestRenderer({ cache: opts.renderCache });

  const pending = await db.selectFrom('notification_digest').select('batch_key').distinct().where('status', '=', 'pending').where('batch_key', 'is not', null).execute();
  for (const p of pending) {
    const r = await deliverDigestBatch(db, p.batch_key!, transport, opts.retry);
    result.resumed += r.sent;
    result.failed += r.failed;
  }

  // Who is due: a page of ids at a time (one scan per 5,000 people), then each batch's rows
  // loaded — and every condition checked again — by id.
  // Digests are recorded first and packed into batches of exactly `size` afterwards (people with
  // nothing new leave gaps in every chunk of the due set): ceil(mails / size) provider calls.
  let unpacked = await unpackedCount(db); // left by a run killed between recording and packing
  const sendPacked = async () => {
    const { batchKey, mails } = await packBatch(db, size);
    if (mails === 0) {
      unpacked = 0; // another worker took them
      return;
    }
    unpacked = Math.max(0, unpacked - mails);
    await opts.beforeSend?.({ batchKey });
    const sent = await deliverDigestBatch(db, batchKey, transport, opts.retry);
    result.mailed += sent.sent;
    result.failed += sent.failed;
    result.batches += 1;
    await opts.afterBatch?.({ batchKey, mailed: sent.sent });
    if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
  };
  let after: string | null = null;
  let ids: string[] = [];
  for (;;) {
    if (ids.length === 0) {
      if (after === DONE) break;
      const page = await findDueIds(db, now, after, DUE_PAGE);
      if (page.length === 0) break;
      after = page.length < DUE_PAGE ? DONE : page[page.length - 1];
      ids = page;
    }
    const due = await loadDue(db, now, ids.splice(0, size));
    if (due.length === 0) continue;
    result.considered += due.length;
    const contents = await buildDigestContents(db, due, now);
    const mails = await Promise.all(due.filter((r) => contents.has(r.id)).map(async (r) => {
      const sections = contents.get(r.id)!;
      const locale = isLocale(r.locale) ? r.locale : defaultLocale;
      const name = locale === 'en' && r.name_en ? r.name_en : r.name;
      const rendered = await renderer.renderDigest(locale, { name, frequency: r.frequency, date: r.local_date, sections, unsubscribeToken: digestUnsubscribeToken(r.id, now) });
      return { r, locale, rendered, items: sections.reduce((n, s) => n + s.total, 0) };
    }));
    await db.transaction().execute(async (trx) => {
      const outbox = mails.length === 0 ? [] : await trx.insertInto('mail_outbox')
        .values(mails.map((m) => ({
          idempotency_key: `digest:${m.r.id}:${m.r.period}`, to_email: m.r.email.trim().toLowerCase(), to_person_id: m.r.id, template: 'digest',
          locale: m.locale, subject: m.rendered.subject, html: m.rendered.html, text: m.rendered.text, transport: transport.name, created_at: now,
        })))
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning(['id', 'to_person_id'])
        .execute();
      const outboxOf = new Map(outbox.map((o) => [o.to_person_id, o.id]));
      const mailOf = new Map(mails.map((m) => [m.r.id, m]));
      const digestRows = due.map((r) => {
        const m = mailOf.get(r.id);
        const outboxId = outboxOf.get(r.id);
        return m && outboxId
          ? { person_id: r.id, period: r.period, frequency: r.frequency, status: 'pending' as const, items: m.items, batch_key: null, outbox_id: outboxId, created_at: now }
          : { person_id: r.id, period: r.period, frequency: r.frequency, status: 'empty' as const, items: 0, batch_key: null, outbox_id: null, created_at: now };
      });
      const ins = await trx.insertInto('notification_digest').values(digestRows).onConflict((oc) => oc.columns(['person_id', 'period']).doNothing()).returning('status').execute();
      unpacked += ins.filter((x) => x.status === 'pending').length;
    });
    result.empty += due.length - mails.length;
    await opts.afterRecord?.({ recorded: mails.length });
    // Only full batches while more people may follow; the rest once the due set is done.
    while (unpacked >= size) await sendPacked();
  }
  while (unpacked > 0) await sendPacked();
  result.renders = renderer.stats.renders;
  return result;
}
