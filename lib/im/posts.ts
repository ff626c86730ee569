import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { env } from '@/lib/env';
import { prepareRequest, providerSpecs, readAnswer, type PostResult } from './providers';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Posts to IM group robots. An urgent announcement or an emergency addressed to units posts to
 * those units' active channels (and their sub-units' when the audience includes sub-units);
 * addressed to everyone, to the company-wide channels (no unit). One im_post per channel and
 * item, written in the publishing transaction (unique per channel and key: never twice).
 * The `notifications.im` job (every minute) sends what is due, within each provider's rate limit
 * (DingTalk 20 a minute…): over the limit a post waits for the next minute; 429 / 5xx / network
 * errors / "too fast" codes are retried with growing delays; after MAX_ATTEMPTS, or on a refusal
 * (bad token, wrong signature), the post is failed with the provider's answer, shown to admins.
 */
export const IM_MAX_ATTEMPTS = 6;
const BATCH = 200;

export async function enqueueAnnouncementPosts(trx: Db, announcementId: string, opts: { emergencyPlan?: string } = {}): Promise<number> {
  const a = await trx.selectFrom('announcement').select(['id', 'title', 'urgency', 'body_md', 'audience_id']).where('id', '=', announcementId).executeTakeFirstOrThrow();
  if (a.urgency !== 'urgent' && opts.emergencyPlan === undefined) return 0;
  const base = env().AUTH_URL.replace(/\/$/, '');
  const title = opts.emergencyPlan !== undefined ? `【应急 Emergency】${opts.emergencyPlan}: ${a.title}` : `【紧急 Urgent】${a.title}`;
  const body = a.body_md.length > 600 ? `${a.body_md.slice(0, 600)}…` : a.body_md;
  const r = await sql`
    insert into im_post (channel_id, idempotency_key, title, body, link)
    select c.id, ${`announcement:${a.id}`}, ${title}, ${body}, ${`${base}/announcements/${a.id}`}
    from im_channel c
    where c.active and (
      (c.unit_id is null and exists (select 1 from audience_rule ar where ar.audience_id = ${a.audience_id}::uuid and ar.kind = 'everyone'))
      or c.unit_id in (
        select ar.unit_id from audience_rule ar where ar.audience_id = ${a.audience_id}::uuid and ar.kind = 'unit'
        union
        select cl.descendant_id from audience_rule ar join org_unit_closure cl on cl.ancestor_id = ar.unit_id
        where ar.audience_id = ${a.audience_id}::uuid and ar.kind = 'unit' and ar.include_sub_units
      ))
    on conflict (channel_id, idempotency_key) do nothing`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

export type Fetcher = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; redirect: 'error'; signal: AbortSignal }) => Promise<{ status: number; text(): Promise<string>; headers: { get(n: string): string | null } }>;

/** Sends the posts that are due. Idempotent: a post is sent only while pending, and marked in the same step. */
export async function deliverImPosts(db: Kysely<DB>, opts: { now?: Date; fetcher?: Fetcher } = {}): Promise<{ sent: number; failed: number; deferred: number }> {
  const now = opts.now ?? new Date();
  const fetcher: Fetcher = opts.fetcher ?? ((url, init) => fetch(url, init));
  const out = { sent: 0, failed: 0, deferred: 0 };
  const due = await db.selectFrom('im_post as x').innerJoin('im_channel as c', 'c.id', 'x.channel_id')
    .select(['x.id', 'x.channel_id', 'x.title', 'x.body', 'x.link', 'x.attempts', 'c.provider', 'c.webhook_url', 'c.secret', 'c.active'])
    .where('x.status', '=', 'pending').where('x.next_attempt_at', '<=', now)
    .orderBy('x.next_attempt_at').orderBy('x.id').limit(BATCH).execute();
  // Sent in the last minute, per channel (im_post_channel_sent_idx).
  const channelIds = [...new Set(due.map((d) => d.channel_id))];
  const recent = channelIds.length === 0 ? [] : await db.selectFrom('im_post').select(['channel_id', sql<number>`count(*)::int`.as('n')])
    .where('channel_id', 'in', channelIds).where('status', '=', 'sent').where('sent_at', '>', new Date(now.getTime() - 60_000)).groupBy('channel_id').execute();
  const used = new Map(recent.map((r) => [r.channel_id, r.n]));
  for (const p of due) {
    if (!p.active) {
      await db.updateTable('im_post').set({ status: 'failed', error: 'channel switched off' }).where('id', '=', p.id).where('status', '=', 'pending').execute();
      out.failed += 1;
      continue;
    }
    const n = used.get(p.channel_id) ?? 0;
    if (n >= providerSpecs[p.provider].perMinute) {
      await db.updateTable('im_post').set({ next_attempt_at: new Date(now.getTime() + 60_000) }).where('id', '=', p.id).execute();
      out.deferred += 1;
      continue;
    }
    let result: PostResult;
    try {
      const req = prepareRequest(p.provider, p.webhook_url, p.secret, { title: p.title, body: p.body, link: p.link }, now);
      const res = await fetcher(req.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: req.body, redirect: 'error', signal: AbortSignal.timeout(10_000) });
      result = readAnswer(p.provider, res.status, await res.text(), res.headers.get('retry-after'));
    } catch (e) {
      const msg = (e as Error).message ?? String(e);
      result = { ok: false, error: `${p.provider}: ${msg.slice(0, 200)}`, retryable: !msg.startsWith('refused'), retryAfterMs: null };
    }
    const attempts = p.attempts + 1;
    if (result.ok) {
      await db.updateTable('im_post').set({ status: 'sent', sent_at: now, attempts, error: null }).where('id', '=', p.id).where('status', '=', 'pending').execute();
      used.set(p.channel_id, n + 1);
      out.sent += 1;
    } else if (result.retryable && attempts < IM_MAX_ATTEMPTS) {
      const wait = result.retryAfterMs ?? Math.min(3_600_000, 30_000 * 2 ** (attempts - 1));
      await db.updateTable('im_post').set({ attempts, error: result.error, next_attempt_at: new Date(now.getTime() + wait) }).where('id', '=', p.id).execute();
      out.deferred += 1;
    } else {
      await db.updateTable('im_post').set({ status: 'failed', attempts, error: result.error }).where('id', '=', p.id).where('status', '=', 'pending').execute();
      out.failed += 1;
    }
  }
  return out;
}
