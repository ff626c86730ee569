import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import type { DigestSection, DigestSectionContent } from '@/lib/notifications/digest-types';

/** How far ahead "due soon" looks: until well after the next daily digest. */
const AHEAD_MS = 2 * 86400_000;

type Row = { person_id: string; id: string; title: string; due_on: string | null; due_at: Date | null; overdue: boolean; total: number };

function fill(rows: Row[], moreHref: string, note: (r: Row) => DigestSectionContent['entries'][number]['note']) {
  const out = new Map<string, DigestSectionContent>();
  for (const r of rows) {
    let c = out.get(r.person_id);
    if (!c) out.set(r.person_id, (c = { entries: [], total: r.total, moreHref }));
    c.entries.push({ title: r.title, href: `/tasks/${r.id}`, at: r.due_at, urgent: r.overdue, note: note(r) });
  }
  return out;
}

/**
 * The tasks sections of the digest (lib/notifications' digest interface), one query per batch of
 * people each, on the owner and creator indexes:
 * - "Your tasks due soon and overdue": open tasks the person owns, overdue first, then by due moment.
 *   A task keeps showing while it waits (it is work, not news); partners only ever own their own items.
 * - "Waiting for your review": tasks the person created that the owner submitted.
 */
export const taskDigestSections: DigestSection[] = [
  {
    key: 'tasksDue',
    order: 30,
    heading: 'tasks.digest.due',
    async loadBatch(db: Kysely<DB>, people: readonly Viewer[], { now, limit }) {
      if (people.length === 0) return new Map();
      const { rows } = await sql<Row>`
        select * from (
          select t.owner_id as person_id, t.id, t.title, to_char(t.due_on, 'YYYY-MM-DD') as due_on, t.due_at, (t.due_at <= ${now}) as overdue,
            count(*) over (partition by t.owner_id)::int as total,
            row_number() over (partition by t.owner_id order by t.due_at, t.id)::int as rn
          from task t
          where t.owner_id = any(${people.map((p) => p.id)}::uuid[]) and t.status <> 'done' and t.due_at <= ${new Date(now.getTime() + AHEAD_MS)}
        ) x where rn <= ${limit} order by person_id, rn`.execute(db);
      return fill(rows, '/tasks', (r) => (r.overdue ? { key: 'tasks.digest.overdueSince', params: { date: r.due_on ?? '' } } : { key: 'tasks.digest.dueOn', params: { date: r.due_on ?? '' } }));
    },
  },
  {
    key: 'tasksReview',
    order: 31,
    heading: 'tasks.digest.review',
    async loadBatch(db: Kysely<DB>, people: readonly Viewer[], { limit }) {
      if (people.length === 0) return new Map();
      const employees = people.filter((p) => p.kind === 'employee').map((p) => p.id);
      if (employees.length === 0) return new Map();
      const { rows } = await sql<Row>`
        select * from (
          select t.creator_id as person_id, t.id, t.title, to_char(t.due_on, 'YYYY-MM-DD') as due_on, t.due_at, false as overdue,
            count(*) over (partition by t.creator_id)::int as total,
            row_number() over (partition by t.creator_id order by t.updated_at, t.id)::int as rn
          from task t
          where t.creator_id = any(${employees}::uuid[]) and t.status = 'in_review' and t.owner_id <> t.creator_id
        ) x where rn <= ${limit} order by person_id, rn`.execute(db);
      return fill(rows, '/tasks?scope=created&tab=in_review', () => ({ key: 'tasks.digest.submitted' }));
    },
  },
];
