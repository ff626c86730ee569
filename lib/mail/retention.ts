import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';

export type RetentionResult = { purged: number; batches: number; liveLinksRemoved: number };

/**
 * Outbox retention (the daily job `mail.outbox-retention`): rendered bodies older than `days` are
 * emptied — recipient, subject, template, status and times stay — set-based, in batches so that
 * no single statement locks millions of rows, oldest first through the partial index
 * mail_outbox_bodies_idx (rows already emptied are not visited again). Expired live sign-in
 * links go too. Idempotent: a second run finds nothing to do.
 */
export async function purgeOutboxBodies(db: Kysely<DB>, opts: { days: number; now?: Date; batchSize?: number }): Promise<RetentionResult> {
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - opts.days * 24 * 3600_000);
  const batchSize = opts.batchSize ?? 5000;
  let purged = 0;
  let batches = 0;
  for (;;) {
    const r = await sql`
      update mail_outbox m set html = null, text = null, bodies_purged_at = ${now}
      where m.id in (
        select id from mail_outbox
        where bodies_purged_at is null and created_at < ${cutoff}
        order by created_at
        limit ${batchSize}
        for update skip locked)`.execute(db);
    const n = Number(r.numAffectedRows ?? 0);
    purged += n;
    if (n > 0) batches += 1;
    if (n < batchSize) break;
  }
  const links = await db.deleteFrom('mail_outbox_live_link').where('expires_at', '<=', now).executeTakeFirst();
  return { purged, batches, liveLinksRemoved: Number(links.numDeletedRows) };
}
