import 'server-only';
import { sql } from 'kysely';
import { asDate, defineTodoSource } from '@/lib/workbench/source';
import type { MessageKey } from '@/lib/i18n/catalog';
import type { TodoSource } from '@/lib/workbench/types';

type Row = { id: string; number: number; subject: string; first_due_at: Date | null; resolve_due_at: Date | null; priority: string; status: string; total: number };

/**
 * What waits on a person in customer requests: for staff, the open requests assigned to them
 * (new or open: the customer is waiting); for a customer, their requests waiting for their
 * answer or their confirmation (resolved). Indexed: request_assignee_idx / request_requester_idx.
 */
export const requestTodoSource: TodoSource = defineTodoSource<Row>({
  key: 'requests',
  order: 60,
  query(db, viewer, { limit }) {
    if (viewer.status !== 'active') return null;
    const q = db.selectFrom('request').select(['id', 'number', 'subject', 'first_due_at', 'resolve_due_at', 'priority', 'status', sql<number>`count(*) over ()`.as('total')]);
    return (viewer.kind === 'employee'
      ? q.where('assignee_id', '=', viewer.id).where('status', 'in', ['new', 'open'])
      : q.where('requester_id', '=', viewer.id).where('status', 'in', ['waiting', 'resolved'])
    ).orderBy('updated_at', 'desc').limit(limit);
  },
  group(rows, viewer) {
    if (rows.length === 0) return null;
    const staff = viewer.kind === 'employee';
    return {
      key: 'requests',
      label: staff ? 'requests.todos.assigned' : 'requests.todos.waiting',
      count: Number(rows[0].total),
      href: staff ? '/requests?scope=mine' : '/partner/requests',
      items: rows.map((r) => ({
        id: r.id,
        title: `#${r.number} ${r.subject}`,
        href: staff ? `/requests/${r.id}` : `/partner/requests/${r.id}`,
        due: staff ? asDate(r.first_due_at ?? r.resolve_due_at) : null,
        urgent: r.priority === 'urgent',
        note: { key: `requests.statuses.${r.status}` as MessageKey },
      })),
    };
  },
});
