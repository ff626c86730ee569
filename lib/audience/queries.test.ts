import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { loadViewer } from '@/lib/authz/load-viewer';
import { audienceMembersSql, audiencesOfViewerSql, countAudienceMembers, countSpecMembers, createAudience, getAudienceSpec, isInAudience } from './queries';
import type { AudienceSpecInput } from './schema';

describe('audiences', () => {
  let t: TestDb;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestDb();
    const db = t.db;
    ids.hq = await insertUnit(db, { name: '总部' });
    ids.east = await insertUnit(db, { name: '华东区', parentId: ids.hq });
    ids.prod = await insertUnit(db, { name: '生产部', parentId: ids.east });
    ids.team = await insertUnit(db, { name: '装配一组', parentId: ids.prod });
    ids.south = await insertUnit(db, { name: '华南区', parentId: ids.hq });
    ids.supplier = await insertPartnerOrg(db, { name: '恒通', type: 'supplier' });
    ids.customer = await insertPartnerOrg(db, { name: '启明', type: 'customer' });
    ids.suspended = await insertPartnerOrg(db, { name: '停用伙伴', type: 'other', status: 'suspended' });
    ids.admin = await insertPerson(db, { email: 'admin@x.example', unitId: ids.hq, roles: ['admin'] });
    ids.comms = await insertPerson(db, { email: 'comms@x.example', unitId: ids.hq, roles: ['comms_officer'] });
    ids.head = await insertPerson(db, { email: 'head@x.example', unitId: ids.prod, headOf: [ids.prod] });
    ids.worker = await insertPerson(db, { email: 'worker@x.example', unitId: ids.team });
    ids.southie = await insertPerson(db, { email: 'south@x.example', unitId: ids.south });
    ids.gone = await insertPerson(db, { email: 'gone@x.example', unitId: ids.team, status: 'deactivated' });
    ids.supAdmin = await insertPerson(db, { email: 'a@supplier.example', partnerOrgId: ids.supplier, roles: ['partner_admin'] });
    ids.supMember = await insertPerson(db, { email: 'm@supplier.example', partnerOrgId: ids.supplier });
    ids.custMember = await insertPerson(db, { email: 'm@customer.example', partnerOrgId: ids.customer });
    ids.suspMember = await insertPerson(db, { email: 'm@suspended.example', partnerOrgId: ids.suspended });
  });
  afterAll(() => t.drop());

  async function members(spec: AudienceSpecInput): Promise<string[]> {
    const id = await createAudience(t.db, spec);
    const { rows } = await sql<{ person_id: string }>`${audienceMembersSql(id)}`.execute(t.db);
    return rows.map((r) => r.person_id).sort();
  }
  const sorted = (...keys: string[]) => keys.map((k) => ids[k]).sort();

  it('everyone means all active employees, never partners or deactivated people', async () => {
    expect(await members({ everyone: true })).toEqual(sorted('admin', 'comms', 'head', 'worker', 'southie'));
  });

  it('a unit with sub-units reaches its whole subtree; without, only its own people', async () => {
    expect(await members({ units: [{ unitId: ids.east, includeSubUnits: true }] })).toEqual(sorted('head', 'worker'));
    expect(await members({ units: [{ unitId: ids.prod, includeSubUnits: false }] })).toEqual(sorted('head'));
  });

  it('roles, named people and partner organisations', async () => {
    expect(await members({ roles: ['unit_head'] })).toEqual(sorted('head'));
    expect(await members({ roles: ['comms_officer', 'admin'] })).toEqual(sorted('admin', 'comms'));
    expect(await members({ people: [ids.southie, ids.gone] })).toEqual(sorted('southie'));
    expect(await members({ partnerOrgs: [ids.supplier] })).toEqual(sorted('supAdmin', 'supMember'));
    expect(await members({ partnerOrgs: [ids.suspended] })).toEqual([]);
    expect(await members({ roles: ['partner_admin'] })).toEqual(sorted('supAdmin'));
  });

  it('rejects an empty audience and reports one that resolves to nobody', async () => {
    await expect(createAudience(t.db, {})).rejects.toThrow(/announcements.errors.audienceEmpty/);
    expect(await countSpecMembers(t.db, { partnerOrgs: [ids.suspended] })).toBe(0);
    expect(await countSpecMembers(t.db, { everyone: true, partnerOrgs: [ids.customer] })).toBe(6);
  });

  it('round-trips a spec', async () => {
    const spec = { everyone: false, units: [{ unitId: ids.east, includeSubUnits: false }], roles: ['unit_head' as const], people: [ids.worker], partnerOrgs: [ids.customer] };
    const id = await createAudience(t.db, spec);
    expect(await getAudienceSpec(t.db, id)).toEqual(spec);
    expect(await countAudienceMembers(t.db, id)).toBe(3);
  });

  it('answers "is this viewer in the audience" the same way as the member list', async () => {
    const specs: AudienceSpecInput[] = [
      { everyone: true },
      { units: [{ unitId: ids.east, includeSubUnits: true }] },
      { units: [{ unitId: ids.prod, includeSubUnits: false }] },
      { roles: ['unit_head'] },
      { roles: ['partner_admin'] },
      { partnerOrgs: [ids.supplier] },
      { people: [ids.custMember] },
    ];
    for (const spec of specs) {
      const audienceId = await createAudience(t.db, spec);
      const { rows } = await sql<{ person_id: string }>`${audienceMembersSql(audienceId)}`.execute(t.db);
      const expected = new Set(rows.map((r) => r.person_id));
      for (const key of ['admin', 'comms', 'head', 'worker', 'southie', 'supAdmin', 'supMember', 'custMember']) {
        const viewer = await loadViewer(t.db, ids[key]);
        expect(viewer, key).not.toBeNull();
        expect(await isInAudience(t.db, audienceId, viewer!), `${key} in ${JSON.stringify(spec)}`).toBe(expected.has(ids[key]));
      }
    }
  });

  it('lists the audiences of a viewer in one query', async () => {
    const a = await createAudience(t.db, { units: [{ unitId: ids.hq, includeSubUnits: true }] });
    const b = await createAudience(t.db, { partnerOrgs: [ids.customer] });
    const worker = (await loadViewer(t.db, ids.worker))!;
    const { rows } = await sql<{ audience_id: string }>`${audiencesOfViewerSql(worker)}`.execute(t.db);
    const mine = new Set(rows.map((r) => r.audience_id));
    expect(mine.has(a)).toBe(true);
    expect(mine.has(b)).toBe(false);
  });

  it('a deactivated person or a suspended partner has no viewer at all', async () => {
    expect(await loadViewer(t.db, ids.gone)).toBeNull();
    expect(await loadViewer(t.db, ids.suspMember)).toBeNull();
  });
});
