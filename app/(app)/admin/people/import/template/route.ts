import { getTranslations } from 'next-intl/server';
import { getViewer } from '@/lib/auth/viewer';
import { isAppError } from '@/lib/errors';
import { importTemplateCsv } from '@/lib/import/template';
import { csvHeaders } from '@/lib/csv/write';

const statusOf: Record<string, number> = { UNAUTHENTICATED: 401, NOT_FOUND: 404, FORBIDDEN: 403 };

/** The CSV template download; lib/import decides who may have it. */
export async function GET() {
  const t = await getTranslations('admin.import.templateFile');
  try {
    const body = importTemplateCsv(await getViewer(), { header: t('header'), example: t('example') });
    return new Response(body, {
      headers: csvHeaders('plaza-people-template.csv'),
    });
  } catch (e) {
    if (isAppError(e) && statusOf[e.code]) return new Response(null, { status: statusOf[e.code] });
    throw e;
  }
}
