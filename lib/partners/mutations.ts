import 'server-only';
import { pinyinColumns } from '@/lib/people/pinyin';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { isAdmin, isPartnerAdmin, requireAdmin, requireCanManagePartnerPeople, requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { recordAudit } from '@/lib/audit/record';
import { forbidden, invalid, invalidFields, notFound, rateLimited } from '@/lib/errors';
import type { RequestMeta } from '@/lib/http/request-meta';
import { sendMail } from '@/lib/mail/send';
import { isUniqueViolation } from '@/db/errors';
import { parseInput } from '@/lib/forms/parse';
import { deactivateInTransaction } from '@/lib/people/mutations';
import {
  invitePartnerSchema,
  partnerOrgSchema,
  partnerPersonSchema,
  updatePartnerOrgSchema,
} from './schema';

function orgNameTaken(e: unknown): never {
  if (isUniqueViolation(e, 'partner_org_name_uq')) throw invalidFields({ name: 'admin.partners.errors.nameTaken' }, undefined, 'CONFLICT');
  throw e;
}

export async function createPartnerOrg(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<{ id: string }> {
  const actor = requireAdmin(viewer);
  const data = parseInput(partnerOrgSchema, input);
  return db
    .transaction()
    .execute(async (trx) => {
      const { id } = await trx
        .insertInto('partner_org')
        .values({ name: data.name, name_en: data.nameEn, type: data.type, status: data.status })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actor, action: 'partner_org.create', target: { type: 'partner_org', id, label: data.name }, details: { ...data }, meta });
      return { id };
    })
    .catch(orgNameTaken);
}

/**
 * Suspending an organisation ends its people's access at once: loadViewer refuses members of a
 * suspended organisation, and their sessions are deleted here as well.
 */
export async function updatePartnerOrg(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<void> {
  const actor = requireAdmin(viewer);
  const data = parseInput(updatePartnerOrgSchema, input);
  await db
    .transaction()
    .execute(async (trx) => {
      const before = await trx.selectFrom('partner_org').select(['name', 'name_en', 'type', 'status']).where('id', '=', data.partnerOrgId).forUpdate().executeTakeFirst();
      if (!before) throw notFound();
      const after = { name: data.name, name_en: data.nameEn, type: data.type, status: data.status };
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const k of Object.keys(after) as (keyof typeof after)[]) if (before[k] !== after[k]) changes[k] = { from: before[k], to: after[k] };
      if (Object.keys(changes).length === 0) return;
      await trx.updateTable('partner_org').set(after).where('id', '=', data.partnerOrgId).execute();
      if (changes.status && data.status === 'suspended') {
        await trx.deleteFrom('auth_session').where('person_id', 'in', (eb) => eb.selectFrom('person').select('id').where('partner_org_id', '=', data.partnerOrgId)).execute();
      }
      await recordAudit(trx, { actor, action: 'partner_org.update', target: { type: 'partner_org', id: data.partnerOrgId, label: data.name }, details: { changes }, meta });
    })
    .catch(orgNameTaken);
}

export type InviteResult = { personId: string | null; email: string; mailSent: boolean };

/** Invitations one person may send in an hour (company admins and partner admins alike). */
export const INVITES_PER_HOUR = 20;

/**
 * Invites a person into a partner organisation (origin 'invite') and mails them where to sign in.
 * Admins may invite a partner admin or a member into any organisation; a partner admin may invite
 * members into their own organisation only (another organisation: NOT_FOUND).
 *
 * Abuse closed (issue 7): an address in one of the company's own e-mail domains is refused (it
 * would block that person's SSO sign-in); at most INVITES_PER_HOUR per inviter; a partner admin
 * gets the same answer whether or not the address is already in Plaza (no probing who exists),
 * while a company admin, who sees the directory anyway, is told.
 */
export async function invitePartnerPerson(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<InviteResult> {
  const v = requireViewer(viewer);
  const data = parseInput(invitePartnerSchema, input);
  const actor = requireCanManagePartnerPeople(v, data.partnerOrgId);
  if (data.role === 'partner_admin' && !isAdmin(actor)) throw invalid('admin.partners.errors.onlyAdminsInviteAdmins');
  const domain = data.email.split('@')[1];
  const companyDomain = await db
    .selectFrom('person')
    .select('id')
    .where('kind', '=', 'employee')
    .where(sql`split_part(email, '@', 2)`, '=', domain)
    .limit(1)
    .executeTakeFirst();
  if (companyDomain) throw invalidFields({ email: 'admin.partners.errors.companyDomain' });
  if ((await invitesThisHour(db, actor.id)) >= INVITES_PER_HOUR) throw rateLimited('admin.partners.errors.tooManyInvites', { max: INVITES_PER_HOUR });

  const created = await db
    .transaction()
    .execute(async (trx) => {
      const org = await trx.selectFrom('partner_org').select(['id', 'name', 'name_en', 'status']).where('id', '=', data.partnerOrgId).executeTakeFirst();
      if (!org) throw notFound();
      if (org.status !== 'active') throw invalid('admin.partners.errors.orgSuspended');
      const taken = await trx.selectFrom('person').select('id').where(sql`lower(email)`, '=', data.email).executeTakeFirst();
      if (taken) {
        if (isAdmin(actor)) throw invalidFields({ email: 'admin.partners.errors.emailTaken' }, undefined, 'CONFLICT');
        await recordAudit(trx, { actor, action: 'partner.invite_refused', target: { type: 'person', label: data.email }, details: { partnerOrgId: org.id, reason: 'address_taken' }, meta });
        return null;
      }
      const { id } = await trx
        .insertInto('person')
        .values({ kind: 'partner', partner_org_id: org.id, email: data.email, name: data.name, ...pinyinColumns(data.name), name_en: data.nameEn, locale: data.locale, origin: 'invite' })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (data.role === 'partner_admin') await trx.insertInto('person_role').values({ person_id: id, role: 'partner_admin' }).execute();
      await recordAudit(trx, {
        actor,
        action: 'partner.invite',
        target: { type: 'person', id, label: data.email },
        details: { partnerOrgId: org.id, partnerOrg: org.name, role: data.role },
        meta,
      });
      return { personId: id, org };
    })
    .catch((e) => {
      if (isUniqueViolation(e, 'person_email_uq')) {
        if (isAdmin(actor)) throw invalidFields({ email: 'admin.partners.errors.emailTaken' }, undefined, 'CONFLICT');
        return null;
      }
      throw e;
    });
  // A partner admin hears "sent" either way; nothing was created and no mail goes out.
  if (!created) return { personId: null, email: data.email, mailSent: true };
  const { personId, org } = created;

  // After the commit: the person exists whether or not the mail goes out; a failed mail stays
  // in the outbox as failed and the inviter is told.
  const mailSent = await mailInvitation(db, actor, {
    personId,
    email: data.email,
    name: data.name,
    locale: data.locale,
    role: data.role,
    org: { name: org.name, nameEn: org.name_en },
    idempotencyKey: `partner-invitation:${personId}`,
  });
  return { personId, email: data.email, mailSent };
}

async function invitesThisHour(db: Kysely<DB>, actorId: string): Promise<number> {
  const recent = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('actor_id', '=', actorId)
    .where('action', 'in', ['partner.invite', 'partner.invite_refused', 'partner.invite_resent'])
    .where('at', '>', new Date(Date.now() - 3600_000))
    .executeTakeFirstOrThrow();
  return Number(recent.n);
}

async function mailInvitation(
  db: Kysely<DB>,
  actor: Viewer,
  m: { personId: string; email: string; name: string; locale: 'zh-CN' | 'en'; role: 'partner_admin' | 'member'; org: { name: string; nameEn: string | null }; idempotencyKey: string },
): Promise<boolean> {
  try {
    await sendMail(db, {
      to: { email: m.email, personId: m.personId, locale: m.locale },
      template: 'partner-invitation',
      props: {
        inviterName: actor.name,
        inviterNameEn: actor.nameEn,
        orgName: m.org.name,
        orgNameEn: m.org.nameEn,
        recipientName: m.name,
        email: m.email,
        role: m.role,
      },
      idempotencyKey: m.idempotencyKey,
    });
    return true;
  } catch (e) {
    console.error('[partners] invitation mail failed', e);
    return false;
  }
}

/**
 * Sends an invitation again to a partner person who has not signed in yet (the first mail was lost,
 * or went to spam). Who may invite into the organisation may resend; it counts towards the same
 * hourly limit and is audited. Someone who has already signed in, or is deactivated, gets a clear
 * refusal instead of a mail.
 */
export async function resendPartnerInvitation(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<InviteResult> {
  const v = requireViewer(viewer);
  if (v.kind === 'employee' && !isAdmin(v)) throw forbidden();
  if (v.kind === 'partner' && !isPartnerAdmin(v)) throw notFound();
  const data = parseInput(partnerPersonSchema, input);
  const person = await db
    .selectFrom('person as p')
    .innerJoin('partner_org as o', 'o.id', 'p.partner_org_id')
    .select(['p.id', 'p.email', 'p.name', 'p.locale', 'p.status', 'p.kind', 'p.partner_org_id', 'p.email_verified_at', 'p.last_seen_at', 'o.name as org_name', 'o.name_en as org_name_en', 'o.status as org_status'])
    .select((eb) => eb.exists(eb.selectFrom('person_role').whereRef('person_role.person_id', '=', 'p.id').where('person_role.role', '=', 'partner_admin')).as('is_admin'))
    .where('p.id', '=', data.personId)
    .executeTakeFirst();
  if (!person || person.kind !== 'partner' || !person.partner_org_id) throw notFound();
  const actor = requireCanManagePartnerPeople(v, person.partner_org_id);
  if (person.status !== 'active') throw invalid('admin.partners.errors.resendInactive');
  if (person.org_status !== 'active') throw invalid('admin.partners.errors.orgSuspended');
  if (person.email_verified_at || person.last_seen_at) throw invalid('admin.partners.errors.resendSignedIn');
  if ((await invitesThisHour(db, actor.id)) >= INVITES_PER_HOUR) throw rateLimited('admin.partners.errors.tooManyInvites', { max: INVITES_PER_HOUR });
  const at = new Date();
  await db.transaction().execute((trx) =>
    recordAudit(trx, { actor, action: 'partner.invite_resent', target: { type: 'person', id: person.id, label: person.email }, details: { partnerOrgId: person.partner_org_id }, meta }),
  );
  const mailSent = await mailInvitation(db, actor, {
    personId: person.id,
    email: person.email,
    name: person.name,
    locale: person.locale === 'en' ? 'en' : 'zh-CN',
    role: person.is_admin ? 'partner_admin' : 'member',
    org: { name: person.org_name, nameEn: person.org_name_en },
    idempotencyKey: `partner-invitation:${person.id}:resend:${at.getTime()}`,
  });
  return { personId: person.id, email: person.email, mailSent };
}

/** Ends a partner person's access. Admins for any organisation; a partner admin for their own (never themselves). */
export async function deactivatePartnerPerson(db: Kysely<DB>, viewer: Viewer | null, input: unknown, meta?: RequestMeta): Promise<void> {
  const v = requireViewer(viewer);
  // Decide by role first, so that who is not allowed at all learns nothing about ids.
  if (v.kind === 'employee' && !isAdmin(v)) throw forbidden();
  if (v.kind === 'partner' && !isPartnerAdmin(v)) throw notFound();
  const data = parseInput(partnerPersonSchema, input);
  await db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('person')
      .select(['id', 'email', 'kind', 'partner_org_id'])
      .where('id', '=', data.personId)
      .forUpdate()
      .executeTakeFirst();
    // Not a partner person (or not there at all): not something this function knows.
    if (!person || person.kind !== 'partner' || !person.partner_org_id) throw notFound();
    const actor = requireCanManagePartnerPeople(v, person.partner_org_id);
    if (person.id === actor.id) throw invalid('admin.people.errors.deactivateSelf');
    await deactivateInTransaction(trx, actor, person, meta);
  });
}
