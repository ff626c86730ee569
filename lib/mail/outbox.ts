import 'server-only';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { canViewOutbox } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

/**
 * The mail outbox viewer: admins always; anyone when PLAZA_OUTBOX_VIEWER is on (the quick start
 * on embedded defaults, where no real mail leaves the machine and partners must read their links).
 */
export function canReadOutbox(viewer: Viewer | null): boolean {
  return env().PLAZA_OUTBOX_VIEWER || canViewOutbox(viewer);
}

function requireOutbox(viewer: Viewer | null) {
  if (!canReadOutbox(viewer)) throw new AppError(viewer ? 'FORBIDDEN' : 'UNAUTHENTICATED');
}

export const outboxFilterSchema = z.object({
  to: z.string().trim().max(200).optional().default(''),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const OUTBOX_PAGE_SIZE = 50;

export async function listOutbox(db: Kysely<DB>, viewer: Viewer | null, input: z.input<typeof outboxFilterSchema>) {
  requireOutbox(viewer);
  const f = outboxFilterSchema.parse(input);
  let q = db.selectFrom('mail_outbox').select(['id', 'to_email', 'subject', 'template', 'locale', 'status', 'transport', 'created_at', 'sent_at']);
  if (f.to) q = q.where((eb) => eb(eb.fn('lower', ['to_email']), 'like', `%${f.to.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(OUTBOX_PAGE_SIZE + 1).offset((f.page - 1) * OUTBOX_PAGE_SIZE).execute();
  return { rows: rows.slice(0, OUTBOX_PAGE_SIZE), hasMore: rows.length > OUTBOX_PAGE_SIZE, page: f.page, to: f.to };
}

export async function getOutboxMail(db: Kysely<DB>, viewer: Viewer | null, id: string) {
  requireOutbox(viewer);
  if (!z.string().uuid().safeParse(id).success) throw new AppError('NOT_FOUND');
  const row = await db
    .selectFrom('mail_outbox')
    .select(['id', 'to_email', 'subject', 'template', 'locale', 'status', 'transport', 'html', 'text', 'attachments', 'error', 'created_at', 'sent_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  const attachments = Array.isArray(row.attachments) ? (row.attachments as { filename: string; contentType: string; content: string }[]) : [];
  return { ...row, attachments };
}
