import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { partnerEligibility, resolveSsoSignIn, type SsoIdentity } from './sign-in-policy';

const ISS = 'https://idp.test';
const off = { selfRegistration: false };
let n = 0;
const ident = (email: string | null, extra: Partial<SsoIdentity> = {}): SsoIdentity => ({
  issuer: ISS,
  subject: `sub-${++n}`,
  email,
  emailVerified: true,
  name: 'Someone',
  ...extra,
});

describe('SSO sign-in rules', () => {
  let t: TestDb;
  let unitId: string;
  beforeAll(async () => {
    t = await createTestDb();
    unitId = await insertUnit(t.db, { name: '信息技术部', nameEn: 'IT' });
  });
  afterAll(() => t.drop());

  const accounts = (personId: string) => t.db.selectFrom('auth_account').selectAll().where('person_id', '=', personId).execute();
  const lastAudit = (action: string) =>
    t.db.selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirst();

  it('links an active seeded/admin/imported employee once, by verified e-mail (case-insensitive)', async () => {
    const id = await insertPerson(t.db, { email: 'link.me@x.example', unitId, origin: 'admin' });
    const first = ident('Link.Me@X.example');
    const d = await resolveSsoSignIn(t.db, first, off);
    expect(d).toMatchObject({ ok: true, personId: id, outcome: 'linked' });
    expect(await accounts(id)).toMatchObject([{ provider: 'sso', issuer: ISS, provider_account_id: first.subject, type: 'oidc' }]);
    expect((await lastAudit('auth.sso_linked'))?.actor_id).toBe(id);

    // Next time the subject alone identifies the person, even if the IdP's e-mail changed.
    const again = await resolveSsoSignIn(t.db, { ...first, email: 'renamed@x.example' }, off);
    expect(again).toMatchObject({ ok: true, personId: id, outcome: 'existing' });

    // Another subject claiming the same address is refused: the record is already linked.
    const other = await resolveSsoSignIn(t.db, ident('link.me@x.example'), off);
    expect(other).toMatchObject({ ok: false, reason: 'already_linked' });
    expect(await accounts(id)).toHaveLength(1);
  });

  it('refuses to link when the IdP does not vouch for the address', async () => {
    const id = await insertPerson(t.db, { email: 'unverified@x.example', unitId, origin: 'import' });
    const d = await resolveSsoSignIn(t.db, ident('unverified@x.example', { emailVerified: false }), off);
    expect(d).toMatchObject({ ok: false, reason: 'unverified' });
    expect(await accounts(id)).toHaveLength(0);
    const audit = await lastAudit('auth.sign_in_failed');
    expect(audit?.details).toMatchObject({ method: 'sso', reason: 'unverified', email: 'unverified@x.example' });
  });

  it('refuses records of origin self/invite (they cannot be claimed by e-mail)', async () => {
    const id = await insertPerson(t.db, { email: 'selfmade@x.example', unitId, origin: 'self' });
    expect(await resolveSsoSignIn(t.db, ident('selfmade@x.example'), off)).toMatchObject({ ok: false, reason: 'not_linkable' });
    expect(await accounts(id)).toHaveLength(0);
  });

  it('refuses deactivated people, linked or not', async () => {
    const id = await insertPerson(t.db, { email: 'gone@x.example', unitId, status: 'deactivated' });
    expect(await resolveSsoSignIn(t.db, ident('gone@x.example'), off)).toMatchObject({ ok: false, reason: 'deactivated' });
    expect(await accounts(id)).toHaveLength(0);

    const linkedId = await insertPerson(t.db, { email: 'gone.later@x.example', unitId });
    const who = ident('gone.later@x.example');
    expect(await resolveSsoSignIn(t.db, who, off)).toMatchObject({ ok: true });
    await t.db.updateTable('person').set({ status: 'deactivated' }).where('id', '=', linkedId).execute();
    expect(await resolveSsoSignIn(t.db, who, off)).toMatchObject({ ok: false, reason: 'deactivated' });
  });

  it('never lets a partner in through SSO', async () => {
    const org = await insertPartnerOrg(t.db, { name: '恒通', type: 'supplier' });
    const id = await insertPerson(t.db, { email: 'partner@p.example', partnerOrgId: org });
    expect(await resolveSsoSignIn(t.db, ident('partner@p.example'), off)).toMatchObject({ ok: false, reason: 'partner' });
    expect(await accounts(id)).toHaveLength(0);
  });

  it('refuses unknown people and creates nobody when self-registration is off', async () => {
    expect(await resolveSsoSignIn(t.db, ident('stranger@x.example'), off)).toMatchObject({ ok: false, reason: 'unknown' });
    expect(await t.db.selectFrom('person').select('id').where('email', '=', 'stranger@x.example').executeTakeFirst()).toBeUndefined();
    expect((await lastAudit('auth.sign_in_failed'))?.details).toMatchObject({ reason: 'unknown', email: 'stranger@x.example' });
  });

  it('refuses when the IdP sends no e-mail address', async () => {
    expect(await resolveSsoSignIn(t.db, ident(null), off)).toMatchObject({ ok: false, reason: 'no_email' });
  });

  it('self-registration creates an employee (origin self) in the configured unit, by id or name', async () => {
    const byName = await resolveSsoSignIn(t.db, ident('newbie@x.example', { name: '新人', locale: 'en' }), { selfRegistration: true, selfRegistrationUnit: 'it' });
    expect(byName).toMatchObject({ ok: true, outcome: 'created' });
    const p = await t.db.selectFrom('person').selectAll().where('email', '=', 'newbie@x.example').executeTakeFirstOrThrow();
    expect(p).toMatchObject({ kind: 'employee', origin: 'self', unit_id: unitId, name: '新人', locale: 'en', status: 'active' });
    expect(await accounts(p.id)).toHaveLength(1);

    const byId = await resolveSsoSignIn(t.db, ident('newbie2@x.example'), { selfRegistration: true, selfRegistrationUnit: unitId });
    expect(byId).toMatchObject({ ok: true, outcome: 'created' });
  });

  it('self-registration without a (valid) unit, or without a verified address, refuses', async () => {
    expect(await resolveSsoSignIn(t.db, ident('nounit@x.example'), { selfRegistration: true })).toMatchObject({ ok: false, reason: 'unknown' });
    expect(await resolveSsoSignIn(t.db, ident('badunit@x.example'), { selfRegistration: true, selfRegistrationUnit: 'nowhere' })).toMatchObject({ ok: false, reason: 'unknown' });
    expect(await resolveSsoSignIn(t.db, ident('unv@x.example', { emailVerified: false }), { selfRegistration: true, selfRegistrationUnit: unitId })).toMatchObject({ ok: false, reason: 'unverified' });
    const created = await t.db.selectFrom('person').select('email').where('email', 'in', ['nounit@x.example', 'badunit@x.example', 'unv@x.example']).execute();
    expect(created).toEqual([]);
  });

  it('concurrent first sign-ins of the same person link exactly one identity', async () => {
    const id = await insertPerson(t.db, { email: 'race@x.example', unitId });
    const results = await Promise.all([resolveSsoSignIn(t.db, ident('race@x.example'), off), resolveSsoSignIn(t.db, ident('race@x.example'), off)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toMatchObject([{ reason: 'already_linked' }]);
    expect(await accounts(id)).toHaveLength(1);
  });
});

describe('partner e-mail eligibility', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('only an active partner of an active organisation', async () => {
    const active = await insertPartnerOrg(t.db, { name: 'Active Co', type: 'customer' });
    const suspended = await insertPartnerOrg(t.db, { name: 'Suspended Co', type: 'supplier', status: 'suspended' });
    const unit = await insertUnit(t.db, { name: 'HQ' });
    const ok = await insertPerson(t.db, { email: 'ok@partner.example', partnerOrgId: active, locale: 'en' });
    await insertPerson(t.db, { email: 'off@partner.example', partnerOrgId: active, status: 'deactivated' });
    await insertPerson(t.db, { email: 'susp@partner.example', partnerOrgId: suspended });
    await insertPerson(t.db, { email: 'staff@x.example', unitId: unit });

    expect(await partnerEligibility(t.db, ' OK@Partner.example ')).toEqual({ ok: true, personId: ok, email: 'ok@partner.example', locale: 'en' });
    expect(await partnerEligibility(t.db, 'off@partner.example')).toMatchObject({ ok: false, reason: 'deactivated' });
    expect(await partnerEligibility(t.db, 'susp@partner.example')).toMatchObject({ ok: false, reason: 'org_suspended' });
    expect(await partnerEligibility(t.db, 'staff@x.example')).toMatchObject({ ok: false, reason: 'employee' });
    expect(await partnerEligibility(t.db, 'nobody@partner.example')).toEqual({ ok: false, reason: 'not_invited' });
    // A full-width ＠ is normalised (NFKC) before lookup, like Auth.js does.
    expect(await partnerEligibility(t.db, 'ok＠partner.example')).toMatchObject({ ok: true, personId: ok });
  });
});
