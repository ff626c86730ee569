import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { EmailConfig } from '@auth/core/providers/email';
import type { OIDCConfig } from '@auth/core/providers';
import { sql, type Kysely } from 'kysely';
import type { NextAuthConfig } from 'next-auth';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { env } from '@/lib/env';
import { requestMeta } from '@/lib/http/request-meta';
import { sendMail } from '@/lib/mail/send';
import { createPlazaAdapter } from './adapter';
import { DEFAULT_SESSION_LIMITS, sessionLimitsFromEnv, type SessionLimits } from './session';
import { anonymousRequestLocale } from './request-locale';
import { normalizeEmail, partnerEligibility, refusalPageReason, resolveSsoSignIn, type RefusalReason } from './sign-in-policy';

export const SSO_PROVIDER_ID = 'sso';
export const PARTNER_EMAIL_PROVIDER_ID = 'partner-email';
/** Partner sign-in links live ten minutes and work once. */
export const PARTNER_LINK_MAX_AGE_SEC = 10 * 60;

export type AuthSettings = {
  secret: string;
  /** Where Plaza is served, e.g. https://plaza.example.com (decides secure cookies). */
  authUrl: string;
  oidc: { issuer: string; clientId: string; clientSecret: string; displayName: string };
  selfRegistration: boolean;
  selfRegistrationUnit?: string | null;
  /** Absolute and idle session lifetimes; defaults (7 days, 8 hours) when omitted. */
  session?: SessionLimits;
};

export function authSettingsFromEnv(): AuthSettings {
  const e = env();
  return {
    secret: e.AUTH_SECRET,
    authUrl: e.AUTH_URL,
    oidc: { issuer: e.OIDC_ISSUER.replace(/\/$/, ''), clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, displayName: e.OIDC_DISPLAY_NAME },
    selfRegistration: e.PLAZA_SELF_REGISTRATION,
    selfRegistrationUnit: e.PLAZA_SELF_REGISTRATION_UNIT ?? null,
    session: sessionLimitsFromEnv(),
  };
}

export function refusedUrl(reason: RefusalReason): string {
  return `/sign-in/refused?reason=${refusalPageReason(reason)}`;
}

// InvalidCheck: a callback whose state or PKCE cookie does not match — a stale tab or a forged link.
const EXPECTED_AUTH_ERRORS = new Set(['Verification', 'AccessDenied', 'InvalidCheck']);

type OidcProfile = { sub: string; email?: string; email_verified?: boolean | string; name?: string; locale?: string; iss?: string };

/**
 * The whole Auth.js configuration, built per request from the database handle and settings
 * (lib/auth/index.ts); tests build it over their own database and call @auth/core directly.
 */
export function buildAuthConfig(db: Kysely<DB>, s: AuthSettings): NextAuthConfig {
  const secure = s.authUrl.startsWith('https:');
  const limits = s.session ?? DEFAULT_SESSION_LIMITS;

  const sso: OIDCConfig<OidcProfile> = {
    id: SSO_PROVIDER_ID,
    name: s.oidc.displayName || 'SSO',
    type: 'oidc',
    issuer: s.oidc.issuer,
    clientId: s.oidc.clientId,
    clientSecret: s.oidc.clientSecret,
    checks: ['pkce', 'state', 'nonce'],
    authorization: { params: { scope: 'openid email profile' } },
    // Never: SSO identities are matched by issuer + subject (see sign-in-policy.ts).
    allowDangerousEmailAccountLinking: false,
    profile: (p) => ({ id: p.sub, email: p.email ?? null, name: p.name ?? null }),
  };

  const partnerEmail: EmailConfig = {
    id: PARTNER_EMAIL_PROVIDER_ID,
    type: 'email',
    name: 'Partner e-mail',
    maxAge: PARTNER_LINK_MAX_AGE_SEC,
    normalizeIdentifier: (identifier) => {
      const email = normalizeEmail(identifier);
      if (email.includes('"') || email.split('@').length !== 2) throw new Error('Invalid email address format.');
      return email;
    },
    sendVerificationRequest: ({ identifier, url }) => sendPartnerSignInMail(db, s, identifier, url),
    options: {},
  };

  return {
    secret: s.secret,
    basePath: '/api/auth',
    trustHost: true,
    useSecureCookies: secure,
    adapter: createPlazaAdapter(db, { ssoIssuer: s.oidc.issuer, ssoProviderId: SSO_PROVIDER_ID, session: limits }),
    providers: [sso, partnerEmail],
    session: {
      strategy: 'database',
      // The absolute cap (also the cookie's lifetime); the adapter enforces it and the idle timeout.
      maxAge: limits.maxAgeSec,
      updateAge: Math.min(3600, limits.idleSec),
      generateSessionToken: () => randomBytes(32).toString('base64url'),
    },
    pages: { signIn: '/sign-in', error: '/sign-in/error', verifyRequest: '/partner/sign-in' },
    logger: {
      // Expired links and refused sign-ins are everyday events (audited), not server errors.
      error(error) {
        const name = (error as Error & { type?: string }).type ?? error.name;
        if (EXPECTED_AUTH_ERRORS.has(name)) console.warn(`[auth] ${name}`);
        else console.error('[auth]', error);
      },
      warn(code) {
        console.warn(`[auth] warning: ${code}`);
      },
      debug() {},
    },
    callbacks: {
      async signIn({ account, profile, email }) {
        const meta = await requestMeta();
        if (account?.provider === SSO_PROVIDER_ID) {
          const p = (profile ?? {}) as OidcProfile;
          const decision = await resolveSsoSignIn(
            db,
            {
              issuer: s.oidc.issuer,
              subject: account.providerAccountId,
              email: typeof p.email === 'string' ? p.email : null,
              // Only an explicit yes counts: Entra, for one, sends no email_verified at all.
              emailVerified: p.email_verified === true || p.email_verified === 'true',
              name: p.name ?? null,
              locale: p.locale ?? null,
            },
            { providerId: SSO_PROVIDER_ID, selfRegistration: s.selfRegistration, selfRegistrationUnit: s.selfRegistrationUnit },
            meta,
          );
          return decision.ok ? true : refusedUrl(decision.reason);
        }
        if (account?.provider === PARTNER_EMAIL_PROVIDER_ID) {
          const address = account.providerAccountId;
          const eligible = await partnerEligibility(db, address);
          if (eligible.ok) return true;
          // Asking for a link: the server action has already answered neutrally and audited.
          if (email?.verificationRequest) return false;
          await recordAudit(db, {
            actor: eligible.personId ? { id: eligible.personId, email: address } : null,
            action: 'auth.sign_in_failed',
            target: { type: 'person', id: eligible.personId ?? null, label: address },
            details: { method: 'email', reason: eligible.reason, email: address },
            meta,
          });
          return refusedUrl(eligible.reason);
        }
        return false;
      },
    },
    events: {
      async signIn({ user, account }) {
        if (!user.id) return;
        await recordAudit(db, {
          actor: { id: user.id, email: user.email },
          action: 'auth.sign_in',
          target: { type: 'person', id: user.id, label: user.email ?? null },
          details: { method: account?.provider === SSO_PROVIDER_ID ? 'sso' : 'email', provider: account?.provider ?? null },
          meta: await requestMeta(),
        });
      },
      async signOut(message) {
        const session = 'session' in message ? message.session : null;
        if (!session) return;
        const person = await db.selectFrom('person').select(['id', 'email']).where('id', '=', session.userId).executeTakeFirst();
        await recordAudit(db, {
          actor: person ? { id: person.id, email: person.email } : { id: session.userId },
          action: 'auth.sign_out',
          target: { type: 'person', id: session.userId, label: person?.email ?? null },
          meta: await requestMeta(),
        });
      },
    },
  };
}

/**
 * Auth.js hands us its callback URL; the mail instead points to Plaza's confirmation page, whose
 * button POSTs the token. Link scanners that open every URL in a mail cannot use it up.
 */
export async function sendPartnerSignInMail(db: Kysely<DB>, s: AuthSettings, identifier: string, authJsUrl: string): Promise<void> {
  const token = new URL(authJsUrl).searchParams.get('token');
  if (!token) throw new Error('Auth.js produced a sign-in URL without a token');
  const confirm = new URL('/partner/sign-in/confirm', s.authUrl);
  confirm.searchParams.set('token', token);
  confirm.searchParams.set('email', identifier);
  const person = await db
    .selectFrom('person')
    .select(['id', 'locale'])
    .where(sql`lower(email)`, '=', identifier)
    .executeTakeFirst();
  await sendMail(db, {
    to: { email: identifier, personId: person?.id ?? null, locale: person?.locale ?? (await anonymousRequestLocale()) },
    template: 'partner-sign-in',
    props: { url: confirm.toString(), expiresMinutes: Math.round(PARTNER_LINK_MAX_AGE_SEC / 60) },
    idempotencyKey: `auth.partner-sign-in:${createHash('sha256').update(token).digest('hex')}`,
  });
}
