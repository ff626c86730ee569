import { getTranslations } from 'next-intl/server';
import { routeHandler } from '@/lib/http/route';
import { requireArea } from '@/lib/orders/access';
import { exportCells, exportColumns, exportOrderRows } from '@/lib/orders/export';
import { tableResponse, tabularFormat } from '@/lib/tabular/write';

/** The supplier's CSV (portal only). CSV of the order lines the viewer may see, with the list's filters (lib checks the viewer and hides hidden prices from partners). */
export const GET = routeHandler(async (req, c) => {
  await requireArea(c.db, c.viewer, 'portal');
  const t = await getTranslations('orders');
  const filters = Object.fromEntries(new URL(req.url).searchParams);
  const rows = await exportOrderRows(c.db, c.viewer, filters, { side: 'portal' });
  const header = exportColumns.map((k) => (k === 'lineStatus' ? t('fields.status') : t(`fields.${k}`)));
  const cells = exportCells(rows, (r, col) => (col === 'status' ? t(`statuses.${r.status}`) : t(`lineStatuses.${r.lineStatus}`)));
  // CSV or XLSX (`?format=xlsx`): lib/tabular.
  return tableResponse({ header, rows: cells, sheet: 'orders' }, { format: tabularFormat(filters.format), timeZone: c.viewer?.timezone ?? 'UTC', filename: t('export.filename') });
});
