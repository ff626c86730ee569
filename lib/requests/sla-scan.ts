import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { notify, type EnqueueDeliver } from '@/lib/notifications/producer';
import { loadDefaultCalendar } from './calendar-store';
import { dueAlerts, nextAlertAt, slaSchedule, type AlertKind } from './sla';

const BATCH = 200;

/**
 * The SLA scan (job `requests.sla-scan`, every minute): finds requests whose next alert is due
 * through the partial index on request.sla_next_at, sends each alert once — the
 * (request_id, kind) primary key of request_sla_alert and the notification's dedupe key make a
 * retried or concurrent run add nothing — and moves sla_next_at to the next pending alert.
 * At 80 % the assignee (or, unassigned, the unit) is warned; at breach the unit's heads are alerted.
 */
export async function scanRequestSla(db: Kysely<DB>, opts: { now?: Date; enqueueDeliver?: EnqueueDeliver } = {}): Promise<{ checked: number; alerts: number }> {
  const now = opts.now ?? new Date();
  const cal = await loadDefaultCalendar(db);
  let checked = 0;
  let alerts = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('request')
        .select(['id', 'number', 'subject', 'unit_id', 'assignee_id', 'status', 'created_at', 'first_target_min', 'first_response_at', 'resolve_target_min', 'resolve_consumed_min', 'resolve_running_since'])
        .where('sla_next_at', '<=', now).orderBy('sla_next_at').limit(BATCH).forUpdate().skipLocked().execute();
      if (rows.length === 0) return 0;
      const sentRows = await trx.selectFrom('request_sla_alert').select(['request_id', 'kind']).where('request_id', 'in', rows.map((r) => r.id)).execute();
      const next: { ids: string[]; at: (string | null)[]; first: (string | null)[]; resolve: (string | null)[] } = { ids: [], at: [], first: [], resolve: [] };
      for (const r of rows) {
        const sent = new Set<AlertKind>(sentRows.filter((s) => s.request_id === r.id).map((s) => s.kind));
        const sch = slaSchedule({ createdAt: r.created_at, status: r.status, firstTargetMin: r.first_target_min, firstResponseAt: r.first_response_at, resolveTargetMin: r.resolve_target_min, resolveConsumedMin: r.resolve_consumed_min, resolveRunningSince: r.resolve_running_since }, cal);
        for (const kind of dueAlerts(sch, sent, now)) {
          // A breach found before its warning was sent makes the warning moot: record it as handled.
          const kinds: AlertKind[] = kind.endsWith('_breach') ? [kind, kind.replace('_breach', '_warning') as AlertKind] : [kind];
          const inserted = await trx.insertInto('request_sla_alert').values(kinds.map((k) => ({ request_id: r.id, kind: k, sent_at: now })))
            .onConflict((oc) => oc.doNothing()).returning('kind').execute();
          for (const k of kinds) sent.add(k);
          if (!inserted.some((i) => i.kind === kind)) continue;
          const breach = kind.endsWith('_breach');
          const recipients = breach
            ? { sql: sql<{ person_id: string }>`
                select uh.person_id from unit_head uh join org_unit_closure c on c.ancestor_id = uh.unit_id
                where c.descendant_id = ${r.unit_id} and c.depth = (
                  select min(c2.depth) from unit_head uh2 join org_unit_closure c2 on c2.ancestor_id = uh2.unit_id where c2.descendant_id = ${r.unit_id})` }
            : r.assignee_id ? { personIds: [r.assignee_id] } : { sql: sql<{ person_id: string }>`select id as person_id from person where unit_id = ${r.unit_id} and kind = 'employee' and status = 'active'` };
          await notify(trx, {
            kind: breach ? 'request.sla_breach' : 'request.sla_warning', recipients, item: { type: 'request', id: r.id, title: `#${r.number} ${r.subject}` },
            link: `/requests/${r.id}`, message: { key: breach ? 'requests.notifications.slaBreach' : 'requests.notifications.slaWarning', params: { number: r.number } },
            dedupeKey: `request.sla:${r.id}:${kind}`,
          }, opts.enqueueDeliver);
          alerts += 1;
        }
        next.ids.push(r.id);
        next.at.push(nextAlertAt(sch, sent)?.toISOString() ?? null);
        next.first.push(sch.firstDueAt?.toISOString() ?? null);
        next.resolve.push(sch.resolveDueAt?.toISOString() ?? null);
      }
      // One statement for the batch: the next alert instant and the due times of every row read.
      await sql`
        update request r set sla_next_at = v.next_at, first_due_at = v.first_due, resolve_due_at = v.resolve_due
        from unnest(${next.ids}::uuid[], ${next.at}::timestamptz[], ${next.first}::timestamptz[], ${next.resolve}::timestamptz[]) as v(id, next_at, first_due, resolve_due)
        where r.id = v.id`.execute(trx);
      return rows.length;
    });
    checked += n;
    if (n < BATCH) return { checked, alerts };
  }
}
