import 'server-only';
import { requireAdmin } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { toCsv } from '@/lib/csv/write';

/**
 * The people-import CSV template for admins, with the header and example row in the viewer's
 * language (catalog strings, comma-separated), written by lib/csv like every export.
 * Partners: NOT_FOUND; other employees: FORBIDDEN.
 */
export function importTemplateCsv(viewer: Viewer | null, strings: { header: string; example: string }): string {
  requireAdmin(viewer);
  return toCsv([strings.header.split(','), strings.example.split(',')]);
}
