import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

const base = {
  DATABASE_URL: 'postgres://u@h/db',
  AUTH_SECRET: 'x'.repeat(32),
  OIDC_ISSUER: 'https://sso.example.com/realms/acme',
  OIDC_CLIENT_ID: 'plaza',
  OIDC_CLIENT_SECRET: 's',
};

describe('parseEnv', () => {
  it('accepts a complete configuration and picks the outbox without a Resend key', () => {
    const e = parseEnv(base);
    expect(e.mailTransport).toBe('outbox');
    expect(e.AUTH_URL).toBe('http://localhost:3000');
    expect(parseEnv({ ...base, RESEND_API_KEY: 're_x' }).mailTransport).toBe('resend');
  });

  it('names the variable that is wrong', () => {
    expect(() => parseEnv({ ...base, DATABASE_URL: 'nope' })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ ...base, AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET/);
    const { OIDC_ISSUER: _omit, ...noIssuer } = base;
    expect(() => parseEnv(noIssuer)).toThrow(/OIDC_ISSUER/);
  });

  it('refuses the local identity provider in production unless explicitly enabled', () => {
    const local = { ...base, NODE_ENV: 'production', OIDC_ISSUER: 'http://localhost:3001' };
    expect(() => parseEnv(local)).toThrow(/PLAZA_DEV_IDP/);
    expect(parseEnv({ ...local, PLAZA_DEV_IDP: 'true' }).PLAZA_DEV_IDP).toBe(true);
  });

  it('trusted proxies: none by default, the older PLAZA_TRUST_PROXY=true means one', () => {
    expect(parseEnv(base).trustedProxies).toBe(0);
    expect(parseEnv({ ...base, PLAZA_TRUST_PROXY: 'true' }).trustedProxies).toBe(1);
    expect(parseEnv({ ...base, PLAZA_TRUST_PROXY: 'true', PLAZA_TRUSTED_PROXIES: '2' }).trustedProxies).toBe(2);
    expect(() => parseEnv({ ...base, PLAZA_TRUSTED_PROXIES: '-1' })).toThrow(/PLAZA_TRUSTED_PROXIES/);
  });

  it('session lifetimes: 7 days from sign-in and 8 hours idle unless configured; idle never longer than the cap', () => {
    expect(parseEnv(base)).toMatchObject({ sessionMaxAgeSec: 7 * 24 * 3600, sessionIdleSec: 8 * 3600 });
    expect(parseEnv({ ...base, PLAZA_SESSION_MAX_HOURS: '12', PLAZA_SESSION_IDLE_HOURS: '0.5' })).toMatchObject({ sessionMaxAgeSec: 12 * 3600, sessionIdleSec: 1800 });
    expect(() => parseEnv({ ...base, PLAZA_SESSION_MAX_HOURS: '4', PLAZA_SESSION_IDLE_HOURS: '8' })).toThrow(/PLAZA_SESSION_IDLE_HOURS/);
    expect(() => parseEnv({ ...base, PLAZA_SESSION_MAX_HOURS: '0' })).toThrow(/PLAZA_SESSION_MAX_HOURS/);
  });
});

describe('start-up refusals (issue 7 item 1) and the one-line message', () => {
  it('refuses an open outbox viewer with real mail delivery or in production outside the embedded demo', () => {
    expect(() => parseEnv({ ...base, PLAZA_OUTBOX_VIEWER: 'true', RESEND_API_KEY: 're_x' })).toThrow(/PLAZA_OUTBOX_VIEWER must not be on when RESEND_API_KEY/);
    expect(() => parseEnv({ ...base, NODE_ENV: 'production', PLAZA_OUTBOX_VIEWER: 'true' })).toThrow(/PLAZA_OUTBOX_VIEWER is for the quick-start demo/);
    const demo = parseEnv({ ...base, NODE_ENV: 'production', PLAZA_OUTBOX_VIEWER: 'true', PLAZA_EMBEDDED_DB: 'true' });
    expect(demo.demoOutbox).toBe(true);
    expect(parseEnv({ ...base, NODE_ENV: 'production' }).demoOutbox).toBe(false);
    expect(() => parseEnv({ ...base, NODE_ENV: 'production', PLAZA_EMBEDDED_DB: 'true', PLAZA_OUTBOX_VIEWER: 'true', RESEND_API_KEY: 're_x' })).toThrow(/RESEND_API_KEY/);
  });

  it('is one line naming every wrong variable, with where to read more', () => {
    let message = '';
    try {
      parseEnv({ ...base, DATABASE_URL: 'nope', PLAZA_OUTBOX_RETENTION_DAYS: '0' });
    } catch (e) {
      message = (e as Error).message;
      expect((e as Error).name).toBe('EnvError');
    }
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL; PLAZA_OUTBOX_RETENTION_DAYS .+ \(README, "Configuration"\)\.$/);
    expect(parseEnv(base).PLAZA_OUTBOX_RETENTION_DAYS).toBe(30);
  });

  it('takes a support contact as one line of plain text, or none', () => {
    expect(parseEnv(base).PLAZA_SUPPORT_CONTACT).toBeUndefined();
    expect(parseEnv({ ...base, PLAZA_SUPPORT_CONTACT: '  ' }).PLAZA_SUPPORT_CONTACT).toBeUndefined();
    expect(parseEnv({ ...base, PLAZA_SUPPORT_CONTACT: ' IT 服务台 it-help@x.example，分机 8000 ' }).PLAZA_SUPPORT_CONTACT).toBe('IT 服务台 it-help@x.example，分机 8000');
    expect(() => parseEnv({ ...base, PLAZA_SUPPORT_CONTACT: 'a\nb' })).toThrow(/PLAZA_SUPPORT_CONTACT must be plain text/);
    expect(() => parseEnv({ ...base, PLAZA_SUPPORT_CONTACT: '<b>x</b>' })).toThrow(/PLAZA_SUPPORT_CONTACT/);
    expect(() => parseEnv({ ...base, PLAZA_SUPPORT_CONTACT: 'x'.repeat(201) })).toThrow(/PLAZA_SUPPORT_CONTACT must be at most 200/);
  });
});
