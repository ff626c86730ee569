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
});
