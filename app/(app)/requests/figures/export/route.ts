import { getLocale } from 'next-intl/server';
import { csvHeaders } from '@/lib/csv/write';
import { routeHandler } from '@/lib/http/route';
import { figuresCsv } from '@/lib/requests/figures';

/** CSV of the request figures for the period (lib checks the viewer: heads and admins; no message text). */
export const GET = routeHandler(async (req, c) => {
  const url = new URL(req.url);
  const csv = await figuresCsv(c.db, c.viewer, { from: url.searchParams.get('from') ?? undefined, to: url.searchParams.get('to') ?? undefined }, await getLocale());
  return new Response(csv, { headers: csvHeaders('request-figures.csv') });
});
