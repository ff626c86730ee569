import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { canViewOutbox } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';

/**
 * The mail outbox viewer (/outbox). Who may read it:
 * - admins, always (they answer "did the mail go out?");
 * - on the quick-start demo only (PLAZA_OUTBOX_VIEWER on the embedded database, no real mail
 *   delivery — lib/env.ts refuses it otherwise), every signed-in person, under a demo banner;
 * - never anyone who is not signed in. Partners without access get NOT_FOUND, employees FORBIDDEN.
 */
export type OutboxAbilities = { read: boolean; demo: boolean };

export function outboxAbilities(viewer: Viewer | null, opts: { demo?: boolean } = {}): OutboxAbilities {
  const demo = opts.demo ?? env().demoOutbox;
  if (!viewer || viewer.status !== 'active') return { read: false, demo };
  return { read: canViewOutbox(viewer) || demo, demo };
}

function requireOutbox(viewer: Viewer | null): OutboxAbilities {
  const can = outboxAbilities(viewer);
  if (can.read) return can;
  if (!viewer) throw new AppError('UNAUTHENTICATED');
  throw new AppError(viewer.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
}

export const outboxFilterSchema = z.object({
  /** A recipient's address (exact, any case): served by mail_outbox_to_keyset_idx. */
  to: z.string().trim().toLowerCase().max(320).optional().default(''),
  /** Keyset cursor: the last row of the previous page (see encodeCursor). */
  before: z.string().max(100).optional().default(''),
});

export const OUTBOX_PAGE_SIZE = 50;

type Cursor = { us: string; id: string };
/** (created_at in microseconds since the epoch, id): exact, unlike a JavaScript Date. */
function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.us}.${c.id}`).toString('base64url');
}
function decodeCursor(s: string): Cursor | null {
  if (!s) return null;
  const [us, id] = Buffer.from(s, 'base64url').toString().split('.');
  return /^\d{1,20}$/.test(us ?? '') && isUuid(id) ? { us, id } : null;
}

export type OutboxRow = {
  id: string;
  toEmail: string;
  subject: string;
  template: string;
  status: 'pending' | 'sent' | 'failed';
  transport: string;
  createdAt: Date;
  sentAt: Date | null;
};

/**
 * One page of the outbox, newest first, by keyset on (created_at, id) — the same cost on page
 * one and page ten thousand (mail_outbox_keyset_idx, or mail_outbox_to_keyset_idx per recipient).
 */
export async function listOutbox(db: Kysely<DB>, viewer: Viewer | null, input: z.input<typeof outboxFilterSchema>) {
  const can = requireOutbox(viewer);
  const f = outboxFilterSchema.parse(input);
  const cursor = decodeCursor(f.before);
  let q = db
    .selectFrom('mail_outbox')
    .select(['id', 'to_email', 'subject', 'template', 'status', 'transport', 'created_at', 'sent_at'])
    .select(sql<string>`(extract(epoch from created_at) * 1000000)::bigint::text`.as('us'));
  if (f.to) q = q.where(sql`lower(to_email)`, '=', f.to);
  if (cursor) {
    q = q.where(sql`(created_at, id)`, '<', sql`(timestamptz 'epoch' + ${cursor.us}::bigint * interval '1 microsecond', ${cursor.id}::uuid)`);
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(OUTBOX_PAGE_SIZE + 1).execute();
  const page = rows.slice(0, OUTBOX_PAGE_SIZE);
  const last = page.at(-1);
  return {
    can,
    to: f.to,
    rows: page.map((r): OutboxRow => ({
      id: r.id, toEmail: r.to_email, subject: r.subject, template: r.template, status: r.status,
      transport: r.transport, createdAt: r.created_at, sentAt: r.sent_at,
    })),
    /** The cursor of the next (older) page, when there is one. */
    older: rows.length > OUTBOX_PAGE_SIZE && last ? encodeCursor({ us: last.us, id: last.id }) : null,
    firstPage: !cursor,
  };
}

export async function getOutboxMail(db: Kysely<DB>, viewer: Viewer | null, id: string) {
  const can = requireOutbox(viewer);
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  const row = await db
    .selectFrom('mail_outbox as m')
    .leftJoin('mail_outbox_live_link as l', (j) => j.onRef('l.mail_id', '=', 'm.id').on('l.expires_at', '>', sql<Date>`now()`))
    .select(['m.id', 'm.to_email', 'm.subject', 'm.template', 'm.status', 'm.transport', 'm.html', 'm.text', 'm.attachments', 'm.error', 'm.created_at', 'm.sent_at', 'm.bodies_purged_at', 'm.delivery_status', 'm.delivery_detail', 'm.delivery_at', 'l.url as live_url', 'l.expires_at as live_expires_at'])
    .where('m.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  return {
    can,
    id: row.id,
    toEmail: row.to_email,
    subject: row.subject,
    template: row.template,
    status: row.status,
    transport: row.transport,
    html: row.html,
    text: row.text,
    error: row.error,
    /** What the provider reported after accepting it (Resend webhooks, lib/mail/webhooks.ts). */
    delivery: row.delivery_status ? { status: row.delivery_status, detail: row.delivery_detail, at: row.delivery_at } : null,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    /** The body was removed after PLAZA_OUTBOX_RETENTION_DAYS (or held a sign-in token). */
    bodiesPurgedAt: row.bodies_purged_at,
    /**
     * The working sign-in link of a partner sign-in mail, while it is valid and unused — only
     * with the outbox transport, where the outbox is the delivery (lib/mail/send.ts).
     */
    liveLink: row.live_url && row.live_expires_at ? { url: row.live_url, expiresAt: row.live_expires_at } : null,
    /** Files sent with the mail (a meeting's calendar file), as text. */
    attachments: Array.isArray(row.attachments) ? (row.attachments as { filename: string; contentType: string; content: string }[]) : [],
  };
}

type Db = Kysely<DB> | Transaction<DB>;

/** A sign-in link was used: the outbox forgets the live links of that address (adapter). */
export async function forgetLiveLinks(db: Db, email: string): Promise<void> {
  await db.deleteFrom('mail_outbox_live_link').where(sql`lower(to_email)`, '=', email.trim().toLowerCase()).execute();
}
