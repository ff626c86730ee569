import { getTranslations } from 'next-intl/server';
import { exportAuditCsv } from '@/lib/audit/queries';
import { csvHeaders } from '@/lib/csv/write';
import { routeHandler } from '@/lib/http/route';

const columns = ['id', 'at', 'actorEmail', 'actorName', 'action', 'targetType', 'targetId', 'target', 'ip', 'userAgent', 'details'] as const;

/** The filtered audit log as a CSV attachment (UTF-8 with BOM for Excel). The export is itself audited. */
export const GET = routeHandler(async (request, c) => {
  const p = new URL(request.url).searchParams;
  const t = await getTranslations('admin.audit.columns');
  const { csv } = await exportAuditCsv(
    c.db,
    c.viewer,
    { actor: p.get('actor') ?? undefined, action: p.get('action') ?? undefined, from: p.get('from') ?? undefined, to: p.get('to') ?? undefined },
    columns.map((k) => t(k)),
    c.meta,
  );
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(csv, { headers: csvHeaders(`plaza-audit-${stamp}.csv`) });
});
