import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { createHash } from 'node:crypto';
import { AccountCreationRefused, createPlazaAdapter } from './adapter';
import { hashSessionToken } from './session';

const ISS = 'https://idp.test';

describe('Plaza Auth.js adapter', () => {
  let t: TestDb;
  let adapter: ReturnType<typeof createPlazaAdapter>;
  let unitId: string;
  beforeAll(async () => {
    t = await createTestDb();
    adapter = createPlazaAdapter(t.db, { ssoIssuer: ISS });
    unitId = await insertUnit(t.db, { name: 'HQ' });
  });
  afterAll(() => t.drop());

  it('never creates people or links accounts on its own', async () => {
    await expect(adapter.createUser!({ id: 'x', email: 'new@x.example', emailVerified: null })).rejects.toBeInstanceOf(AccountCreationRefused);
    await expect(adapter.linkAccount!({ userId: 'x', type: 'oidc', provider: 'sso', providerAccountId: 's' })).rejects.toBeInstanceOf(AccountCreationRefused);
    expect(await t.db.selectFrom('person').select('id').where('email', '=', 'new@x.example').execute()).toEqual([]);
  });

  it('maps person to user; finds by id (uuid only), e-mail (case-insensitive) and issuer + subject', async () => {
    const id = await insertPerson(t.db, { email: 'ann@x.example', name: '安', unitId });
    expect(await adapter.getUser!(id)).toEqual({ id, email: 'ann@x.example', name: '安', emailVerified: null });
    expect(await adapter.getUser!('not-a-uuid')).toBeNull();
    expect((await adapter.getUserByEmail!('ANN@x.example'))?.id).toBe(id);
    expect(await adapter.getUserByEmail!('nobody@x.example')).toBeNull();

    await t.db.insertInto('auth_account').values({ person_id: id, type: 'oidc', provider: 'sso', issuer: ISS, provider_account_id: 'sub-ann' }).execute();
    expect((await adapter.getUserByAccount!({ provider: 'sso', providerAccountId: 'sub-ann' }))?.id).toBe(id);
    // The same subject from another issuer is somebody else.
    const other = createPlazaAdapter(t.db, { ssoIssuer: 'https://other-idp.test' });
    expect(await other.getUserByAccount!({ provider: 'sso', providerAccountId: 'sub-ann' })).toBeNull();

    const when = new Date('2026-11-22T08:00:00Z');
    expect((await adapter.updateUser!({ id, emailVerified: when })).emailVerified).toEqual(when);
  });

  it('sessions: create, read, extend, delete; none for deactivated people or suspended partner organisations', async () => {
    const id = await insertPerson(t.db, { email: 'sess@x.example', unitId });
    const expires = new Date(Date.now() + 3600_000);
    await adapter.createSession!({ sessionToken: 'tok-1', userId: id, expires });
    const got = await adapter.getSessionAndUser!('tok-1');
    expect(got?.user.id).toBe(id);
    expect(got?.session).toEqual({ sessionToken: 'tok-1', userId: id, expires });

    const later = new Date(Date.now() + 7200_000);
    expect(await adapter.updateSession!({ sessionToken: 'tok-1', expires: later })).toEqual({ sessionToken: 'tok-1', userId: id, expires: later });

    await t.db.updateTable('person').set({ status: 'deactivated' }).where('id', '=', id).execute();
    expect(await adapter.getSessionAndUser!('tok-1')).toBeNull();

    const org = await insertPartnerOrg(t.db, { name: 'P Co', type: 'supplier' });
    const partner = await insertPerson(t.db, { email: 'p@p.example', partnerOrgId: org });
    await adapter.createSession!({ sessionToken: 'tok-2', userId: partner, expires });
    expect(await adapter.getSessionAndUser!('tok-2')).not.toBeNull();
    await t.db.updateTable('partner_org').set({ status: 'suspended' }).where('id', '=', org).execute();
    expect(await adapter.getSessionAndUser!('tok-2')).toBeNull();

    expect(await adapter.deleteSession!('tok-2')).toMatchObject({ sessionToken: 'tok-2', userId: partner });
    expect(await t.db.selectFrom('auth_session').select('token_hash').where('token_hash', '=', hashSessionToken('tok-2')).execute()).toEqual([]);
    expect(await adapter.getSessionAndUser!('missing')).toBeNull();
  });

  it('stores only the SHA-256 of a session token', async () => {
    const id = await insertPerson(t.db, { email: 'hash@x.example', unitId });
    const token = 'plain-token-plain-token-plain-token-0123456';
    await adapter.createSession!({ sessionToken: token, userId: id, expires: new Date(Date.now() + 3600_000) });
    const rows = await t.db.selectFrom('auth_session').selectAll().where('person_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    // Someone holding a copy of the table cannot use the stored value as a cookie.
    expect(await adapter.getSessionAndUser!(rows[0].token_hash)).toBeNull();
    expect((await adapter.getSessionAndUser!(token))?.user.id).toBe(id);
  });

  it('a session ends at its absolute cap from sign-in, however often it is extended or used', async () => {
    const limited = createPlazaAdapter(t.db, { ssoIssuer: ISS, session: { maxAgeSec: 3600, idleSec: 600 } });
    const id = await insertPerson(t.db, { email: 'cap@x.example', unitId });
    const month = () => new Date(Date.now() + 30 * 24 * 3600_000);
    const created = await limited.createSession!({ sessionToken: 'cap-1', userId: id, expires: month() });
    expect(created.expires.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
    // Auth.js slides the expiry on every session check: never past sign-in + cap.
    const updated = await limited.updateSession!({ sessionToken: 'cap-1', expires: month() });
    expect(updated!.expires.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
    const row = await t.db.selectFrom('auth_session').select(['created_at', 'expires']).where('token_hash', '=', hashSessionToken('cap-1')).executeTakeFirstOrThrow();
    expect(row.expires.getTime()).toBeLessThanOrEqual(row.created_at.getTime() + 3600_000);

    // Signed in 61 minutes ago and active a moment ago: over.
    await t.db
      .updateTable('auth_session')
      .set({ created_at: new Date(Date.now() - 3660_000), expires: month(), last_seen_at: new Date() })
      .where('token_hash', '=', hashSessionToken('cap-1'))
      .execute();
    expect(await limited.getSessionAndUser!('cap-1')).toBeNull();
    expect(await t.db.selectFrom('auth_session').select('person_id').where('token_hash', '=', hashSessionToken('cap-1')).execute()).toEqual([]);
  });

  it('a session unused for the idle timeout ends; using it keeps it alive', async () => {
    const limited = createPlazaAdapter(t.db, { ssoIssuer: ISS, session: { maxAgeSec: 24 * 3600, idleSec: 600 } });
    const id = await insertPerson(t.db, { email: 'idle@x.example', unitId });
    const setLastSeen = (token: string, agoMs: number) =>
      t.db.updateTable('auth_session').set({ last_seen_at: new Date(Date.now() - agoMs) }).where('token_hash', '=', hashSessionToken(token)).execute();

    await limited.createSession!({ sessionToken: 'idle-1', userId: id, expires: new Date(Date.now() + 24 * 3600_000) });
    await setLastSeen('idle-1', 5 * 60_000);
    const alive = await limited.getSessionAndUser!('idle-1');
    expect(alive?.user.id).toBe(id);
    // The idle end moved: it is now about ten minutes away, not five.
    expect(alive!.session.expires.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    const seen = await t.db.selectFrom('auth_session').select('last_seen_at').where('token_hash', '=', hashSessionToken('idle-1')).executeTakeFirstOrThrow();
    expect(Date.now() - seen.last_seen_at.getTime()).toBeLessThan(5_000);

    await setLastSeen('idle-1', 601_000);
    expect(await limited.getSessionAndUser!('idle-1')).toBeNull();
  });

  it('verification tokens are single use, expired or not', async () => {
    const expires = new Date(Date.now() + 600_000);
    await adapter.createVerificationToken!({ identifier: 'a@p.example', token: 'h1', expires });
    expect(await adapter.useVerificationToken!({ identifier: 'b@p.example', token: 'h1' })).toBeNull();
    expect(await adapter.useVerificationToken!({ identifier: 'a@p.example', token: 'h1' })).toEqual({ identifier: 'a@p.example', token: 'h1', expires });
    expect(await adapter.useVerificationToken!({ identifier: 'a@p.example', token: 'h1' })).toBeNull();

    await adapter.createVerificationToken!({ identifier: 'a@p.example', token: 'h2', expires: new Date(Date.now() - 1000) });
    expect(await adapter.useVerificationToken!({ identifier: 'a@p.example', token: 'h2' })).not.toBeNull();
    expect(await t.db.selectFrom('auth_verification_token').select('token').execute()).toEqual([]);
  });
});
