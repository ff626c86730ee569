import 'server-only';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@/db/types';
import type { RequestMeta } from '@/lib/http/request-meta';
import type { AuditAction } from './actions';

export type AuditEntry = {
  actor: { id: string; email?: string | null } | null;
  action: AuditAction;
  target?: { type: string; id?: string | null; label?: string | null };
  details?: Record<string, unknown>;
  meta?: RequestMeta;
};

/** Appends one entry. Call inside the transaction of the change it records. */
export async function recordAudit(db: Kysely<DB> | Transaction<DB>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: e.actor?.id ?? null,
      actor_label: e.actor?.email ?? null,
      action: e.action,
      target_type: e.target?.type ?? null,
      target_id: e.target?.id ?? null,
      target_label: e.target?.label ?? null,
      ip: e.meta?.ip ?? null,
      user_agent: e.meta?.userAgent ?? null,
      details: JSON.stringify(e.details ?? {}),
    })
    .execute();
}
