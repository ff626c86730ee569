import { getTranslations } from 'next-intl/server';
import { getViewer } from '@/lib/auth/viewer';
import { isAppError } from '@/lib/errors';
import { importTemplateCsv } from '@/lib/import/template';

const statusOf: Record<string, number> = { UNAUTHENTICATED: 401, NOT_FOUND: 404, FORBIDDEN: 403 };

/** The CSV template download; lib/import decides who may have it. */
export async function GET() {
  const t = await getTranslations('admin.import.templateFile');
  try {
    const body = importTemplateCsv(await getViewer(), { header: t('header'), example: t('example') });
    return new Response(body, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="plaza-people-template.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (e) {
    if (isAppError(e) && statusOf[e.code]) return new Response(null, { status: statusOf[e.code] });
    throw e;
  }
}
