import 'server-only';
import { sql } from 'kysely';
import { defineTodoSource } from '@/lib/workbench/source';
import type { TodoSource } from '@/lib/workbench/types';
import { articleReadableSql, viewerAudiences } from './access';

/**
 * Required reading waiting on the viewer (the workbench's to-do source): articles required for an
 * audience they are in, that they may read, never acknowledged at the required version, or due
 * for renewal.
 */
export const requiredReadingTodos: TodoSource = defineTodoSource<{ id: string; title: string; total: number }>({
  key: 'kbRequiredReading',
  order: 30,
  query: (_db, v, { limit, now }) => sql`
      select a.id, a.title, count(*) over ()::int as total
      from kb_required_reading r
      join kb_article a on a.id = r.article_id join kb_space s on s.id = a.space_id left join kb_folder f on f.id = a.folder_id
      left join kb_ack k on k.article_id = r.article_id and k.person_id = ${v.id}
      where r.audience_id in ${viewerAudiences(v)} and ${articleReadableSql(v)}
        and (k.version is null or k.version < r.required_version
             or (r.renewal_days is not null and k.acked_at + make_interval(days => r.renewal_days) < ${now}))
      order by r.created_at desc limit ${limit}`,
  group: (rows) => {
    if (rows.length === 0) return null;
    return {
      key: 'kbRequiredReading', label: 'kb.required.todo', count: rows[0].total, href: '/kb',
      items: rows.map((r) => ({ id: r.id, title: r.title, href: `/kb/articles/${r.id}` })),
    };
  },
});
