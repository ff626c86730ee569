import 'server-only';
import { sql } from 'kysely';
import { asDate, defineTodoSource } from '@/lib/workbench/source';
import type { TodoSource } from '@/lib/workbench/types';

/** The workbench: meetings I attend that have not ended yet, today and tomorrow (in my time zone; issue 10). */
export const meetingsTodaySource: TodoSource = defineTodoSource<{ id: string; title: string; starts_at: Date; total: number }>({
  key: 'meetings-today',
  order: 42,
  query: (_db, v, { limit, now }) => sql`
      select m.id, m.title, m.starts_at, count(*) over ()::int as total
      from meeting_attendee a join meeting m on m.id = a.meeting_id
      where a.person_id = ${v.id} and m.status = 'scheduled' and m.ends_at > ${now}
        and m.starts_at < ((((${now}::timestamptz at time zone ${v.timezone})::date + 2)::timestamp) at time zone ${v.timezone})
      order by m.starts_at limit ${limit}`,
  group: (rows) => {
    if (rows.length === 0) return null;
    return {
      key: 'meetings-today', label: 'meetings.todos.today', count: rows[0].total, href: '/meetings',
      items: rows.map((r) => ({ id: r.id, title: r.title, href: `/meetings/${r.id}`, due: asDate(r.starts_at) })),
    };
  },
});
