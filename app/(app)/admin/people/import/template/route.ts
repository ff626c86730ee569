import { getTranslations } from 'next-intl/server';
import { getViewer } from '@/lib/auth/viewer';
import { isAdmin, isPartner } from '@/lib/authz/policies';

/** The CSV template, headers in the viewer's language, UTF-8 with BOM so Excel shows Chinese. */
export async function GET() {
  const viewer = await getViewer();
  if (!viewer) return new Response(null, { status: 401 });
  if (!isAdmin(viewer)) return new Response(null, { status: isPartner(viewer) ? 404 : 403 });
  const t = await getTranslations('admin.import.templateFile');
  const body = `\ufeff${t('header')}\r\n${t('example')}\r\n`;
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="plaza-people-template.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
