import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { buildCalendar, type WorkCalendar } from './calendar';

type Db = Kysely<DB> | Transaction<DB>;

/** The default working calendar with all its entries (a few hundred rows at most), built for the pure functions. */
export async function loadDefaultCalendar(db: Db): Promise<WorkCalendar & { id: string }> {
  const cal = await db.selectFrom('work_calendar').select(['id', 'time_zone', 'weekdays', 'periods']).where('is_default', '=', true).executeTakeFirstOrThrow();
  const entries = await db
    .selectFrom('work_calendar_entry')
    .select(['kind', sql<string>`to_char(start_day, 'YYYY-MM-DD')`.as('start_day'), sql<string>`to_char(end_day, 'YYYY-MM-DD')`.as('end_day')])
    .where('calendar_id', '=', cal.id)
    .execute();
  return {
    id: cal.id,
    ...buildCalendar({
      timeZone: cal.time_zone,
      weekdays: cal.weekdays,
      periods: cal.periods as [number, number][],
      entries: entries.map((e) => ({ kind: e.kind, startDay: e.start_day, endDay: e.end_day })),
    }),
  };
}
