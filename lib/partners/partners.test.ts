import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPerson, insertSession, insertUnit } from '@/db/seed/factories';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { recordAudit } from '@/lib/audit/record';
import { createPartnerOrg, deactivatePartnerPerson, INVITES_PER_HOUR, invitePartnerPerson, resendPartnerInvitation, updatePartnerOrg } from './mutations';
import { getPartnerOrg, listPartnerOrgs, listPartnerPeople } from './queries';

let t: TestDb;
let admin: Viewer;
let employee: Viewer;
let orgA: string;
let orgB: string;

beforeAll(async () => {
  t = await createTestDb();
  const hq = await insertUnit(t.db, { name: '总部' });
  admin = (await loadViewer(t.db, await insertPerson(t.db, { email: 'admin@xinghai.example', name: '王磊', unitId: hq, roles: ['admin'] })))!;
  employee = (await loadViewer(t.db, await insertPerson(t.db, { email: 'emp@xinghai.example', unitId: hq })))!;
});
afterAll(() => t.drop());

describe('partner organisations', () => {
  it('admins create and edit organisations; names are unique', async () => {
    orgA = (await createPartnerOrg(t.db, admin, { name: '恒通精密零件', nameEn: 'Hengtong Precision Parts', type: 'supplier' })).id;
    orgB = (await createPartnerOrg(t.db, admin, { name: '华联商贸', type: 'distributor' })).id;
    await expect(createPartnerOrg(t.db, admin, { name: '恒通精密零件', type: 'customer' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(createPartnerOrg(t.db, admin, { name: 'x', type: 'alien' as never })).rejects.toMatchObject({ code: 'INVALID' });
    await expect(createPartnerOrg(t.db, employee, { name: 'x', type: 'other' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await updatePartnerOrg(t.db, admin, { partnerOrgId: orgB, name: '华联商贸', nameEn: 'Hualian Trading', type: 'distributor', status: 'active' });
    expect((await listPartnerOrgs(t.db, admin)).map((o) => o.nameEn)).toEqual(['Hualian Trading', 'Hengtong Precision Parts']);
    const actions = (await t.db.selectFrom('audit_log').select('action').where('action', 'like', 'partner_org.%').orderBy('id').execute()).map((r) => r.action);
    expect(actions).toEqual(['partner_org.create', 'partner_org.create', 'partner_org.update']);
  });

  it('an admin invites a partner admin: person, role, audit and the invitation mail', async () => {
    const r = await invitePartnerPerson(t.db, admin, { partnerOrgId: orgA, name: '陈刚', email: 'Chen.Gang@Hengtong.example', role: 'partner_admin', locale: 'zh-CN' });
    expect(r.mailSent).toBe(true);
    const p = await t.db.selectFrom('person').selectAll().where('id', '=', r.personId!).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ kind: 'partner', origin: 'invite', partner_org_id: orgA, email: 'chen.gang@hengtong.example', locale: 'zh-CN' });
    const mail = await t.db.selectFrom('mail_outbox').selectAll().where('to_email', '=', 'chen.gang@hengtong.example').executeTakeFirstOrThrow();
    expect(mail.template).toBe('partner-invitation');
    expect(mail.subject).toContain('恒通精密零件');
    expect(mail.text).toContain('/partner/sign-in');
    await expect(invitePartnerPerson(t.db, admin, { partnerOrgId: orgB, name: 'x', email: 'chen.gang@hengtong.example' })).rejects.toMatchObject({ code: 'CONFLICT' });
    // The company's own domain is refused (it would block that employee's SSO sign-in), by field.
    await expect(invitePartnerPerson(t.db, admin, { partnerOrgId: orgB, name: 'x', email: 'someone.new@xinghai.example' }))
      .rejects.toMatchObject({ code: 'INVALID', details: { fieldErrors: { email: { key: 'admin.partners.errors.companyDomain' } } } });
    // The name typed by the inviter is shown as data, never as the mail's greeting.
    expect(mail.text).not.toMatch(/陈刚，您好/);
    expect(mail.text).toContain('陈刚（chen.gang@hengtong.example）');
  });

  it('a partner admin manages only their own organisation, and only members', async () => {
    const chenId = (await t.db.selectFrom('person').select('id').where('email', '=', 'chen.gang@hengtong.example').executeTakeFirstOrThrow()).id;
    const chen = (await loadViewer(t.db, chenId))!;
    const zhouId = (await invitePartnerPerson(t.db, chen, { partnerOrgId: orgA, name: '周丽', email: 'zhou.li@hengtong.example', locale: 'en' })).personId!;
    const mail = await t.db.selectFrom('mail_outbox').select(['subject', 'locale']).where('to_email', '=', 'zhou.li@hengtong.example').executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ locale: 'en' });
    expect(mail.subject).toContain('Hengtong Precision Parts');
    await expect(invitePartnerPerson(t.db, chen, { partnerOrgId: orgA, name: 'x', email: 'x@hengtong.example', role: 'partner_admin' })).rejects.toMatchObject({ code: 'INVALID' });
    await expect(invitePartnerPerson(t.db, chen, { partnerOrgId: orgB, name: 'x', email: 'x@hualian.example' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listPartnerPeople(t.db, chen, orgB)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPartnerOrg(t.db, chen, orgB)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await listPartnerPeople(t.db, chen, orgA)).map((p) => [p.email, p.isAdmin])).toEqual([
      ['chen.gang@hengtong.example', true],
      ['zhou.li@hengtong.example', false],
    ]);
    await expect(listPartnerOrgs(t.db, chen)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // A member cannot manage anyone.
    const zhou = (await loadViewer(t.db, zhouId))!;
    await expect(listPartnerPeople(t.db, zhou, orgA)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deactivatePartnerPerson(t.db, zhou, { personId: chenId })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Another organisation's admin cannot touch Hengtong's people; employees are FORBIDDEN.
    const sunId = (await invitePartnerPerson(t.db, admin, { partnerOrgId: orgB, name: '孙强', email: 'sun.qiang@hualian.example', role: 'partner_admin' })).personId!;
    const sun = (await loadViewer(t.db, sunId))!;
    await expect(deactivatePartnerPerson(t.db, sun, { personId: zhouId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deactivatePartnerPerson(t.db, sun, { personId: employee.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deactivatePartnerPerson(t.db, employee, { personId: zhouId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(deactivatePartnerPerson(t.db, chen, { personId: chenId })).rejects.toMatchObject({ code: 'INVALID' });

    // Chen deactivates Zhou: sessions end, audit says who.
    await insertSession(t.db, zhouId);
    await deactivatePartnerPerson(t.db, chen, { personId: zhouId });
    expect(await t.db.selectFrom('auth_session').select('token_hash').where('person_id', '=', zhouId).execute()).toHaveLength(0);
    expect(await loadViewer(t.db, zhouId)).toBeNull();
    const a = await t.db.selectFrom('audit_log').select(['actor_id', 'target_id']).where('action', '=', 'person.deactivate').executeTakeFirstOrThrow();
    expect(a).toEqual({ actor_id: chenId, target_id: zhouId });
  });

  it('an invitation can be sent again to someone who has not signed in, by those who may invite', async () => {
    const chenId = (await t.db.selectFrom('person').select('id').where('email', '=', 'chen.gang@hengtong.example').executeTakeFirstOrThrow()).id;
    const chen = (await loadViewer(t.db, chenId))!;
    const wuId = (await invitePartnerPerson(t.db, chen, { partnerOrgId: orgA, name: '吴芳', email: 'wu.fang@hengtong.example' })).personId!;
    const mails = () => t.db.selectFrom('mail_outbox').select('id').where('to_email', '=', 'wu.fang@hengtong.example').execute();
    expect(await mails()).toHaveLength(1);
    expect(await resendPartnerInvitation(t.db, chen, { personId: wuId })).toMatchObject({ mailSent: true, email: 'wu.fang@hengtong.example' });
    expect(await resendPartnerInvitation(t.db, admin, { personId: wuId })).toMatchObject({ mailSent: true });
    expect(await mails()).toHaveLength(3);
    expect(await t.db.selectFrom('audit_log').select('actor_id').where('action', '=', 'partner.invite_resent').where('target_id', '=', wuId).execute()).toHaveLength(2);
    // Not for another organisation's admin, a member or a plain employee; not for someone who has signed in.
    const sunId = (await t.db.selectFrom('person').select('id').where('email', '=', 'sun.qiang@hualian.example').executeTakeFirstOrThrow()).id;
    await expect(resendPartnerInvitation(t.db, (await loadViewer(t.db, sunId))!, { personId: wuId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(resendPartnerInvitation(t.db, (await loadViewer(t.db, wuId))!, { personId: wuId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(resendPartnerInvitation(t.db, employee, { personId: wuId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(resendPartnerInvitation(t.db, admin, { personId: employee.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(resendPartnerInvitation(t.db, admin, { personId: 'nope' })).rejects.toMatchObject({ code: 'INVALID' });
    await t.db.updateTable('person').set({ last_seen_at: new Date() }).where('id', '=', wuId).execute();
    await expect(resendPartnerInvitation(t.db, chen, { personId: wuId })).rejects.toMatchObject({ code: 'INVALID', messageKey: 'admin.partners.errors.resendSignedIn' });
    expect(await mails()).toHaveLength(3);
  });

  it('suspending an organisation ends its sessions', async () => {
    const sunId = (await t.db.selectFrom('person').select('id').where('email', '=', 'sun.qiang@hualian.example').executeTakeFirstOrThrow()).id;
    await insertSession(t.db, sunId);
    await updatePartnerOrg(t.db, admin, { partnerOrgId: orgB, name: '华联商贸', nameEn: 'Hualian Trading', type: 'distributor', status: 'suspended' });
    expect(await t.db.selectFrom('auth_session').select('token_hash').where('person_id', '=', sunId).execute()).toHaveLength(0);
    expect(await loadViewer(t.db, sunId)).toBeNull();
    await expect(invitePartnerPerson(t.db, admin, { partnerOrgId: orgB, name: 'x', email: 'x@hualian.example' })).rejects.toMatchObject({ messageKey: 'admin.partners.errors.orgSuspended' });
  });
  it('a partner admin cannot probe who exists, claim company addresses, or invite without limit', async () => {
    const chen = (await loadViewer(t.db, await insertPerson(t.db, { email: 'prober@hengtong.example', name: '探', partnerOrgId: orgA, roles: ['partner_admin'] })))!;
    // An address already in Plaza (an employee's, or another organisation's person): the same answer as a new one, nothing created, no mail.
    const before = await t.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const probe = await invitePartnerPerson(t.db, chen, { partnerOrgId: orgA, name: 'x', email: 'chen.gang@hengtong.example' });
    expect(probe).toEqual({ personId: null, email: 'chen.gang@hengtong.example', mailSent: true });
    const after = await t.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    await expect(invitePartnerPerson(t.db, chen, { partnerOrgId: orgA, name: 'x', email: 'emp@xinghai.example' }))
      .rejects.toMatchObject({ details: { fieldErrors: { email: { key: 'admin.partners.errors.companyDomain' } } } });
    // At most INVITES_PER_HOUR per inviter, refused attempts included.
    for (let i = 0; i < INVITES_PER_HOUR - 1; i++) await recordAudit(t.db, { actor: chen, action: 'partner.invite', target: { type: 'person' } });
    await expect(invitePartnerPerson(t.db, chen, { partnerOrgId: orgA, name: 'y', email: 'y@hengtong.example' })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});
