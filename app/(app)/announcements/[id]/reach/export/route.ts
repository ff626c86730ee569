import { getTranslations } from 'next-intl/server';
import { exportReachCsv } from '@/lib/announcements/queries';
import { csvHeaders } from '@/lib/csv/write';
import { routeHandler } from '@/lib/http/route';

const columns = ['name', 'email', 'unit', 'delivered', 'mailed', 'read', 'channel', 'acknowledged', 'ackCurrent'] as const;

/** CSV of every receipt in the viewer's scope (lib checks the viewer). */
export const GET = routeHandler(async (_req, c, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const t = await getTranslations('announcements.reach.csv');
  const csv = await exportReachCsv(c.db, c.viewer, id, columns.map((k) => t(k)));
  return new Response(csv, { headers: csvHeaders(`reach-${id}.csv`) });
});
