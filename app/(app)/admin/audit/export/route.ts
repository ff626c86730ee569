import { getTranslations } from 'next-intl/server';
import { exportAudit } from '@/lib/audit/queries';
import { routeHandler } from '@/lib/http/route';
import { tableResponse, tabularFormat } from '@/lib/tabular/write';

const columns = ['id', 'at', 'actorEmail', 'actorName', 'action', 'targetType', 'targetId', 'target', 'ip', 'userAgent', 'details'] as const;

/** The filtered audit log as CSV (UTF-8 with BOM for Excel) or XLSX (`?format=xlsx`), times in the viewer's zone. The export is itself audited. */
export const GET = routeHandler(async (request, c) => {
  const p = new URL(request.url).searchParams;
  const format = tabularFormat(p.get('format'));
  const t = await getTranslations('admin.audit.columns');
  const { table } = await exportAudit(
    c.db,
    c.viewer,
    { actor: p.get('actor') ?? undefined, action: p.get('action') ?? undefined, from: p.get('from') ?? undefined, to: p.get('to') ?? undefined },
    columns.map((k) => t(k)),
    c.meta,
    format,
  );
  const stamp = new Date().toISOString().slice(0, 10);
  return tableResponse(table, { format, timeZone: c.viewer?.timezone ?? 'UTC', filename: `plaza-audit-${stamp}` });
});
