import { getTranslations } from 'next-intl/server';
import { csvHeaders } from '@/lib/csv/write';
import { routeHandler } from '@/lib/http/route';
import { importTemplateCsv } from '@/lib/import/template';

/** The CSV template download; lib/import decides who may have it. */
export const GET = routeHandler(async (_req, c) => {
  const t = await getTranslations('admin.import.templateFile');
  const body = importTemplateCsv(c.viewer, { header: t('header'), example: t('example') });
  return new Response(body, { headers: csvHeaders('plaza-people-template.csv') });
});
