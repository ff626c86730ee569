import 'server-only';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { requireEmployee } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import type { RequestMeta } from '@/lib/http/request-meta';
import { canManageTemplates } from './policies';
import { templateFormSchema } from './schema';

/** Communications officers (and admins) maintain the body skeleton of each kind, in both languages. */
export async function updateTemplate(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: { meta?: RequestMeta } = {}): Promise<void> {
  const v = requireEmployee(viewer);
  if (!canManageTemplates(v)) throw new AppError('FORBIDDEN');
  const parsed = { data: parseInput(templateFormSchema, raw) };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('announcement_template')
      .values({ kind: parsed.data.kind, title_zh: parsed.data.titleZh, title_en: parsed.data.titleEn, body_zh: parsed.data.bodyZh, body_en: parsed.data.bodyEn, updated_by: v.id, updated_at: new Date() })
      .onConflict((oc) => oc.column('kind').doUpdateSet({
        title_zh: parsed.data.titleZh, title_en: parsed.data.titleEn, body_zh: parsed.data.bodyZh, body_en: parsed.data.bodyEn, updated_by: v.id, updated_at: new Date(),
      }))
      .execute();
    await recordAudit(trx, { actor: v, action: 'announcement.template_update', target: { type: 'announcement_template', id: parsed.data.kind }, meta: opts.meta });
  });
}
