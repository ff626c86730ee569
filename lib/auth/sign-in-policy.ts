import 'server-only';
import { pinyinColumns } from '@/lib/people/pinyin';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import type { RequestMeta } from '@/lib/http/request-meta';
import { isLocale } from '@/lib/i18n/config';
import { normalizeEmail } from './schema';
import { isUuid } from '@/lib/ids';

/**
 * Who may sign in, and how an identity becomes a Plaza person. Pure decisions over the database,
 * called from Auth.js's signIn callback (lib/auth/config.ts) and tested against a real database.
 */

/** Why a sign-in was refused; the refused page explains each in the person's language. */
export type RefusalReason =
  | 'unknown' // the IdP's person is not in Plaza (and self-registration is off)
  | 'deactivated' // the person was deactivated
  | 'partner' // a partner tried company SSO
  | 'unverified' // the IdP does not vouch for the e-mail address: no linking
  | 'not_linkable' // the Plaza record may not be claimed by SSO (origin self/invite)
  | 'already_linked' // the Plaza record is linked to another SSO identity
  | 'no_email' // the IdP sent no e-mail address
  | 'not_invited' // partner e-mail: no such partner
  | 'employee' // partner e-mail: the address belongs to an employee
  | 'org_suspended'; // partner e-mail: the partner organisation is suspended

/** What the refused page shows for each reason (fewer, clearer messages than reasons). */
export function refusalPageReason(r: RefusalReason): 'unknown' | 'deactivated' | 'partner' | 'unlinkable' | 'partner_inactive' {
  switch (r) {
    case 'unknown':
    case 'deactivated':
    case 'partner':
      return r;
    case 'not_invited':
    case 'employee':
    case 'org_suspended':
      return 'partner_inactive';
    default:
      return 'unlinkable';
  }
}

const LINKABLE_ORIGINS = ['admin', 'import', 'seed'];

export { normalizeEmail };

export type SsoIdentity = {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  locale?: string | null;
};

export type SsoOptions = {
  providerId?: string;
  selfRegistration: boolean;
  /** Unit id (or unique unit name) for self-registered employees; unset → refuse. */
  selfRegistrationUnit?: string | null;
};

export type SsoDecision =
  | { ok: true; personId: string; email: string; outcome: 'existing' | 'linked' | 'created' }
  | { ok: false; reason: RefusalReason; personId?: string };

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Decides an SSO sign-in and, when allowed, makes sure auth_account links issuer + subject to the
 * person before Auth.js looks the account up. Rules:
 * - a linked identity signs in its person, if that person is an active employee;
 * - otherwise an active employee record created by an admin, an import or the seed may be claimed
 *   once, by e-mail, only when the IdP says the address is verified and the record has no SSO
 *   identity from this issuer yet;
 * - otherwise, with self-registration on, a new employee (origin 'self') is created in the
 *   configured unit; else the person is refused as unknown.
 * Partners never sign in through SSO. Refusals are audited as auth.sign_in_failed.
 */
export async function resolveSsoSignIn(db: Kysely<DB>, id: SsoIdentity, opts: SsoOptions, meta?: RequestMeta): Promise<SsoDecision> {
  const provider = opts.providerId ?? 'sso';
  const email = id.email ? normalizeEmail(id.email) : null;
  return db.transaction().execute(async (trx) => {
    const decision = await decide(trx, provider, { ...id, email }, opts, meta);
    if (!decision.ok) {
      await recordAudit(trx, {
        actor: decision.personId ? { id: decision.personId, email } : null,
        action: 'auth.sign_in_failed',
        target: { type: 'person', id: decision.personId ?? null, label: email },
        details: { method: 'sso', reason: decision.reason, email, issuer: id.issuer, subject: id.subject },
        meta,
      });
    }
    return decision;
  });
}

async function decide(trx: Transaction<DB>, provider: string, id: SsoIdentity, opts: SsoOptions, meta?: RequestMeta): Promise<SsoDecision> {
  const linked = await trx
    .selectFrom('auth_account as a')
    .innerJoin('person as p', 'p.id', 'a.person_id')
    .select(['p.id', 'p.email', 'p.kind', 'p.status'])
    .where('a.provider', '=', provider)
    .where('a.issuer', '=', id.issuer)
    .where('a.provider_account_id', '=', id.subject)
    .executeTakeFirst();
  if (linked) {
    if (linked.kind !== 'employee') return { ok: false, reason: 'partner', personId: linked.id };
    if (linked.status !== 'active') return { ok: false, reason: 'deactivated', personId: linked.id };
    return { ok: true, personId: linked.id, email: linked.email, outcome: 'existing' };
  }

  if (!id.email) return { ok: false, reason: 'no_email' };

  // Lock the record: two first sign-ins at once must not both link it.
  const person = await trx
    .selectFrom('person')
    .select(['id', 'email', 'kind', 'status', 'origin', 'email_verified_at'])
    .where(sql`lower(email)`, '=', id.email)
    .forUpdate()
    .executeTakeFirst();

  if (person) {
    if (person.kind !== 'employee') return { ok: false, reason: 'partner', personId: person.id };
    if (person.status !== 'active') return { ok: false, reason: 'deactivated', personId: person.id };
    if (!id.emailVerified) return { ok: false, reason: 'unverified', personId: person.id };
    if (!LINKABLE_ORIGINS.includes(person.origin)) return { ok: false, reason: 'not_linkable', personId: person.id };
    const other = await trx
      .selectFrom('auth_account')
      .select('id')
      .where('person_id', '=', person.id)
      .where('provider', '=', provider)
      .where('issuer', '=', id.issuer)
      .executeTakeFirst();
    if (other) return { ok: false, reason: 'already_linked', personId: person.id };

    await trx.insertInto('auth_account').values({ person_id: person.id, type: 'oidc', provider, issuer: id.issuer, provider_account_id: id.subject }).execute();
    if (!person.email_verified_at) await trx.updateTable('person').set({ email_verified_at: new Date() }).where('id', '=', person.id).execute();
    await recordAudit(trx, {
      actor: { id: person.id, email: person.email },
      action: 'auth.sso_linked',
      target: { type: 'person', id: person.id, label: person.email },
      details: { issuer: id.issuer, subject: id.subject, email: id.email },
      meta,
    });
    return { ok: true, personId: person.id, email: person.email, outcome: 'linked' };
  }

  if (!opts.selfRegistration) return { ok: false, reason: 'unknown' };
  if (!id.emailVerified) return { ok: false, reason: 'unverified' };
  const unitId = await findSelfRegistrationUnit(trx, opts.selfRegistrationUnit);
  if (!unitId) return { ok: false, reason: 'unknown' };

  const name = id.name?.trim() || id.email.split('@')[0];
  const created = await trx
    .insertInto('person')
    .values({
      kind: 'employee',
      email: id.email,
      email_verified_at: new Date(),
      name,
      ...pinyinColumns(name),
      unit_id: unitId,
      locale: isLocale(id.locale) ? id.locale : null,
      origin: 'self',
    })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
  await trx.insertInto('auth_account').values({ person_id: created.id, type: 'oidc', provider, issuer: id.issuer, provider_account_id: id.subject }).execute();
  await recordAudit(trx, {
    actor: { id: created.id, email: created.email },
    action: 'person.create',
    target: { type: 'person', id: created.id, label: created.email },
    details: { origin: 'self', unitId, via: 'sso', issuer: id.issuer },
    meta,
  });
  return { ok: true, personId: created.id, email: created.email, outcome: 'created' };
}


/** PLAZA_SELF_REGISTRATION_UNIT names a unit by id, or by a name no other unit shares. */
async function findSelfRegistrationUnit(db: Db, ref: string | null | undefined): Promise<string | null> {
  const value = ref?.trim();
  if (!value) return null;
  if (isUuid(value)) {
    const u = await db.selectFrom('org_unit').select('id').where('id', '=', value).executeTakeFirst();
    return u?.id ?? null;
  }
  const units = await db
    .selectFrom('org_unit')
    .select('id')
    .where((eb) => eb.or([eb(sql`lower(name)`, '=', value.toLowerCase()), eb(sql`lower(name_en)`, '=', value.toLowerCase())]))
    .limit(2)
    .execute();
  return units.length === 1 ? units[0].id : null;
}

export type PartnerEligibility =
  | { ok: true; personId: string; email: string; locale: string | null }
  | { ok: false; reason: 'not_invited' | 'employee' | 'deactivated' | 'org_suspended'; personId?: string };

/** Only an active partner person of an active partner organisation may sign in by e-mail. */
export async function partnerEligibility(db: Db, rawEmail: string): Promise<PartnerEligibility> {
  const email = normalizeEmail(rawEmail);
  const p = await db
    .selectFrom('person as p')
    .leftJoin('partner_org as po', 'po.id', 'p.partner_org_id')
    .select(['p.id', 'p.email', 'p.kind', 'p.status', 'p.locale', 'po.status as org_status'])
    .where(sql`lower(p.email)`, '=', email)
    .executeTakeFirst();
  if (!p) return { ok: false, reason: 'not_invited' };
  if (p.kind !== 'partner') return { ok: false, reason: 'employee', personId: p.id };
  if (p.status !== 'active') return { ok: false, reason: 'deactivated', personId: p.id };
  if (p.org_status !== 'active') return { ok: false, reason: 'org_suspended', personId: p.id };
  return { ok: true, personId: p.id, email: p.email, locale: p.locale };
}
