import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { AccountCreationRefused, createPlazaAdapter } from './adapter';

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
    expect(await t.db.selectFrom('auth_session').select('session_token').where('session_token', '=', 'tok-2').execute()).toEqual([]);
    expect(await adapter.getSessionAndUser!('missing')).toBeNull();
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
