import 'server-only';
import type { Adapter, AdapterSession, AdapterUser, VerificationToken } from '@auth/core/adapters';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { isUuid } from '@/lib/ids';
import { forgetLiveLinks } from '@/lib/mail/outbox';
import { DEFAULT_SESSION_LIMITS, findLiveSession, hashSessionToken, sessionEndsAt, type SessionLimits } from './session';

/**
 * Auth.js adapter over Plaza's own tables: the user is a `person` (user id = person.id);
 * accounts, sessions and e-mail tokens live in auth_account / auth_session / auth_verification_token.
 *
 * What it deliberately does NOT do:
 * - create people. Every sign-in decision (linking an SSO identity to an existing employee,
 *   self-registration, partner eligibility) is made in lib/auth/sign-in-policy.ts, called from
 *   the signIn callback, which Auth.js runs *before* it looks the account up again and before it
 *   would call createUser / linkAccount. Both therefore always refuse: nobody gets an account or
 *   a linked identity because some code path in Auth.js fell through.
 * - serve sessions of people who may no longer sign in: getSessionAndUser returns null for a
 *   deactivated person or a member of a suspended partner organisation.
 * - store session tokens: auth_session keeps their SHA-256 only, and a session ends at its
 *   absolute cap or after its idle timeout however often Auth.js extends it (lib/auth/session.ts).
 */
export type PlazaAdapterOptions = {
  /** The issuer of the configured SSO provider: SSO identities are issuer + subject. */
  ssoIssuer: string;
  ssoProviderId?: string;
  /** Absolute and idle session lifetimes (lib/auth/session.ts); defaults when omitted. */
  session?: SessionLimits;
};

type PersonRow = { id: string; email: string; name: string; email_verified_at: Date | null };

function toUser(p: PersonRow): AdapterUser {
  return { id: p.id, email: p.email, name: p.name, emailVerified: p.email_verified_at ?? null };
}

export class AccountCreationRefused extends Error {
  constructor() {
    super('Plaza does not create people or link accounts through Auth.js; see lib/auth/sign-in-policy.ts');
    this.name = 'AccountCreationRefused';
  }
}

export function createPlazaAdapter(db: Kysely<DB>, opts: PlazaAdapterOptions): Adapter {
  const ssoProviderId = opts.ssoProviderId ?? 'sso';
  const limits = opts.session ?? DEFAULT_SESSION_LIMITS;
  const personColumns = ['p.id', 'p.email', 'p.name', 'p.email_verified_at'] as const;

  return {
    async createUser() {
      throw new AccountCreationRefused();
    },

    async getUser(id) {
      if (!isUuid(id)) return null;
      const p = await db.selectFrom('person as p').select(personColumns).where('p.id', '=', id).executeTakeFirst();
      return p ? toUser(p) : null;
    },

    async getUserByEmail(email) {
      const p = await db
        .selectFrom('person as p')
        .select(personColumns)
        .where(sql`lower(p.email)`, '=', email.trim().toLowerCase())
        .executeTakeFirst();
      return p ? toUser(p) : null;
    },

    async getUserByAccount({ provider, providerAccountId }) {
      let q = db
        .selectFrom('auth_account as a')
        .innerJoin('person as p', 'p.id', 'a.person_id')
        .select(personColumns)
        .where('a.provider', '=', provider)
        .where('a.provider_account_id', '=', providerAccountId);
      // An SSO subject is only unique within its issuer.
      if (provider === ssoProviderId) q = q.where('a.issuer', '=', opts.ssoIssuer);
      const p = await q.executeTakeFirst();
      return p ? toUser(p) : null;
    },

    async updateUser(user) {
      // Auth.js only ever records that an e-mail address was just proven (e-mail sign-in).
      const p = await db
        .updateTable('person as p')
        .set(user.emailVerified ? { email_verified_at: user.emailVerified, updated_at: new Date() } : { updated_at: new Date() })
        .where('p.id', '=', user.id)
        .returning(personColumns)
        .executeTakeFirstOrThrow();
      return toUser(p);
    },

    async linkAccount() {
      // Linking happens in sign-in-policy.ts under a row lock, with the rules applied.
      throw new AccountCreationRefused();
    },

    async createSession({ sessionToken, userId, expires }) {
      // Never beyond the absolute cap, whatever Auth.js asked for.
      const now = new Date();
      const capped = new Date(Math.min(expires.getTime(), now.getTime() + limits.maxAgeSec * 1000));
      await db
        .insertInto('auth_session')
        .values({ token_hash: hashSessionToken(sessionToken), person_id: userId, expires: capped, created_at: now, last_seen_at: now })
        .execute();
      await db.updateTable('person').set({ last_seen_at: now }).where('id', '=', userId).execute();
      return { sessionToken, userId, expires: capped };
    },

    async getSessionAndUser(sessionToken) {
      const live = await findLiveSession(db, sessionToken, limits);
      if (!live) return null;
      const row = await db
        .selectFrom('person as p')
        .leftJoin('partner_org as po', 'po.id', 'p.partner_org_id')
        .select([...personColumns, 'p.kind', 'p.status', 'po.status as partner_status'])
        .where('p.id', '=', live.person_id)
        .executeTakeFirst();
      if (!row) return null;
      if (row.status !== 'active') return null;
      if (row.kind === 'partner' && row.partner_status !== 'active') return null;
      const session: AdapterSession = { sessionToken, userId: row.id, expires: sessionEndsAt(live, limits) };
      return { session, user: toUser(row) };
    },

    /**
     * Auth.js slides `expires` forward on every session check; here it never passes the absolute
     * cap (created_at + maxAge). Activity is what keeps a session from its idle end.
     */
    async updateSession({ sessionToken, expires }) {
      const hash = hashSessionToken(sessionToken);
      const current = await db.selectFrom('auth_session').select(['created_at']).where('token_hash', '=', hash).executeTakeFirst();
      if (!current) return null;
      const cap = current.created_at.getTime() + limits.maxAgeSec * 1000;
      const s = await db
        .updateTable('auth_session')
        .set(expires ? { expires: new Date(Math.min(expires.getTime(), cap)) } : {})
        .set({ last_seen_at: new Date() })
        .where('token_hash', '=', hash)
        .returning(['person_id', 'expires'])
        .executeTakeFirst();
      return s ? { sessionToken, userId: s.person_id, expires: s.expires } : null;
    },

    async deleteSession(sessionToken) {
      const s = await db
        .deleteFrom('auth_session')
        .where('token_hash', '=', hashSessionToken(sessionToken))
        .returning(['person_id', 'expires'])
        .executeTakeFirst();
      return s ? { sessionToken, userId: s.person_id, expires: s.expires } : null;
    },

    async createVerificationToken(token) {
      await db.insertInto('auth_verification_token').values({ identifier: token.identifier, token: token.token, expires: token.expires }).execute();
      return token;
    },

    /** Single use: the token is deleted by the same statement that reads it, expired or not. */
    async useVerificationToken({ identifier, token }): Promise<VerificationToken | null> {
      let q = db.deleteFrom('auth_verification_token').where('token', '=', token);
      if (identifier) q = q.where('identifier', '=', identifier);
      const row = await q.returning(['identifier', 'token', 'expires']).executeTakeFirst();
      // A sign-in link was used (or tried after expiry): the outbox no longer shows that address's links.
      if (row) await forgetLiveLinks(db, row.identifier);
      return row ?? null;
    },
  };
}

