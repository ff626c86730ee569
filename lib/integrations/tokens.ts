import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { requireAdmin } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { invalidFields, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import type { RequestMeta } from '@/lib/http/request-meta';
import { isUuid } from '@/lib/ids';
import { createTokenSchema, integrationScopes, MAX_TOKEN_DAYS, tokenIdSchema, type IntegrationScope } from './schema';

/**
 * Integration tokens (docs/decisions/1300): `plz_<prefix>_<secret>`. The prefix (12 characters)
 * finds the row and is shown in lists; only a SHA-256 of the whole token is stored, compared in
 * constant time. Admins create, list and revoke; the token is shown once, at creation.
 */
export const TOKEN_PAGE_SIZE = 50;

export type TokenState = 'active' | 'expired' | 'revoked';
export type TokenListItem = {
  id: string; name: string; prefix: string; scopes: IntegrationScope[]; expiresAt: Date; createdAt: Date; createdByName: string | null;
  revokedAt: Date | null; lastUsedAt: Date | null; state: TokenState;
  can: { revoke: boolean };
};

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const isScope = (s: string): s is IntegrationScope => (integrationScopes as readonly string[]).includes(s);

export function stateOf(t: { revoked_at: Date | null; expires_at: Date }, now = new Date()): TokenState {
  return t.revoked_at ? 'revoked' : t.expires_at.getTime() <= now.getTime() ? 'expired' : 'active';
}

/** Every token, newest first, keyset-paged by (created_at, id). Admins only. */
export async function listTokens(db: Kysely<DB>, viewer: Viewer | null, opts: { after?: string | null; now?: Date } = {}): Promise<{ items: TokenListItem[]; next: string | null }> {
  requireAdmin(viewer);
  let q = db
    .selectFrom('integration_token as t')
    .leftJoin('person as p', 'p.id', 't.created_by')
    .select(['t.id', 't.name', 't.prefix', 't.scopes', 't.expires_at', 't.created_at', 't.revoked_at', 't.last_used_at', 'p.name as created_by_name'])
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(TOKEN_PAGE_SIZE + 1);
  if (opts.after && isUuid(opts.after)) {
    const a = await db.selectFrom('integration_token').select(['created_at', 'id']).where('id', '=', opts.after).executeTakeFirst();
    if (a) q = q.where((eb) => eb.or([eb('t.created_at', '<', a.created_at), eb.and([eb('t.created_at', '=', a.created_at), eb('t.id', '<', a.id)])]));
  }
  const rows = await q.execute();
  const items = rows.slice(0, TOKEN_PAGE_SIZE).map((r): TokenListItem => {
    const state = stateOf(r, opts.now);
    return {
      id: r.id, name: r.name, prefix: r.prefix, scopes: r.scopes.filter(isScope), expiresAt: r.expires_at, createdAt: r.created_at, createdByName: r.created_by_name,
      revokedAt: r.revoked_at, lastUsedAt: r.last_used_at, state, can: { revoke: state !== 'revoked' },
    };
  });
  return { items, next: rows.length > TOKEN_PAGE_SIZE ? items[items.length - 1].id : null };
}

/** Creates a token acting as the admin who creates it; returns the secret once. */
export async function createToken(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: { meta?: RequestMeta; now?: Date } = {}): Promise<{ id: string; token: string; name: string }> {
  const v = requireAdmin(viewer);
  const f = parseInput(createTokenSchema, raw);
  const now = opts.now ?? new Date();
  const expiresAt = new Date(`${f.expiresOn}T23:59:59.999Z`);
  if (Number.isNaN(expiresAt.getTime()) || !expiresAt.toISOString().startsWith(f.expiresOn)) throw invalidFields({ expiresOn: 'integrations.admin.errors.expiryInvalid' });
  if (expiresAt.getTime() <= now.getTime()) throw invalidFields({ expiresOn: 'integrations.admin.errors.expiryPast' });
  if (expiresAt.getTime() - now.getTime() > MAX_TOKEN_DAYS * 86_400_000) throw invalidFields({ expiresOn: { key: 'integrations.admin.errors.expiryTooFar', params: { days: MAX_TOKEN_DAYS } } });
  const prefix = `plz_${randomBytes(6).toString('hex').slice(0, 8)}`;
  const token = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('integration_token')
      .values({ name: f.name, prefix, secret_hash: hashToken(token), scopes: f.scopes, acts_as: v.id, expires_at: expiresAt, created_by: v.id, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actor: v, action: 'integration.token_create', target: { type: 'integration_token', id: row.id, label: f.name }, details: { scopes: f.scopes, expiresAt: expiresAt.toISOString(), prefix }, meta: opts.meta });
    return { id: row.id, token, name: f.name };
  });
}

/** Revokes a token for good (a second revoke changes nothing). */
export async function revokeToken(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: { meta?: RequestMeta; now?: Date } = {}): Promise<void> {
  const v = requireAdmin(viewer);
  const { id } = parseInput(tokenIdSchema, raw);
  await db.transaction().execute(async (trx) => {
    const t = await trx.selectFrom('integration_token').select(['id', 'name', 'revoked_at']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!t) throw notFound();
    if (t.revoked_at) return;
    await trx.updateTable('integration_token').set({ revoked_at: opts.now ?? new Date(), revoked_by: v.id }).where('id', '=', id).execute();
    await recordAudit(trx, { actor: v, action: 'integration.token_revoke', target: { type: 'integration_token', id, label: t.name }, meta: opts.meta });
  });
}

export type TokenCheck =
  | { ok: true; token: { id: string; name: string; prefix: string; scopes: IntegrationScope[]; actsAs: string } }
  | { ok: false; code: 'token_missing' | 'token_invalid' | 'token_expired' | 'token_revoked'; token?: { id: string; name: string; prefix: string } };

/** `Authorization: Bearer plz_…` → the token, or why not. Expired and revoked are told apart only for a real token. */
export async function authenticateToken(db: Kysely<DB>, authorization: string | null, now = new Date()): Promise<TokenCheck> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return { ok: false, code: 'token_missing' };
  const presented = m[1];
  const pm = /^(plz_[0-9a-f]{8})_[A-Za-z0-9_-]{20,100}$/.exec(presented);
  if (!pm) return { ok: false, code: 'token_invalid' };
  const row = await db
    .selectFrom('integration_token')
    .select(['id', 'name', 'prefix', 'secret_hash', 'scopes', 'acts_as', 'expires_at', 'revoked_at'])
    .where('prefix', '=', pm[1])
    .executeTakeFirst();
  const a = Buffer.from(hashToken(presented), 'hex');
  if (!row || !timingSafeEqual(a, Buffer.from(row.secret_hash, 'hex'))) return { ok: false, code: 'token_invalid' };
  const info = { id: row.id, name: row.name, prefix: row.prefix };
  const state = stateOf(row, now);
  if (state === 'revoked') return { ok: false, code: 'token_revoked', token: info };
  if (state === 'expired') return { ok: false, code: 'token_expired', token: info };
  return { ok: true, token: { ...info, scopes: row.scopes.filter(isScope), actsAs: row.acts_as } };
}
