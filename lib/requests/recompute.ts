import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { loadDefaultCalendar } from './calendar-store';
import { nextAlertAt, slaSchedule, type AlertKind } from './sla';

const BATCH = 1000;
/** A claim older than this is taken to belong to a worker that died. */
const STALE_CLAIM_MS = 15 * 60_000;

/**
 * Marks that stored due times may be stale (the calendar or a policy changed). Called inside the
 * change's own transaction: the mark commits with the change, and the `requests.recompute-due`
 * job (every minute) picks it up. Many changes in a row coalesce into one run.
 */
export async function requestDueRecompute(trx: Kysely<DB> | Transaction<DB>, now = new Date()): Promise<void> {
  await trx.updateTable('request_setting').set({ due_recompute_requested_at: now }).execute();
}

/**
 * Recomputes the due times and the next alert instant of every open request (new, open, waiting)
 * from its stored clock state and the current calendar. Keyset pages of 1,000 over the partial
 * index `request_open_idx`; one UPDATE … FROM unnest(…) per page writes only the rows that change.
 * Idempotent: the result depends on stored state alone, so a retried or concurrent run writes the
 * same values (or nothing). Returns what it looked at and changed.
 */
export async function recomputeOpenDueTimes(db: Kysely<DB>): Promise<{ checked: number; changed: number }> {
  const cal = await loadDefaultCalendar(db);
  let after = '00000000-0000-0000-0000-000000000000';
  let checked = 0;
  let changed = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('request')
        .select(['id', 'status', 'created_at', 'first_target_min', 'first_response_at', 'resolve_target_min', 'resolve_consumed_min', 'resolve_running_since'])
        .where('status', 'in', ['new', 'open', 'waiting']).where('id', '>', after)
        .orderBy('id').limit(BATCH).forUpdate().execute();
      if (rows.length === 0) return 0;
      after = rows[rows.length - 1].id;
      const sentRows = await trx.selectFrom('request_sla_alert').select(['request_id', 'kind']).where('request_id', 'in', rows.map((r) => r.id)).execute();
      const sent = new Map<string, Set<AlertKind>>();
      for (const s of sentRows) (sent.get(s.request_id) ?? sent.set(s.request_id, new Set()).get(s.request_id)!).add(s.kind);
      const ids: string[] = [];
      const first: (string | null)[] = [];
      const resolve: (string | null)[] = [];
      const next: (string | null)[] = [];
      for (const r of rows) {
        const sch = slaSchedule({ createdAt: r.created_at, status: r.status, firstTargetMin: r.first_target_min, firstResponseAt: r.first_response_at, resolveTargetMin: r.resolve_target_min, resolveConsumedMin: r.resolve_consumed_min, resolveRunningSince: r.resolve_running_since }, cal);
        ids.push(r.id);
        first.push(sch.firstDueAt?.toISOString() ?? null);
        resolve.push(sch.resolveDueAt?.toISOString() ?? null);
        next.push(nextAlertAt(sch, sent.get(r.id) ?? new Set())?.toISOString() ?? null);
      }
      const res = await sql`
        update request r set first_due_at = v.first_due, resolve_due_at = v.resolve_due, sla_next_at = v.next_at
        from unnest(${ids}::uuid[], ${first}::timestamptz[], ${resolve}::timestamptz[], ${next}::timestamptz[]) as v(id, first_due, resolve_due, next_at)
        where r.id = v.id and (r.first_due_at, r.resolve_due_at, r.sla_next_at) is distinct from (v.first_due, v.resolve_due, v.next_at)`.execute(trx);
      changed += Number(res.numAffectedRows ?? 0);
      return rows.length;
    });
    checked += n;
    if (n < BATCH) return { checked, changed };
  }
}

/**
 * The job: when a recompute was asked for since the last one finished, claim it (one worker at a
 * time; a claim older than 15 minutes is taken over), recompute, and record the instant the claim
 * started as done — a change that arrived during the run is picked up by the next one.
 */
export async function runDueRecomputeIfRequested(db: Kysely<DB>, opts: { now?: Date } = {}): Promise<{ ran: boolean; checked: number; changed: number }> {
  const now = opts.now ?? new Date();
  const claim = await db.updateTable('request_setting')
    .set({ due_recompute_started_at: now })
    .where('due_recompute_requested_at', 'is not', null)
    .where((eb) => eb.or([eb('due_recomputed_at', 'is', null), eb('due_recomputed_at', '<', eb.ref('due_recompute_requested_at'))]))
    .where((eb) => eb.or([eb('due_recompute_started_at', 'is', null), eb('due_recompute_started_at', '<', new Date(now.getTime() - STALE_CLAIM_MS))]))
    .returning('due_recompute_requested_at').executeTakeFirst();
  if (!claim) return { ran: false, checked: 0, changed: 0 };
  // Done as of the request seen when claiming: a later request (requested_at > this) runs again.
  const r = await recomputeOpenDueTimes(db);
  await db.updateTable('request_setting').set({ due_recomputed_at: claim.due_recompute_requested_at, due_recompute_started_at: null }).execute();
  return { ran: true, ...r };
}
