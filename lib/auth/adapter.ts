import 'server-only';
import type { Adapter, AdapterSession, AdapterUser, VerificationToken } from '@auth/core/adapters';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { isUuid } from '@/lib/ids';

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
 */
export type PlazaAdapterOptions = {
  /** The issuer of the configured SSO provider: SSO identities are issuer + subject. */
  ssoIssuer: string;
  ssoProviderId?: string;
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
      await db.insertInto('auth_session').values({ session_token: sessionToken, person_id: userId, expires }).execute();
      await db.updateTable('person').set({ last_seen_at: new Date() }).where('id', '=', userId).execute();
      return { sessionToken, userId, expires };
    },

    async getSessionAndUser(sessionToken) {
      const row = await db
        .selectFrom('auth_session as s')
        .innerJoin('person as p', 'p.id', 's.person_id')
        .leftJoin('partner_org as po', 'po.id', 'p.partner_org_id')
        .select([...personColumns, 'p.kind', 'p.status', 'po.status as partner_status', 's.session_token', 's.expires'])
        .where('s.session_token', '=', sessionToken)
        .executeTakeFirst();
      if (!row) return null;
      if (row.status !== 'active') return null;
      if (row.kind === 'partner' && row.partner_status !== 'active') return null;
      const session: AdapterSession = { sessionToken: row.session_token, userId: row.id, expires: row.expires };
      return { session, user: toUser(row) };
    },

    async updateSession({ sessionToken, expires }) {
      if (!expires) return null;
      const s = await db
        .updateTable('auth_session')
        .set({ expires })
        .where('session_token', '=', sessionToken)
        .returning(['session_token', 'person_id', 'expires'])
        .executeTakeFirst();
      return s ? { sessionToken: s.session_token, userId: s.person_id, expires: s.expires } : null;
    },

    async deleteSession(sessionToken) {
      const s = await db
        .deleteFrom('auth_session')
        .where('session_token', '=', sessionToken)
        .returning(['session_token', 'person_id', 'expires'])
        .executeTakeFirst();
      return s ? { sessionToken: s.session_token, userId: s.person_id, expires: s.expires } : null;
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
      return row ?? null;
    },
  };
}

