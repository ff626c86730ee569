import 'server-only';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import type { RequestMeta } from '@/lib/http/request-meta';
import { unsubscribeDigest } from './preferences';
import { verifyUnsubscribeToken } from './unsubscribe-token';

/**
 * Unsubscribing from a digest without signing in: the signed token is the only authority, and it
 * can do one thing — turn that person's digest off. The page shows only the address it concerns.
 */
export type UnsubscribeCheck = { state: 'valid'; email: string } | { state: 'invalid' | 'expired' };

export async function checkUnsubscribeToken(db: Kysely<DB>, token: unknown): Promise<UnsubscribeCheck> {
  const v = verifyUnsubscribeToken(token);
  if (!v.ok) return { state: v.reason };
  const p = await db.selectFrom('person').select('email').where('id', '=', v.personId).executeTakeFirst();
  return p ? { state: 'valid', email: p.email } : { state: 'invalid' };
}

const unsubscribeSchema = z.object({ token: z.string({ error: 'notifications.unsubscribe.invalid' }).max(200, { error: 'notifications.unsubscribe.invalid' }) });

export async function unsubscribeWithToken(db: Kysely<DB>, raw: unknown, opts: { meta?: RequestMeta } = {}): Promise<{ email: string }> {
  const { token } = parseInput(unsubscribeSchema, raw);
  const v = verifyUnsubscribeToken(token);
  if (!v.ok) throw new AppError('INVALID', v.reason === 'expired' ? 'notifications.unsubscribe.expired' : 'notifications.unsubscribe.invalid');
  const done = await unsubscribeDigest(db, v.personId, opts);
  if (!done) throw new AppError('INVALID', 'notifications.unsubscribe.invalid');
  return done;
}
