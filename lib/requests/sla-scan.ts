import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { notifyMany, type EnqueueDeliver } from '@/lib/notifications/producer';
import { loadDefaultCalendar } from './calendar-store';
import { dueAlerts, nextAlertAt, slaSchedule, type AlertKind } from './sla';

const BATCH = 500;

/**
 * The SLA scan (job `requests.sla-scan`, every minute): finds requests whose next alert is due
 * through the partial index on request.sla_next_at, sends each alert once — the
 * (request_id, kind) primary key of request_sla_alert and the notification's dedupe key make a
 * retried or concurrent run add nothing — and moves sla_next_at to the next pending alert.
 * Set-based per batch of BATCH requests: one read of the due rows, one of their sent alerts, one
 * insert…select of every new alert, one insert of the events and one of their notifications
 * (notifyMany), one update of the next instants — a fixed number of statements, however many
 * alerts fall due.
 * At 80 % the assignee (or, unassigned, the unit) is warned; at breach the unit's heads are alerted.
 */
export async function scanRequestSla(db: Kysely<DB>, opts: { now?: Date; enqueueDeliver?: EnqueueDeliver; batch?: number } = {}): Promise<{ checked: number; alerts: number }> {
  const now = opts.now ?? new Date();
  const cal = await loadDefaultCalendar(db);
  const batch = opts.batch ?? BATCH;
  let checked = 0;
  let alerts = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('request')
        .select(['id', 'number', 'subject', 'unit_id', 'assignee_id', 'status', 'created_at', 'first_target_min', 'first_response_at', 'resolve_target_min', 'resolve_consumed_min', 'resolve_running_since'])
        .where('sla_next_at', '<=', now).orderBy('sla_next_at').limit(batch).forUpdate().skipLocked().execute();
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      const sentRows = await trx.selectFrom('request_sla_alert').select(['request_id', 'kind']).where('request_id', 'in', ids).execute();
      const sentOf = new Map<string, Set<AlertKind>>(ids.map((id) => [id, new Set<AlertKind>()]));
      for (const s of sentRows) sentOf.get(s.request_id)?.add(s.kind);
      const next: { ids: string[]; at: (string | null)[]; first: (string | null)[]; resolve: (string | null)[] } = { ids: [], at: [], first: [], resolve: [] };
      // What falls due, decided in memory for the whole batch (the calendar is JS).
      const due: { id: string; kind: AlertKind }[] = [];
      const claim: { id: string; kind: AlertKind }[] = [];
      for (const r of rows) {
        const sent = sentOf.get(r.id)!;
        const sch = slaSchedule({ createdAt: r.created_at, status: r.status, firstTargetMin: r.first_target_min, firstResponseAt: r.first_response_at, resolveTargetMin: r.resolve_target_min, resolveConsumedMin: r.resolve_consumed_min, resolveRunningSince: r.resolve_running_since }, cal);
        for (const kind of dueAlerts(sch, sent, now)) {
          due.push({ id: r.id, kind });
          // A breach found before its warning was sent makes the warning moot: record it as handled.
          const kinds: AlertKind[] = kind.endsWith('_breach') ? [kind, kind.replace('_breach', '_warning') as AlertKind] : [kind];
          for (const k of kinds) { if (!sent.has(k)) claim.push({ id: r.id, kind: k }); sent.add(k); }
        }
        next.ids.push(r.id);
        next.at.push(nextAlertAt(sch, sent)?.toISOString() ?? null);
        next.first.push(sch.firstDueAt?.toISOString() ?? null);
        next.resolve.push(sch.resolveDueAt?.toISOString() ?? null);
      }
      // One insert for every alert of the batch; the (request_id, kind) key is the idempotency key:
      // only the alerts this run inserted are told, so a retried or concurrent run tells nobody twice.
      const inserted = claim.length === 0 ? [] : (await sql<{ request_id: string; kind: AlertKind }>`
        insert into request_sla_alert (request_id, kind, sent_at)
        select * from unnest(${claim.map((c) => c.id)}::uuid[], ${claim.map((c) => c.kind)}::text[], array_fill(${now}::timestamptz, array[${claim.length}::int]))
        on conflict (request_id, kind) do nothing
        returning request_id, kind`.execute(trx)).rows;
      const fresh = new Set(inserted.map((i) => `${i.request_id}:${i.kind}`));
      const told = due.filter((d) => fresh.has(`${d.id}:${d.kind}`));
      if (told.length > 0) {
        const byId = new Map(rows.map((r) => [r.id, r]));
        const key = (d: { id: string; kind: AlertKind }) => `request.sla:${d.id}:${d.kind}`;
        // Recipients of the whole batch in one query: at 80 % the assignee (unassigned: the unit's
        // active members); at breach the heads nearest above the handling unit.
        const recipients = sql<{ dedupe_key: string; person_id: string }>`
          select a.dedupe_key, x.person_id
          from unnest(${told.map(key)}::text[], ${told.map((d) => byId.get(d.id)!.unit_id)}::uuid[], ${told.map((d) => byId.get(d.id)!.assignee_id)}::uuid[], ${told.map((d) => d.kind.endsWith('_breach'))}::boolean[])
            as a(dedupe_key, unit_id, assignee_id, breach)
          cross join lateral (
            select uh.person_id from unit_head uh join org_unit_closure c on c.ancestor_id = uh.unit_id
            where a.breach and c.descendant_id = a.unit_id and c.depth = (
              select min(c2.depth) from unit_head uh2 join org_unit_closure c2 on c2.ancestor_id = uh2.unit_id where c2.descendant_id = a.unit_id)
            union all select a.assignee_id where not a.breach and a.assignee_id is not null
            union all select p.id from person p where not a.breach and a.assignee_id is null and p.unit_id = a.unit_id and p.kind = 'employee' and p.status = 'active'
          ) x`;
        await notifyMany(trx, told.map((d) => {
          const r = byId.get(d.id)!;
          const breach = d.kind.endsWith('_breach');
          return {
            kind: breach ? 'request.sla_breach' as const : 'request.sla_warning' as const, item: { type: 'request', id: r.id, title: `#${r.number} ${r.subject}` },
            link: `/requests/${r.id}`, message: { key: breach ? 'requests.notifications.slaBreach' as const : 'requests.notifications.slaWarning' as const, params: { number: r.number } },
            dedupeKey: key(d),
          };
        }), recipients, opts.enqueueDeliver);
        alerts += told.length;
      }
      // One statement for the batch: the next alert instant and the due times of every row read.
      await sql`
        update request r set sla_next_at = v.next_at, first_due_at = v.first_due, resolve_due_at = v.resolve_due
        from unnest(${next.ids}::uuid[], ${next.at}::timestamptz[], ${next.first}::timestamptz[], ${next.resolve}::timestamptz[]) as v(id, next_at, first_due, resolve_due)
        where r.id = v.id`.execute(trx);
      return rows.length;
    });
    checked += n;
    if (n < batch) return { checked, alerts };
  }
}
