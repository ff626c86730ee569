import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertSession, insertUnit } from '@/db/seed/factories';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { createEmployee, deactivatePerson, grantRole, reactivatePerson, revokeRole, updatePerson } from './mutations';
import { getPersonForAdmin, listPeopleForAdmin, searchDirectory } from './queries';

let t: TestDb;
let admin: Viewer;
let employee: Viewer;
let partner: Viewer;
let hq: string;
let prod: string;
let team: string;
let partnerPersonId: string;

beforeAll(async () => {
  t = await createTestDb();
  hq = await insertUnit(t.db, { name: '总部', nameEn: 'Headquarters' });
  prod = await insertUnit(t.db, { name: '生产部', nameEn: 'Production', parentId: hq });
  team = await insertUnit(t.db, { name: '装配一组', nameEn: 'Assembly Team 1', parentId: prod });
  admin = (await loadViewer(t.db, await insertPerson(t.db, { email: 'wang.lei@xinghai.example', name: '王磊', nameEn: 'Wang Lei', unitId: hq, roles: ['admin'] })))!;
  employee = (await loadViewer(t.db, await insertPerson(t.db, { email: 'liu.yang@xinghai.example', name: '刘洋', nameEn: 'Liu Yang', unitId: team, position: '装配技工' })))!;
  await insertPerson(t.db, { email: 'zhao.min@xinghai.example', name: '赵敏', unitId: team, status: 'deactivated' });
  const org = await insertPartnerOrg(t.db, { name: '恒通精密零件', nameEn: 'Hengtong', type: 'supplier' });
  partnerPersonId = await insertPerson(t.db, { email: 'chen.gang@hengtong.example', name: '陈刚', partnerOrgId: org, roles: ['partner_admin'] });
  partner = (await loadViewer(t.db, partnerPersonId))!;
});
afterAll(() => t.drop());

describe('directory search', () => {
  it('finds people by Chinese name, English name, e-mail, position and unit', async () => {
    expect((await searchDirectory(t.db, employee, { q: '刘洋' })).items.map((p) => p.email)).toEqual(['liu.yang@xinghai.example']);
    expect((await searchDirectory(t.db, employee, { q: 'liu yang' })).items.map((p) => p.email)).toEqual(['liu.yang@xinghai.example']);
    expect((await searchDirectory(t.db, employee, { q: 'WANG.LEI@' })).items.map((p) => p.email)).toEqual(['wang.lei@xinghai.example']);
    expect((await searchDirectory(t.db, employee, { q: '装配技工' })).items).toHaveLength(1);
    expect((await searchDirectory(t.db, employee, { q: 'assembly' })).items.map((p) => p.email)).toEqual(['liu.yang@xinghai.example']);
    expect((await searchDirectory(t.db, employee, { unitId: prod })).items.map((p) => p.email)).toEqual(['liu.yang@xinghai.example']);
    // Wildcards are literal.
    expect((await searchDirectory(t.db, employee, { q: '%' })).items).toHaveLength(0);
  });

  it('shows employees to employees, partner people to admins only, never deactivated people; partners get NOT_FOUND', async () => {
    const forEmployee = await searchDirectory(t.db, employee, {});
    expect(forEmployee.items.map((p) => p.email).sort()).toEqual(['liu.yang@xinghai.example', 'wang.lei@xinghai.example']);
    expect(forEmployee.items.every((p) => p.roles.length === 0)).toBe(true);
    const forAdmin = await searchDirectory(t.db, admin, {});
    expect(forAdmin.items.map((p) => p.email)).toContain('chen.gang@hengtong.example');
    expect(forAdmin.items.map((p) => p.email)).not.toContain('zhao.min@xinghai.example');
    await expect(searchDirectory(t.db, partner, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pages with totals', async () => {
    for (let i = 0; i < 30; i++) await insertPerson(t.db, { email: `page${i}@xinghai.example`, name: `翻页${String(i).padStart(2, '0')}`, unitId: hq });
    const p1 = await searchDirectory(t.db, employee, { q: '翻页' });
    const p2 = await searchDirectory(t.db, employee, { q: '翻页', page: '2' });
    expect(p1).toMatchObject({ total: 30, hasNext: true });
    expect(p1.items).toHaveLength(25);
    expect(p2.items).toHaveLength(5);
    expect(p2.hasNext).toBe(false);
  });

  it('lists everyone for admins with kind and status filters; others are refused', async () => {
    expect((await listPeopleForAdmin(t.db, admin, { status: 'deactivated' })).items.map((p) => p.email)).toEqual(['zhao.min@xinghai.example']);
    expect((await listPeopleForAdmin(t.db, admin, { kind: 'partner' })).items.map((p) => p.email)).toEqual(['chen.gang@hengtong.example']);
    await expect(listPeopleForAdmin(t.db, employee, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(listPeopleForAdmin(t.db, partner, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPersonForAdmin(t.db, partner, employee.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('people administration', () => {
  it('creates an employee (origin admin) and refuses a taken e-mail', async () => {
    const { id } = await createEmployee(t.db, admin, { name: ' 新员工 ', email: ' New.Hire@Xinghai.example ', unitId: team, position: '技工', level: 'P2' });
    const p = await getPersonForAdmin(t.db, admin, id);
    expect(p).toMatchObject({ name: '新员工', email: 'new.hire@xinghai.example', origin: 'admin', unitPath: '总部 / 生产部 / 装配一组', kind: 'employee' });
    await expect(createEmployee(t.db, admin, { name: 'x', email: 'NEW.HIRE@xinghai.example', unitId: team })).rejects.toMatchObject({ code: 'CONFLICT', details: { fieldErrors: { email: { key: 'admin.people.errors.emailTaken' } } } });
    await expect(createEmployee(t.db, admin, { name: 'x', email: 'Bob <bob@x.example>', unitId: team })).rejects.toMatchObject({ code: 'INVALID', details: { fieldErrors: { email: { key: 'errors.validation.emailInvalid' } } } });
    await expect(createEmployee(t.db, employee, { name: 'x', email: 'x@x.example', unitId: team })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('edits a person and records what changed', async () => {
    await updatePerson(t.db, admin, { personId: employee.id, name: '刘洋', nameEn: 'Liu Yang', email: 'liu.yang@xinghai.example', unitId: prod, position: '班长', level: 'P4' });
    const p = await getPersonForAdmin(t.db, admin, employee.id);
    expect(p).toMatchObject({ unitId: prod, position: '班长', level: 'P4' });
    const a = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'person.update').executeTakeFirstOrThrow();
    expect(a.details).toMatchObject({ changes: { unit_id: { from: team, to: prod }, position: { from: '装配技工', to: '班长' } } });
  });

  it('grants and revokes roles, but an admin cannot drop their own admin role', async () => {
    await grantRole(t.db, admin, { personId: employee.id, role: 'comms_officer' });
    expect((await getPersonForAdmin(t.db, admin, employee.id)).roles).toEqual(['comms_officer']);
    await revokeRole(t.db, admin, { personId: employee.id, role: 'comms_officer' });
    expect((await getPersonForAdmin(t.db, admin, employee.id)).roles).toEqual([]);
    await expect(revokeRole(t.db, admin, { personId: admin.id, role: 'admin' })).rejects.toMatchObject({ code: 'INVALID', messageKey: 'admin.people.errors.ownAdminRole' });
    await expect(grantRole(t.db, admin, { personId: employee.id, role: 'partner_admin' })).rejects.toMatchObject({ code: 'INVALID' });
    const actions = (await t.db.selectFrom('audit_log').select('action').where('action', 'like', 'role.%').orderBy('id').execute()).map((r) => r.action);
    expect(actions).toEqual(['role.grant', 'role.revoke']);
  });

  it('deactivation ends every session at once; reactivation restores the person', async () => {
    await insertSession(t.db, employee.id);
    await insertSession(t.db, employee.id);
    await deactivatePerson(t.db, admin, { personId: employee.id });
    const sessions = await t.db.selectFrom('auth_session').select('token_hash').where('person_id', '=', employee.id).execute();
    expect(sessions).toHaveLength(0);
    expect(await loadViewer(t.db, employee.id)).toBeNull();
    const p = await getPersonForAdmin(t.db, admin, employee.id);
    expect(p.status).toBe('deactivated');
    expect(p.deactivatedAt).toBeInstanceOf(Date);
    const a = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'person.deactivate').executeTakeFirstOrThrow();
    expect(a.details).toMatchObject({ sessionsEnded: 2 });
    await expect(deactivatePerson(t.db, admin, { personId: admin.id })).rejects.toMatchObject({ messageKey: 'admin.people.errors.deactivateSelf' });
    await reactivatePerson(t.db, admin, { personId: employee.id });
    expect((await getPersonForAdmin(t.db, admin, employee.id)).status).toBe('active');
  });
});
