import { getLocale } from 'next-intl/server';
import { routeHandler } from '@/lib/http/route';
import { figuresTable } from '@/lib/requests/figures';
import { tableResponse, tabularFormat } from '@/lib/tabular/write';

/** CSV or XLSX (`?format=xlsx`) of the request figures for the period (lib checks the viewer: heads and admins; no message text). */
export const GET = routeHandler(async (req, c) => {
  const q = new URL(req.url).searchParams;
  const table = await figuresTable(c.db, c.viewer, { from: q.get('from') ?? undefined, to: q.get('to') ?? undefined }, await getLocale());
  return tableResponse(table, { format: tabularFormat(q.get('format')), timeZone: c.viewer?.timezone ?? 'UTC', filename: 'request-figures' });
});
