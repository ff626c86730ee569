import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { canViewOutbox } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';

/**
 * Addresses the provider reported as hard-bounced or complaining (lib/mail/webhooks.ts): digests
 * skip them. Admins read the list (the same people who read the outbox), newest first, paged by
 * keyset on (created_at, email).
 */
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
