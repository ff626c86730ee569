import { getTranslations } from 'next-intl/server';
import { routeHandler } from '@/lib/http/route';
import { tableResponse, tabularFormat } from '@/lib/tabular/write';
import { taskFiguresTable } from '@/lib/tasks/figures';

const columns = ['kind', 'name', 'total', 'done', 'onTime', 'overdue', 'completionRate', 'onTimeRate', 'overdueRate'] as const;

/** The figures page as CSV or XLSX (`?format=xlsx`) (lib checks the viewer heads the unit). */
export const GET = routeHandler(async (req, c) => {
  const q = new URL(req.url).searchParams;
  const t = await getTranslations('tasks.figures');
  const table = await taskFiguresTable(c.db, c.viewer, { unit: q.get('unit') ?? undefined, from: q.get('from') ?? undefined, to: q.get('to') ?? undefined },
    columns.map((k) => t(k)), { person: t('person'), unit: t('unit') });
  return tableResponse(table, { format: tabularFormat(q.get('format')), timeZone: c.viewer?.timezone ?? 'UTC', filename: 'task-figures' });
});
