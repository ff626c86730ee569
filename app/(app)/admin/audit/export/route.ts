import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { exportAuditCsv } from '@/lib/audit/queries';
import { isAppError } from '@/lib/errors';
import { requestMeta } from '@/lib/http/request-meta';
import { csvHeaders } from '@/lib/csv/write';

/** The filtered audit log as a CSV attachment (UTF-8 with BOM for Excel). The export is itself audited. */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const p = url.searchParams;
  const t = await getTranslations('admin.audit.columns');
  const header = [t('id'), t('at'), t('actorEmail'), t('actorName'), t('action'), t('targetType'), t('targetId'), t('target'), t('ip'), t('userAgent'), t('details')];
  try {
    const { csv } = await exportAuditCsv(
      db(),
      await getViewer(),
      { actor: p.get('actor') ?? undefined, action: p.get('action') ?? undefined, from: p.get('from') ?? undefined, to: p.get('to') ?? undefined },
      header,
      await requestMeta(),
    );
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(csv, {
      headers: csvHeaders(`plaza-audit-${stamp}.csv`),
    });
  } catch (e) {
    if (isAppError(e)) {
      const status = e.code === 'UNAUTHENTICATED' ? 401 : e.code === 'FORBIDDEN' ? 403 : 404;
      return new Response(null, { status });
    }
    throw e;
  }
}
