import 'server-only';
import type { TodoSource } from '@/lib/workbench/types';

/**
 * What waits on a person in customer requests: for staff, the open requests assigned to them
 * (new or open: the customer is waiting); for a customer, their requests waiting for their
 * answer or their confirmation (resolved). Indexed: request_assignee_idx / request_requester_idx.
 */
export const requestTodoSource: TodoSource = {
  key: 'requests',
  order: 60,
  async load(db, viewer, { limit }) {
    if (viewer.status !== 'active') return null;
    const staff = viewer.kind === 'employee';
    let q = db.selectFrom('request').select(['id', 'number', 'subject', 'first_due_at', 'resolve_due_at', 'priority', 'status']);
    q = staff
      ? q.where('assignee_id', '=', viewer.id).where('status', 'in', ['new', 'open'])
      : q.where('requester_id', '=', viewer.id).where('status', 'in', ['waiting', 'resolved']);
    const rows = await q.orderBy('updated_at', 'desc').limit(limit + 1).execute();
    if (rows.length === 0) return null;
    return {
      key: 'requests',
      label: staff ? 'requests.todos.assigned' : 'requests.todos.waiting',
      count: rows.length,
      href: staff ? '/requests?scope=mine' : '/partner/requests',
      items: rows.slice(0, limit).map((r) => ({
        id: r.id,
        title: `#${r.number} ${r.subject}`,
        href: staff ? `/requests/${r.id}` : `/partner/requests/${r.id}`,
        due: staff ? (r.first_due_at ?? r.resolve_due_at) : null,
        urgent: r.priority === 'urgent',
        note: { key: `requests.statuses.${r.status}` as const },
      })),
    };
  },
};

