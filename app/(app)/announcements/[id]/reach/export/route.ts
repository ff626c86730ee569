import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { isAppError } from '@/lib/errors';
import { exportReachCsv } from '@/lib/announcements/queries';
import { csvHeaders } from '@/lib/csv/write';

/** CSV of every receipt in the viewer's scope (lib checks the viewer). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const t = await getTranslations('announcements.reach.csv');
  const headers = ['name', 'email', 'unit', 'delivered', 'mailed', 'read', 'channel', 'acknowledged', 'ackCurrent'].map((k) => t(k as never));
  try {
    const csv = await exportReachCsv(db(), await getViewer(), id, headers);
    return new Response(csv, {
      headers: csvHeaders(`reach-${id}.csv`),
    });
  } catch (e) {
    if (isAppError(e)) return new Response(null, { status: e.code === 'FORBIDDEN' ? 403 : e.code === 'UNAUTHENTICATED' ? 401 : 404 });
    throw e;
  }
}
