import { getTranslations } from 'next-intl/server';
import { csvHeaders } from '@/lib/csv/write';
import { routeHandler } from '@/lib/http/route';
import { taskFiguresCsv } from '@/lib/tasks/figures';

const columns = ['kind', 'name', 'total', 'done', 'onTime', 'overdue', 'completionRate', 'onTimeRate', 'overdueRate'] as const;

/** The figures page as CSV (lib checks the viewer heads the unit). */
export const GET = routeHandler(async (req, c) => {
  const q = new URL(req.url).searchParams;
  const t = await getTranslations('tasks.figures');
  const csv = await taskFiguresCsv(c.db, c.viewer, { unit: q.get('unit') ?? undefined, from: q.get('from') ?? undefined, to: q.get('to') ?? undefined },
    columns.map((k) => t(k)), { person: t('person'), unit: t('unit') });
  return new Response(csv, { headers: csvHeaders('task-figures.csv') });
});
