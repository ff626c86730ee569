import { Auth, raw, skipCSRFCheck } from '@auth/core';
import type { AuthConfig } from '@auth/core';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { RateLimit } from '@/lib/ratelimit';
import { buildAuthConfig, type AuthSettings } from './config';
import { requestPartnerSignInLink } from './partner-link';
import { hashSessionToken } from './session';

/**
 * The partner e-mail flow through the real Auth.js core (no Next server): our action logic, the
 * adapter, the mail into mail_outbox, and the callback that turns a link into a session.
 */
const BASE = 'http://localhost:3000';
const settings: AuthSettings = {
  secret: 'test-secret-test-secret-test-secret-0123456789',
  authUrl: BASE,
  oidc: { issuer: 'http://localhost:3999', clientId: 'plaza', clientSecret: 'x', displayName: '' },
  selfRegistration: false,
};
const meta = { ip: '203.0.113.7', userAgent: 'vitest' };

describe('partner e-mail sign-in (Auth.js core + Plaza policy)', () => {
  let t: TestDb;
  let config: AuthConfig;
  let pool: pg.Pool;
  let limits: { perEmail: RateLimit; perIp: RateLimit };
  let partnerId: string;

  const sendLink = async (email: string) => {
    const req = new Request(`${BASE}/api/auth/signin/partner-email`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, callbackUrl: `${BASE}/partner` }),
    });
    await Auth(req, { ...config, raw, skipCSRFCheck });
  };
  const request = (email: string, ip = meta.ip) => requestPartnerSignInLink(t.db, email, { ...meta, ip }, { limits, sendLink });
  const mailsTo = (email: string) => t.db.selectFrom('mail_outbox').selectAll().where('to_email', '=', email).orderBy('created_at', 'desc').execute();
  const linkFrom = (text: string) => {
    const m = text.match(/http:\/\/localhost:3000\/partner\/sign-in\/confirm\?[^\s)\]]+/);
    if (!m) throw new Error(`no confirm link in mail:\n${text}`);
    return new URL(m[0].replace(/&amp;/g, '&'));
  };
  /** The working link: kept apart while valid (outbox transport only); the stored mail has the token redacted. */
  const liveLinkOf = async (mail: { id: string }) =>
    linkFrom((await t.db.selectFrom('mail_outbox_live_link').select('url').where('mail_id', '=', mail.id).executeTakeFirstOrThrow()).url);
  /** What the confirm route does: hand token + email to Auth.js's e-mail callback. */
  const complete = (link: URL) => {
    const cb = new URL(`${BASE}/api/auth/callback/partner-email`);
    cb.searchParams.set('token', link.searchParams.get('token')!);
    cb.searchParams.set('email', link.searchParams.get('email')!);
    cb.searchParams.set('callbackUrl', `${BASE}/partner`);
    return Auth(new Request(cb), config);
  };

  beforeAll(async () => {
    t = await createTestDb();
    config = buildAuthConfig(t.db, settings);
    pool = new pg.Pool({ connectionString: t.url, max: 2 });
    limits = {
      perEmail: await RateLimit.create(pool, { keyPrefix: 'pe', points: 5, durationSec: 900 }),
      perIp: await RateLimit.create(pool, { keyPrefix: 'pi', points: 20, durationSec: 900 }),
    };
    const org = await insertPartnerOrg(t.db, { name: '恒通精密零件', type: 'supplier' });
    partnerId = await insertPerson(t.db, { email: 'chen.gang@hengtong.example', name: '陈刚', partnerOrgId: org, locale: 'en' });
    await insertPerson(t.db, { email: 'former@hengtong.example', partnerOrgId: org, status: 'deactivated' });
    const suspended = await insertPartnerOrg(t.db, { name: 'Gone Co', type: 'other', status: 'suspended' });
    await insertPerson(t.db, { email: 'member@gone.example', partnerOrgId: suspended });
    await insertPerson(t.db, { email: 'staff@xinghai.example', unitId: await insertUnit(t.db, { name: 'HQ' }) });
  });
  beforeEach(async () => {
    await pool.query('delete from rate_limit');
  });
  afterAll(async () => {
    await pool.end();
    await t.drop();
  });

  it('an invited partner gets one mail (in their language) linking to the confirm page; the link signs in once', async () => {
    expect(await request('Chen.Gang@Hengtong.example')).toEqual({ status: 'accepted' });
    const [mail] = await mailsTo('chen.gang@hengtong.example');
    expect(mail).toMatchObject({ template: 'partner-sign-in', locale: 'en', subject: 'Your Plaza sign-in link', to_person_id: partnerId });
    const link = await liveLinkOf(mail);
    expect(link.pathname).toBe('/partner/sign-in/confirm');
    expect(mail.html).not.toContain('/api/auth/callback');
    // No live token at rest in the stored mail (issue 7 item 4).
    expect(linkFrom(mail.text!).searchParams.get('token')).toBe('REDACTED');
    expect(mail.html).not.toContain(link.searchParams.get('token')!);
    const [token] = await t.db.selectFrom('auth_verification_token').selectAll().execute();
    expect(token.identifier).toBe('chen.gang@hengtong.example');
    expect(token.token).not.toBe(link.searchParams.get('token')); // stored hashed
    expect(token.expires.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    expect(token.expires.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);

    const res = await complete(link);
    expect(res.status).toBe(302);
    // Used: the outbox forgets the live link.
    expect(await t.db.selectFrom('mail_outbox_live_link').select('url').where('mail_id', '=', mail.id).execute()).toEqual([]);
    expect(res.headers.get('location')).toBe(`${BASE}/partner`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const sessionToken = cookie!.split(';')[0].split('=')[1];
    // The table keeps the token's SHA-256, never the token.
    expect(await t.db.selectFrom('auth_session').select('person_id').where('token_hash', '=', sessionToken).execute()).toEqual([]);
    const session = await t.db.selectFrom('auth_session').selectAll().where('token_hash', '=', hashSessionToken(sessionToken)).executeTakeFirstOrThrow();
    expect(session.person_id).toBe(partnerId);
    const person = await t.db.selectFrom('person').select('email_verified_at').where('id', '=', partnerId).executeTakeFirstOrThrow();
    expect(person.email_verified_at).not.toBeNull();
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('actor_id', '=', partnerId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['auth.link_requested', 'auth.sign_in']);
    expect(audit[1].details).toMatchObject({ method: 'email' });

    // Used: a second try lands on Auth.js's error page with error=Verification (our "link expired" page).
    const again = await complete(link);
    expect(again.headers.get('location')).toBe(`${BASE}/sign-in/error?error=Verification`);
    expect(again.headers.getSetCookie().some((c) => c.startsWith('authjs.session-token='))).toBe(false);
  });

  it('an expired link fails and is used up', async () => {
    await request('chen.gang@hengtong.example');
    const [mail] = await mailsTo('chen.gang@hengtong.example');
    await t.db.updateTable('auth_verification_token').set({ expires: new Date(Date.now() - 1000) }).execute();
    const res = await complete(await liveLinkOf(mail));
    expect(res.headers.get('location')).toBe(`${BASE}/sign-in/error?error=Verification`);
    expect(await t.db.selectFrom('auth_verification_token').select('token').execute()).toEqual([]);
  });

  it('uninvited, deactivated, suspended and employee addresses get the same answer, no mail, no token, no account', async () => {
    const before = await t.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const email of ['stranger@nowhere.example', 'former@hengtong.example', 'member@gone.example', 'staff@xinghai.example']) {
      expect(await request(email)).toEqual({ status: 'accepted' });
      expect(await mailsTo(email)).toEqual([]);
    }
    expect(await t.db.selectFrom('auth_verification_token').select('token').execute()).toEqual([]);
    const after = await t.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const refusals = await t.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'auth.link_requested')
      .where(sql`details->>'result'`, '=', 'refused')
      .execute();
    expect(refusals.map((r) => (r.details as { reason: string }).reason)).toEqual(expect.arrayContaining(['not_invited', 'deactivated', 'org_suspended', 'employee']));
  });

  it("Auth.js's own sign-in endpoint refuses non-partners too (defence in depth)", async () => {
    await expect(sendLink('stranger@nowhere.example')).rejects.toThrow();
    await expect(sendLink('staff@xinghai.example')).rejects.toThrow();
    expect(await mailsTo('stranger@nowhere.example')).toEqual([]);
    expect(await t.db.selectFrom('person').select('id').where('email', '=', 'stranger@nowhere.example').execute()).toEqual([]);
  });

  it('a partner deactivated between mail and click is refused at the click', async () => {
    const org = await insertPartnerOrg(t.db, { name: 'Later Co', type: 'customer' });
    const id = await insertPerson(t.db, { email: 'soon.gone@later.example', partnerOrgId: org });
    await request('soon.gone@later.example');
    const [mail] = await mailsTo('soon.gone@later.example');
    await t.db.updateTable('partner_org').set({ status: 'suspended' }).where('id', '=', org).execute();
    const res = await complete(await liveLinkOf(mail));
    expect(res.headers.get('location')).toBe(`${BASE}/sign-in/refused?reason=partner_inactive`);
    expect(await t.db.selectFrom('auth_session').select('token_hash').where('person_id', '=', id).execute()).toEqual([]);
  });

  it('rate limits: 5 per address, 20 per client address, per 15 minutes', async () => {
    for (let i = 0; i < 5; i++) expect(await request('zhou.li@hengtong.example')).toEqual({ status: 'accepted' });
    expect(await request('zhou.li@hengtong.example')).toMatchObject({ status: 'rate_limited' });
    // Another address from another client is fine.
    expect(await request('other@x.example', '198.51.100.1')).toEqual({ status: 'accepted' });

    await pool.query('delete from rate_limit');
    for (let i = 0; i < 20; i++) expect(await request(`a${i}@x.example`, '198.51.100.2')).toEqual({ status: 'accepted' });
    expect(await request('fresh@x.example', '198.51.100.2')).toMatchObject({ status: 'rate_limited' });
    const limited = await t.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'auth.link_requested')
      .where(sql`details->>'reason'`, '=', 'rate_limited')
      .execute();
    expect(limited).toHaveLength(2); // once per window and limit, not once per request
  });

  it('limits are per client, never one bucket for everyone', async () => {
    // One busy client does not lock out another.
    for (let i = 0; i < 21; i++) await request(`busy${i}@x.example`, '198.51.100.20');
    expect(await request('busy-more@x.example', '198.51.100.20')).toMatchObject({ status: 'rate_limited' });
    expect(await request('chen.gang@hengtong.example', '198.51.100.21')).toEqual({ status: 'accepted' });
    // An IPv6 client cannot step around its limit by rotating through its /64.
    await pool.query('delete from rate_limit');
    for (let i = 0; i < 20; i++) expect(await request(`v6-${i}@x.example`, `2001:db8:5:6::${i + 1}`)).toEqual({ status: 'accepted' });
    expect(await request('v6-more@x.example', '2001:db8:5:6::ffff')).toMatchObject({ status: 'rate_limited' });
    // Requests whose client address is unknown are limited per e-mail address, not all together.
    await pool.query('delete from rate_limit');
    for (let i = 0; i < 25; i++) expect(await request(`nobody${i}@x.example`, null as unknown as string)).toEqual({ status: 'accepted' });
  });

});
