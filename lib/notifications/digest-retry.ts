import 'server-only';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { isAdmin } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import type { RequestMeta } from '@/lib/http/request-meta';
import { isUuid } from '@/lib/ids';

/**
 * Retrying a digest the provider refused for good (a 4xx: nothing was accepted, so nothing can
 * arrive twice). Admins, from the mail's page in the outbox, where the refusal's reason shows.
 * The digest goes back to "recorded, not yet packed": the next run of the digest job (every
 * 15 minutes) packs it into a batch with a new key and sends it — through the same exactly-once
 * path as every digest. Audited. A digest the provider may still accept (a 429/5xx that ran out of
 * attempts) is retried by every run on its own, with its own key, and needs nothing here.
 */
export type DigestRetryAbilities = { retry: boolean };

async function loadFailedDigest(db: Kysely<DB>, outboxId: string) {
  return db.selectFrom('notification_digest as d').innerJoin('mail_outbox as o', 'o.id', 'd.outbox_id')
    .select(['d.id', 'd.status', 'o.to_email', 'o.status as mail_status', 'o.error'])
    .where('d.outbox_id', '=', outboxId).where('o.template', '=', 'digest').executeTakeFirst();
}

export async function digestRetryAbilities(db: Kysely<DB>, viewer: Viewer | null, outboxId: string): Promise<DigestRetryAbilities> {
  if (!viewer || viewer.status !== 'active' || !isAdmin(viewer) || !isUuid(outboxId)) return { retry: false };
  const d = await loadFailedDigest(db, outboxId);
  return { retry: !!d && d.status === 'failed' && d.mail_status === 'failed' };
}

const retrySchema = z.object({ id: z.string({ error: 'errors.NOT_FOUND' }).refine(isUuid, { error: 'errors.NOT_FOUND' }) });

export async function retryDigestMail(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: { meta?: RequestMeta } = {}): Promise<{ id: string }> {
  if (!viewer) throw new AppError('UNAUTHENTICATED');
  if (!isAdmin(viewer) || viewer.status !== 'active') throw new AppError(viewer.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  const { id } = parseInput(retrySchema, raw);
  return db.transaction().execute(async (trx) => {
    const d = await loadFailedDigest(trx, id);
    if (!d) throw new AppError('NOT_FOUND');
    if (d.status !== 'failed' || d.mail_status !== 'failed') throw new AppError('CONFLICT', 'notifications.retry.notFailed');
    const back = await trx.updateTable('notification_digest').set({ status: 'pending', batch_key: null }).where('id', '=', d.id).where('status', '=', 'failed').executeTakeFirst();
    if (Number(back.numUpdatedRows) === 0) throw new AppError('CONFLICT', 'notifications.retry.notFailed');
    await trx.updateTable('mail_outbox').set({ status: 'pending' }).where('id', '=', id).execute();
    await recordAudit(trx, { actor: viewer, action: 'mail.retry', target: { type: 'mail', id, label: d.to_email }, details: { template: 'digest', error: d.error }, meta: opts.meta });
    return { id };
  });
}
