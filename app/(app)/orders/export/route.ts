import { getTranslations } from 'next-intl/server';
import { csvHeaders, toCsv } from '@/lib/csv/write';
import { routeHandler } from '@/lib/http/route';
import { exportCells, exportColumns, exportOrderRows } from '@/lib/orders/export';

/** CSV of the order lines the viewer may see, with the list's filters (lib checks the viewer and hides hidden prices from partners). */
export const GET = routeHandler(async (req, c) => {
  const t = await getTranslations('orders');
  const filters = Object.fromEntries(new URL(req.url).searchParams);
  const rows = await exportOrderRows(c.db, c.viewer, filters);
  const header = exportColumns.map((k) => (k === 'lineStatus' ? t('fields.status') : t(`fields.${k}`)));
  const csv = toCsv([header, ...exportCells(rows, (r, col) => (col === 'status' ? t(`statuses.${r.status}`) : t(`lineStatuses.${r.lineStatus}`)))]);
  return new Response(csv, { headers: csvHeaders(`${t('export.filename')}.csv`) });
});
