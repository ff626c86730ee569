import { getLocale, getTranslations } from 'next-intl/server';
import { responseExportRows } from '@/lib/announcements/responses';
import { csvHeaders, toCsv } from '@/lib/csv/write';
import { routeHandler } from '@/lib/http/route';

const columns = ['name', 'email', 'unit', 'status', 'respondedAt', 'text', 'date', 'number', 'choice', 'file'] as const;

/**
 * Every recipient in the viewer's scope with their response, as CSV (lib checks the viewer). The
 * lib builds rows, so a table format other than CSV is one switch here.
 */
export const GET = routeHandler(async (_req, c, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const t = await getTranslations('announcements.responses.csv');
  const headers = Object.fromEntries(columns.map((k) => [k, t(k)])) as Record<(typeof columns)[number], string>;
  const rows = await responseExportRows(c.db, c.viewer, id, { headers, responded: t('responded'), waiting: t('waiting') }, await getLocale());
  return new Response(toCsv(rows), { headers: csvHeaders(`responses-${id}.csv`) });
});
