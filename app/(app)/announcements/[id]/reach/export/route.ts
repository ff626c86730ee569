import { getTranslations } from 'next-intl/server';
import { exportReach } from '@/lib/announcements/queries';
import { routeHandler } from '@/lib/http/route';
import { tableResponse, tabularFormat } from '@/lib/tabular/write';

const columns = ['name', 'email', 'unit', 'delivered', 'mailed', 'read', 'channel', 'acknowledged', 'ackCurrent'] as const;

/** CSV or XLSX (`?format=xlsx`) of every receipt in the viewer's scope (lib checks the viewer), times in the viewer's zone. */
export const GET = routeHandler(async (req, c, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const t = await getTranslations('announcements.reach.csv');
  const table = await exportReach(c.db, c.viewer, id, columns.map((k) => t(k)));
  return tableResponse(table, { format: tabularFormat(new URL(req.url).searchParams.get('format')), timeZone: c.viewer?.timezone ?? 'UTC', filename: `reach-${id}` });
});
