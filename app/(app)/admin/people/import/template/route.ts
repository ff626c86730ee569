import { getTranslations } from 'next-intl/server';
import { routeHandler } from '@/lib/http/route';
import { importTemplateCsv } from '@/lib/import/template';

/** The CSV template download; lib/import decides who may have it. */
export const GET = routeHandler(async (_req, c) => {
  const t = await getTranslations('admin.import.templateFile');
  const body = importTemplateCsv(c.viewer, { header: t('header'), example: t('example') });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="plaza-people-template.csv"`,
      'Cache-Control': 'no-store',
    },
  });
});
