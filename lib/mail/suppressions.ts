import 'server-only';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { canViewOutbox, isAdmin } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import { requiredText } from '@/lib/forms/schema';
import type { RequestMeta } from '@/lib/http/request-meta';

/**
 * Addresses the provider reported as hard-bounced or complaining (lib/mail/webhooks.ts): digests
 * skip them. Admins read the list (the same people who read the outbox), newest first, paged by
 * keyset on (created_at, email), with when and why each was suppressed; an admin may lift a
 * suppression (the mailbox was fixed, the complaint was a mistake) giving a reason — audited with
 * what was lifted. A later bounce or complaint suppresses the address again.
 */
export type SuppressionAbilities = { lift: boolean };

export function suppressionAbilities(viewer: Viewer | null): SuppressionAbilities {
  return { lift: !!viewer && viewer.status === 'active' && isAdmin(viewer) };
}
export const SUPPRESSION_PAGE_SIZE = 50;

export type SuppressionRow = { email: string; reason: 'bounced' | 'complained'; detail: string | null; mailId: string | null; createdAt: Date; personName: string | null };

export async function listSuppressions(db: Kysely<DB>, viewer: Viewer | null, opts: { before?: string } = {}) {
  if (!viewer) throw new AppError('UNAUTHENTICATED');
  if (!canViewOutbox(viewer)) throw new AppError(viewer.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  const cursor = decode(opts.before ?? '');
  const rows = await db.selectFrom('mail_suppression as s').leftJoin('person as p', (j) => j.on(sql`lower(p.email)`, '=', sql.ref('s.email')))
    .select(['s.email', 's.reason', 's.detail', 's.outbox_id', 's.created_at', 'p.name'])
    .select(sql<string>`(extract(epoch from s.created_at) * 1000000)::bigint::text`.as('us'))
    .$if(cursor !== null, (q) => q.where(sql`(s.created_at, s.email)`, '<', sql`(timestamptz 'epoch' + ${cursor!.us}::bigint * interval '1 microsecond', ${cursor!.email})`))
    .orderBy('s.created_at', 'desc').orderBy('s.email', 'desc').limit(SUPPRESSION_PAGE_SIZE + 1).execute();
  const page = rows.slice(0, SUPPRESSION_PAGE_SIZE);
  const last = page.at(-1);
  return {
    can: suppressionAbilities(viewer),
    rows: page.map((r): SuppressionRow => ({ email: r.email, reason: r.reason, detail: r.detail, mailId: r.outbox_id, createdAt: r.created_at, personName: r.name })),
    older: rows.length > SUPPRESSION_PAGE_SIZE && last ? Buffer.from(`${last.us}.${last.email}`).toString('base64url') : null,
  };
}

function decode(s: string): { us: string; email: string } | null {
  if (!s || s.length > 600) return null;
  const raw = Buffer.from(s, 'base64url').toString();
  const i = raw.indexOf('.');
  const us = raw.slice(0, i);
  const email = raw.slice(i + 1);
  return i > 0 && /^\d{1,20}$/.test(us) && email.length > 0 && email.length <= 320 ? { us, email } : null;
}

export const liftSuppressionSchema = z.object({
  email: z.string({ error: 'errors.NOT_FOUND' }).trim().toLowerCase().min(3, { error: 'errors.NOT_FOUND' }).max(320, { error: 'errors.NOT_FOUND' }),
  reason: requiredText(500),
});

/** Lifts the suppression of an address (admins; the same function the page's `can.lift` comes from). */
export async function liftSuppression(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: { meta?: RequestMeta } = {}): Promise<{ email: string }> {
  if (!viewer) throw new AppError('UNAUTHENTICATED');
  if (!suppressionAbilities(viewer).lift) throw new AppError(viewer.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  const input = parseInput(liftSuppressionSchema, raw);
  return db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('mail_suppression').where('email', '=', input.email).returning(['email', 'reason', 'detail', 'created_at']).executeTakeFirst();
    // Already lifted (by someone else, or the form sent twice): nothing to do, say so.
    if (!gone) throw new AppError('NOT_FOUND', 'notifications.suppressions.alreadyLifted');
    await recordAudit(trx, {
      actor: viewer, action: 'mail.suppression_lifted', target: { type: 'email', label: gone.email },
      details: { reason: input.reason, suppressedFor: gone.reason, detail: gone.detail, suppressedAt: gone.created_at.toISOString() }, meta: opts.meta,
    });
    return { email: gone.email };
  });
}
