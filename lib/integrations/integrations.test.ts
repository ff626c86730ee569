import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDb, type TestDb } from '@/db/testing';
import { buildOrg, type Org } from '@/lib/announcements/testing';
import { notFound } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import { apiResult, runApiCall, type ApiFn } from './api';
import { authenticateToken, createToken, listTokens, revokeToken } from './tokens';

let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
const meta = { ip: '203.0.113.7', userAgent: 'erp/1.0' };

async function call(token: string | null, scope: 'orders:read' | 'orders:write', fn: ApiFn<unknown> = async (_r, c) => ({ who: c.viewer.email }), opts: { now?: Date; limited?: boolean; lang?: string } = {}) {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (opts.lang) headers['accept-language'] = opts.lang;
  const res = await runApiCall(t.db, new Request('http://plaza.test/api/v1/orders', { headers }), scope, fn, {}, meta, {
    now: opts.now, limit: async () => (opts.limited ? { allowed: false, retryAfterSec: 30, firstRefusal: true } : { allowed: true, remaining: 10 }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string; fields?: { path: string; message: string }[] } } & Record<string, unknown> };
}

describe('integration tokens', () => {
  it('admins create tokens shown once and stored hashed; others are refused', async () => {
    const r = await createToken(t.db, org.viewers.admin, { name: 'Kingdee ERP', scopes: ['orders:read'], expiresOn: inDays(30) }, { meta });
    expect(r.token).toMatch(/^plz_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    const row = await t.db.selectFrom('integration_token').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row.secret_hash).not.toContain(r.token.slice(13));
    expect(JSON.stringify(row)).not.toContain(r.token);
    expect(row.acts_as).toBe(org.viewers.admin.id);
    const list = await listTokens(t.db, org.viewers.admin);
    expect(list.items[0]).toMatchObject({ name: 'Kingdee ERP', state: 'active', scopes: ['orders:read'], can: { revoke: true } });
    expect(JSON.stringify(list)).not.toContain(r.token);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'integration.token_create').execute();
    expect(audit).toEqual([{ action: 'integration.token_create', target_id: r.id }]);

    for (const who of ['comms', 'prodHead', 'worker1'] as const) expect(await code(createToken(t.db, org.viewers[who], { name: 'x', scopes: ['orders:read'], expiresOn: inDays(3) }))).toBe('FORBIDDEN');
    for (const who of ['hengtongAdmin', 'hualianMember'] as const) expect(await code(listTokens(t.db, org.viewers[who]))).toBe('NOT_FOUND');
    expect(await code(listTokens(t.db, null))).toBe('UNAUTHENTICATED');
  });

  it('refuses bad input field by field', async () => {
    const fields = (p: Promise<unknown>) => p.then(() => ({}), (e: { details?: { fieldErrors?: Record<string, { key: string }> } }) => Object.fromEntries(Object.entries(e.details?.fieldErrors ?? {}).map(([k, m]) => [k, m.key])));
    expect(await fields(createToken(t.db, org.viewers.admin, { name: '', scopes: [], expiresOn: '' }))).toMatchObject({ name: 'errors.validation.required', scopes: 'integrations.admin.errors.noScopes' });
    expect(await fields(createToken(t.db, org.viewers.admin, { name: 'x', scopes: ['orders:delete'], expiresOn: inDays(3) }))).toMatchObject({ 'scopes.0': 'errors.validation.choose' });
    expect(await fields(createToken(t.db, org.viewers.admin, { name: 'x', scopes: ['orders:read'], expiresOn: inDays(-1) }))).toEqual({ expiresOn: 'integrations.admin.errors.expiryPast' });
    expect(await fields(createToken(t.db, org.viewers.admin, { name: 'x', scopes: ['orders:read'], expiresOn: inDays(400) }))).toEqual({ expiresOn: 'integrations.admin.errors.expiryTooFar' });
    expect(await fields(createToken(t.db, org.viewers.admin, { name: 'x', scopes: ['orders:read'], expiresOn: '2026-02-30' }))).toEqual({ expiresOn: 'integrations.admin.errors.expiryInvalid' });
  });
});

describe('apiHandler: stable JSON error codes, scopes, expiry, revocation, audit', () => {
  it('answers token_missing, token_invalid, token_expired, token_revoked and scope_denied', async () => {
    const { token, id } = await createToken(t.db, org.viewers.admin, { name: 'SAP', scopes: ['orders:read'], expiresOn: inDays(10) });
    expect(await call(null, 'orders:read')).toMatchObject({ status: 401, body: { error: { code: 'token_missing' } } });
    expect(await call('nonsense', 'orders:read')).toMatchObject({ status: 401, body: { error: { code: 'token_invalid' } } });
    expect(await call(`${token.slice(0, 13)}${'A'.repeat(43)}`, 'orders:read')).toMatchObject({ status: 401, body: { error: { code: 'token_invalid' } } });
    expect(await call(token, 'orders:read')).toMatchObject({ status: 200, body: { who: org.viewers.admin.email } });
    expect(await call(token, 'orders:write')).toMatchObject({ status: 403, body: { error: { code: 'scope_denied', message: 'This token does not carry the scope orders:write.' } } });
    expect(await call(token, 'orders:write', undefined, { lang: 'zh-CN,zh;q=0.9' })).toMatchObject({ body: { error: { message: '该令牌没有 orders:write 权限范围。' } } });
    expect(await call(token, 'orders:read', undefined, { now: new Date(Date.now() + 11 * 86_400_000) })).toMatchObject({ status: 401, body: { error: { code: 'token_expired' } } });
    expect(await call(token, 'orders:read', undefined, { limited: true })).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });

    await revokeToken(t.db, org.viewers.admin, { id });
    await revokeToken(t.db, org.viewers.admin, { id }); // a second revoke changes nothing
    expect(await call(token, 'orders:read')).toMatchObject({ status: 401, body: { error: { code: 'token_revoked' } } });
    expect((await listTokens(t.db, org.viewers.admin)).items.find((i) => i.id === id)).toMatchObject({ state: 'revoked', can: { revoke: false } });
    expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'integration.token_revoke').execute()).toHaveLength(1);

    // Every call is an audit entry naming the token, the route and the outcome.
    const calls = await t.db.selectFrom('audit_log').select(['target_id', 'details', 'actor_id', 'ip']).where('action', '=', 'integration.call').where('target_id', '=', id).orderBy('id').execute();
    expect(calls.map((c) => (c.details as { outcome: string }).outcome)).toEqual(['ok', 'scope_denied', 'scope_denied', 'token_expired', 'rate_limited', 'token_revoked']);
    expect(calls[0]).toMatchObject({ actor_id: org.viewers.admin.id, ip: '203.0.113.7', details: { route: '/api/v1/orders', method: 'GET', status: 200 } });
  });

  it('maps lib failures: validation_failed with field paths, not_found, and results with their status', async () => {
    const { token } = await createToken(t.db, org.viewers.admin, { name: 'Yonyou', scopes: ['orders:read', 'orders:write'], expiresOn: inDays(10) });
    const schema = z.object({ lines: z.array(z.object({ quantity: z.string().min(1, { error: 'errors.validation.required' }) })) });
    const invalid = await call(token, 'orders:write', async () => parseInput(schema, { lines: [{ quantity: 'ok' }, { quantity: '' }] }));
    expect(invalid).toMatchObject({ status: 422, body: { error: { code: 'validation_failed', fields: [{ path: 'lines.1.quantity' }] } } });
    expect(await call(token, 'orders:read', async () => { throw notFound(); })).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await call(token, 'orders:write', async () => apiResult({ id: 'x' }, 201))).toMatchObject({ status: 201, body: { id: 'x' } });
  });

  it('stops working when the person it acts for is deactivated', async () => {
    const { token } = await createToken(t.db, org.viewers.admin, { name: 'Script', scopes: ['orders:read'], expiresOn: inDays(10) });
    await t.db.updateTable('person').set({ status: 'deactivated', deactivated_at: new Date() }).where('id', '=', org.viewers.admin.id).execute();
    try {
      expect(await call(token, 'orders:read')).toMatchObject({ status: 401, body: { error: { code: 'token_invalid' } } });
    } finally {
      await t.db.updateTable('person').set({ status: 'active', deactivated_at: null }).where('id', '=', org.viewers.admin.id).execute();
    }
    expect((await authenticateToken(t.db, `Bearer ${token}`)).ok).toBe(true);
  });
});
