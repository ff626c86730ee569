import 'server-only';
import { requireAdmin } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';

/**
 * The people-import CSV template for admins, with the header and example row in the viewer's
 * language, UTF-8 with BOM so Excel shows Chinese. Partners: NOT_FOUND; other employees: FORBIDDEN.
 */
export function importTemplateCsv(viewer: Viewer | null, strings: { header: string; example: string }): string {
  requireAdmin(viewer);
  return `\ufeff${strings.header}\r\n${strings.example}\r\n`;
}
