import { Auth, skipCSRFCheck } from '@auth/core';
import type { AuthConfig } from '@auth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { devSubject, startDevIdp, type DevIdp } from '@/lib/dev-idp/server';
import { NextRequest } from 'next/server';
import { buildAuthConfig, type AuthSettings } from './config';
import { runSignInCallback } from './fresh-sign-in';
import { hashSessionToken } from './session';

/**
 * Company SSO end to end without a browser: Auth.js core ↔ the dev identity provider over real
 * HTTP (discovery, authorization code + PKCE + state + nonce, token endpoint, signed ID token),
 * then Plaza's linking rules. A tiny cookie jar stands in for the browser.
 */
const BASE = 'http://localhost:3000';
const IDP_PORT = 39_000 + Math.floor(Math.random() * 900);
const ISSUER = `http://localhost:${IDP_PORT}`;

class Jar {
  private cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=thu, 01 jan 1970/i.test(a) || /^\s*max-age=0\b/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string) {
    return this.cookies.get(name);
  }
}

describe('company SSO through the dev identity provider', () => {
  let t: TestDb;
  let idp: DevIdp;
  let config: AuthConfig;

  beforeAll(async () => {
    t = await createTestDb();
    idp = await startDevIdp({
      port: IDP_PORT,
      issuer: ISSUER,
      databaseUrl: t.url,
      clients: [{ clientId: 'plaza', clientSecret: 'plaza-test-secret', redirectUris: [`${BASE}/api/auth/callback/sso`] }],
    });
    const settings: AuthSettings = {
      secret: 'test-secret-test-secret-test-secret-0123456789',
      authUrl: BASE,
      oidc: { issuer: ISSUER, clientId: 'plaza', clientSecret: 'plaza-test-secret', displayName: 'Xinghai SSO' },
      selfRegistration: false,
    };
    config = buildAuthConfig(t.db, settings);
    const it = await insertUnit(t.db, { name: '信息技术部', nameEn: 'IT' });
    await insertPerson(t.db, { email: 'wang.lei@xinghai.example', name: '王磊', unitId: it, roles: ['admin'], origin: 'seed' });
    await insertPerson(t.db, { email: 'zhao.min@xinghai.example', name: '赵敏', unitId: it, status: 'deactivated' });
  });
  afterAll(async () => {
    await idp?.close();
    await t?.drop();
  });

  /** Browser-like walk: Plaza → IdP → pick a person → IdP → Plaza callback. Returns Plaza's final response. */
  async function signInAs(email: string, plaza = new Jar()): Promise<{ res: Response; jar: Jar }> {
    const start = await Auth(
      new Request(`${BASE}/api/auth/signin/sso`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ callbackUrl: `${BASE}/` }),
      }),
      { ...config, skipCSRFCheck },
    );
    plaza.take(start);
    let url = start.headers.get('location')!;
    expect(url.startsWith(`${ISSUER}/auth?`)).toBe(true);
    const authorize = new URL(url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('response_type')).toBe('code');

    const idpJar = new Jar();
    const go = async (u: string, init: RequestInit = {}) => {
      const res = await fetch(u, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: idpJar.header() } });
      idpJar.take(res);
      return res;
    };
    let res = await go(url);
    // Follow the IdP's redirects until it sends the browser back to Plaza; sign in on the way.
    for (let hops = 0; hops < 10; hops++) {
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location')!, ISSUER).toString();
        if (url.startsWith(BASE)) break;
        res = await go(url);
        continue;
      }
      const html = await res.text();
      expect(res.status, html).toBe(200);
      const action = html.match(/action="(\/interaction\/[^"]+\/login)"/)?.[1];
      expect(action, html).toBeTruthy();
      res = await go(new URL(action!, ISSUER).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email }).toString(),
      });
    }
    expect(url.startsWith(`${BASE}/api/auth/callback/sso?`)).toBe(true);
    expect(new URL(url).searchParams.get('code')).toBeTruthy();
    // As app/api/auth/[...nextauth]/route.ts does it.
    const done = await runSignInCallback(t.db, new NextRequest(url, { headers: { cookie: plaza.header() } }), (r) => Auth(r, config));
    plaza.take(done);
    return { res: done, jar: plaza };
  }

  it('a seeded employee signs in; the first time links issuer + IdP subject to the person', async () => {
    const { res, jar } = await signInAs('wang.lei@xinghai.example');
    expect(res.headers.get('location')).toBe(`${BASE}/`);
    const token = jar.get('authjs.session-token');
    expect(token).toBeTruthy();
    const session = await t.db
      .selectFrom('auth_session as s')
      .innerJoin('person as p', 'p.id', 's.person_id')
      .select(['p.email'])
      .where('s.token_hash', '=', hashSessionToken(token!))
      .executeTakeFirstOrThrow();
    expect(session.email).toBe('wang.lei@xinghai.example');
    const account = await t.db.selectFrom('auth_account').selectAll().executeTakeFirstOrThrow();
    expect(account).toMatchObject({ provider: 'sso', issuer: ISSUER, provider_account_id: devSubject('wang.lei@xinghai.example') });
    const actions = await t.db.selectFrom('audit_log').select(['action', 'details']).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['auth.sso_linked', 'auth.sign_in']);
    expect(actions[1].details).toMatchObject({ method: 'sso' });

    // Second sign-in: found by subject, no new link.
    const again = await signInAs('wang.lei@xinghai.example');
    expect(again.res.headers.get('location')).toBe(`${BASE}/`);
    expect(await t.db.selectFrom('auth_account').select('id').execute()).toHaveLength(1);
  });

  it('someone the IdP knows but Plaza does not is refused (reason=unknown), and nothing is created', async () => {
    const { res, jar } = await signInAs('qian.duoduo@xinghai.example');
    expect(res.headers.get('location')).toBe(`${BASE}/sign-in/refused?reason=unknown`);
    expect(jar.get('authjs.session-token')).toBeUndefined();
    expect(await t.db.selectFrom('person').select('id').where('email', '=', 'qian.duoduo@xinghai.example').execute()).toEqual([]);
    const failed = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'auth.sign_in_failed').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(failed.details).toMatchObject({ method: 'sso', reason: 'unknown', email: 'qian.duoduo@xinghai.example' });
  });

  it('a deactivated employee is refused (reason=deactivated)', async () => {
    const { res, jar } = await signInAs('zhao.min@xinghai.example');
    expect(res.headers.get('location')).toBe(`${BASE}/sign-in/refused?reason=deactivated`);
    expect(jar.get('authjs.session-token')).toBeUndefined();
  });

  it('the IdP itself does not know partners (they never get an SSO identity)', async () => {
    const org = await insertPartnerOrg(t.db, { name: '恒通', type: 'supplier' });
    await insertPerson(t.db, { email: 'chen.gang@hengtong.example', partnerOrgId: org });
    await expect(signInAs('chen.gang@hengtong.example')).rejects.toThrow(); // "No such account" page, no redirect
  });
  it('a forged callback (logout CSRF) leaves the visitor signed in; a successful sign-in replaces the session', async () => {
    const { jar } = await signInAs('wang.lei@xinghai.example');
    const token = jar.get('authjs.session-token')!;
    const live = () => t.db.selectFrom('auth_session').select('person_id').where('token_hash', '=', hashSessionToken(token)).execute();
    expect(await live()).toHaveLength(1);

    // Another site makes the browser GET the callback with a made-up code and state.
    const forged = await runSignInCallback(
      t.db,
      new NextRequest(`${BASE}/api/auth/callback/sso?code=x&state=y`, { headers: { cookie: jar.header() } }),
      (r) => Auth(r, config),
    );
    expect(forged.headers.get('location')).toMatch(/^http:\/\/localhost:3000\/sign-in\/error/);
    jar.take(forged);
    expect(jar.get('authjs.session-token')).toBe(token);
    expect(await live()).toHaveLength(1);

    // A real sign-in in the same browser ends the old session (audited) and starts a new one.
    const again = await signInAs('wang.lei@xinghai.example', jar);
    expect(again.res.headers.get('location')).toBe(`${BASE}/`);
    expect(jar.get('authjs.session-token')).not.toBe(token);
    expect(await live()).toHaveLength(0);
    const ended = await t.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'auth.sign_out').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(ended.details).toMatchObject({ reason: 'replaced_by_sign_in' });
  });
});
