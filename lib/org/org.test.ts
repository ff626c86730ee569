import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { addUnitHead, createUnit, deleteUnit, moveUnit, removeUnitHead, renameUnit } from './mutations';
import { searchPicker } from '@/lib/pickers/queries';
import { listOrgLevel } from './queries';

let t: TestDb;
let admin: Viewer;
let employee: Viewer;
let partner: Viewer;
let hq: string;

async function closure() {
  const { rows } = await sql<{ a: string; d: string; depth: number }>`
    select a.name as a, d.name as d, c.depth from org_unit_closure c
    join org_unit a on a.id = c.ancestor_id join org_unit d on d.id = c.descendant_id
    order by a.name, d.name`.execute(t.db);
  return rows.map((r) => `${r.a}>${r.d}:${r.depth}`).sort();
}

/** What the closure table must hold, recomputed from parent_id with a recursive query. */
async function expectedClosure() {
  const { rows } = await sql<{ a: string; d: string; depth: number }>`
    with recursive walk(ancestor_id, descendant_id, depth) as (
      select id, id, 0 from org_unit
      union all
      select w.ancestor_id, u.id, w.depth + 1 from walk w join org_unit u on u.parent_id = w.descendant_id
    )
    select a.name as a, d.name as d, w.depth from walk w join org_unit a on a.id = w.ancestor_id join org_unit d on d.id = w.descendant_id`.execute(t.db);
  return rows.map((r) => `${r.a}>${r.d}:${r.depth}`).sort();
}

beforeAll(async () => {
  t = await createTestDb();
  hq = await insertUnit(t.db, { name: '总部', nameEn: 'HQ' });
  const adminId = await insertPerson(t.db, { email: 'admin@x.example', unitId: hq, roles: ['admin'] });
  const empId = await insertPerson(t.db, { email: 'emp@x.example', unitId: hq });
  const org = await insertPartnerOrg(t.db, { name: '伙伴', type: 'supplier' });
  const partnerId = await insertPerson(t.db, { email: 'p@partner.example', partnerOrgId: org, roles: ['partner_admin'] });
  admin = (await loadViewer(t.db, adminId))!;
  employee = (await loadViewer(t.db, empId))!;
  partner = (await loadViewer(t.db, partnerId))!;
});
afterAll(() => t.drop());

/** A unit by name, as the editor opens it (listOrgLevel: its row among the levels down to it). */
async function unitNamed(name: string) {
  const { id } = await t.db.selectFrom('org_unit').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return (await listOrgLevel(t.db, admin, id)).opened!;
}

describe('org tree', () => {
  it('creates units and keeps the closure table complete', async () => {
    const east = await createUnit(t.db, admin, { parentId: hq, name: '华东区', nameEn: 'East' });
    const prod = await createUnit(t.db, admin, { parentId: east.id, name: '生产部', nameEn: 'Production' });
    const team = await createUnit(t.db, admin, { parentId: prod.id, name: '装配一组' });
    expect(await closure()).toEqual(await expectedClosure());
    expect(await closure()).toContain('总部>装配一组:3');
    const level = await listOrgLevel(t.db, admin, team.id);
    expect(level.rows.map((u) => `${u.depth}:${u.name}`)).toEqual(['0:总部', '1:华东区', '2:生产部', '3:装配一组']);
    expect(level.rows[0].memberCount).toBe(2);
    const options = await searchPicker(t.db, employee, 'unit', { q: '装配一组' }, 'zh-CN');
    expect(options.map((o) => o.hint)).toEqual(['总部 / 华东区 / 生产部 / 装配一组']);
  });

  it('refuses a duplicate sibling name and names with a slash', async () => {
    await expect(createUnit(t.db, admin, { parentId: hq, name: '华东区' })).rejects.toMatchObject({ code: 'CONFLICT', details: { fieldErrors: { name: { key: 'admin.org.errors.nameTaken' } } } });
    await expect(createUnit(t.db, admin, { parentId: hq, name: 'a/b' })).rejects.toMatchObject({ code: 'INVALID' });
  });

  it('moves a subtree and rebuilds its ancestors', async () => {
    const south = await createUnit(t.db, admin, { parentId: hq, name: '华南区' });
    const prod = await unitNamed('生产部');
    await moveUnit(t.db, admin, { unitId: prod.id, newParentId: south.id });
    expect(await closure()).toEqual(await expectedClosure());
    expect(await closure()).toContain('华南区>装配一组:2');
    expect(await closure()).not.toContain('华东区>装配一组:2');
    // To the top level and back again.
    await moveUnit(t.db, admin, { unitId: prod.id, newParentId: null });
    expect(await closure()).toEqual(await expectedClosure());
    expect(await closure()).not.toContain('总部>生产部:1');
    await moveUnit(t.db, admin, { unitId: prod.id, newParentId: hq });
    expect(await closure()).toEqual(await expectedClosure());
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'unit.move').execute();
    expect(audit).toHaveLength(3);
  });

  it('refuses to move a unit under itself or its own subtree', async () => {
    const prod = await unitNamed('生产部');
    const team = await unitNamed('装配一组');
    await expect(moveUnit(t.db, admin, { unitId: prod.id, newParentId: team.id })).rejects.toMatchObject({ code: 'INVALID', details: { fieldErrors: { newParentId: { key: 'admin.org.errors.moveIntoOwnSubtree' } } } });
    await expect(moveUnit(t.db, admin, { unitId: prod.id, newParentId: prod.id })).rejects.toMatchObject({ code: 'INVALID' });
    expect(await closure()).toEqual(await expectedClosure());
  });

  it('renames with an audit entry', async () => {
    const prod = await unitNamed('生产部');
    await renameUnit(t.db, admin, { unitId: prod.id, name: '生产中心', nameEn: 'Production Centre' });
    const row = await t.db.selectFrom('org_unit').select(['name', 'name_en']).where('id', '=', prod.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: '生产中心', name_en: 'Production Centre' });
    const a = await t.db.selectFrom('audit_log').select(['details']).where('action', '=', 'unit.rename').executeTakeFirstOrThrow();
    expect(a.details).toMatchObject({ from: { name: '生产部' }, to: { name: '生产中心' } });
  });

  it('refuses to delete a unit with sub-units or people, deletes an empty one', async () => {
    const prod = await unitNamed('生产中心');
    const team = await unitNamed('装配一组');
    await expect(deleteUnit(t.db, admin, { unitId: prod.id })).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'admin.org.errors.hasChildren' });
    const worker = await insertPerson(t.db, { unitId: team.id, status: 'deactivated' });
    await expect(deleteUnit(t.db, admin, { unitId: team.id })).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'admin.org.errors.hasPeople' });
    await t.db.deleteFrom('person').where('id', '=', worker).execute();
    await deleteUnit(t.db, admin, { unitId: team.id });
    expect(await closure()).toEqual(await expectedClosure());
    expect(await closure()).not.toContain('总部>装配一组:3');
  });

  it('assigns and removes unit heads (active employees only)', async () => {
    const prod = await unitNamed('生产中心');
    await addUnitHead(t.db, admin, { unitId: prod.id, email: ' EMP@x.example ' });
    expect((await unitNamed('生产中心')).heads.map((h) => h.email)).toEqual(['emp@x.example']);
    await expect(addUnitHead(t.db, admin, { unitId: prod.id, email: 'p@partner.example' })).rejects.toMatchObject({ code: 'INVALID' });
    await removeUnitHead(t.db, admin, { unitId: prod.id, personId: employee.id });
    expect((await unitNamed('生产中心')).heads).toEqual([]);
    const actions = (await t.db.selectFrom('audit_log').select('action').where('action', 'like', 'unit.head%').execute()).map((r) => r.action);
    expect(actions).toEqual(['unit.head_add', 'unit.head_remove']);
  });

  it('is for admins only: employees FORBIDDEN, partners NOT_FOUND', async () => {
    await expect(createUnit(t.db, employee, { parentId: hq, name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createUnit(t.db, partner, { parentId: hq, name: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listOrgLevel(t.db, partner, null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The org editor's page is not even rendered for employees (issue 7): 403.
    await expect(listOrgLevel(t.db, employee, null)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(deleteUnit(t.db, employee, { unitId: hq })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('org editor, level by level (issue 8)', () => {
  it('opens the tree level by level: roots, then the children of each unit down to the opened one', async () => {
    const root = await createUnit(t.db, admin, { parentId: null, name: '层级根' });
    const a = await createUnit(t.db, admin, { parentId: root.id, name: '层级A' });
    await createUnit(t.db, admin, { parentId: root.id, name: '层级B' });
    const a1 = await createUnit(t.db, admin, { parentId: a.id, name: '层级A1' });
    await createUnit(t.db, admin, { parentId: a1.id, name: '层级A1x' });
    const names = (r: { rows: { name: string }[] }) => r.rows.map((u) => u.name).filter((n) => n.startsWith('层级'));
    const top = await listOrgLevel(t.db, admin, null);
    expect(names(top)).toEqual(['层级根']);
    expect(top.opened).toBeNull();
    expect(top.rows.find((u) => u.name === '层级根')!.childCount).toBe(2);
    const opened = await listOrgLevel(t.db, admin, a.id);
    expect(names(opened)).toEqual(['层级根', '层级A', '层级A1', '层级B']);
    expect(opened.opened?.name).toBe('层级A');
    expect(names(await listOrgLevel(t.db, admin, a1.id))).toEqual(['层级根', '层级A', '层级A1', '层级A1x', '层级B']);
    expect((await listOrgLevel(t.db, admin, 'not-a-uuid')).opened).toBeNull();
    await expect(listOrgLevel(t.db, employee, null)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(listOrgLevel(t.db, partner, null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a head chosen with the person picker (by id)', async () => {
    const unit = await createUnit(t.db, admin, { parentId: hq, name: '选人部' });
    await addUnitHead(t.db, admin, { unitId: unit.id, personId: employee.id });
    expect((await listOrgLevel(t.db, admin, unit.id)).opened!.heads.map((h) => h.email)).toEqual(['emp@x.example']);
    await expect(addUnitHead(t.db, admin, { unitId: unit.id, personId: partner.id })).rejects.toMatchObject({ code: 'INVALID' });
    await expect(addUnitHead(t.db, admin, { unitId: unit.id })).rejects.toMatchObject({ code: 'INVALID' });
  });
});
